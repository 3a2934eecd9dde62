variable "AWS_REGION" {
  default = "eu-west-2"
}

variable "local_docker_name" {
  default = "trial-batch"
}
