variable "ami" {
  description = "AMI"
}

variable "instance_type" {
  description = "Instance Type"
}