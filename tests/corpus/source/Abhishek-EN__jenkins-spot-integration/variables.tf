variable "region" {
  default = "us-west-2"
  description = "change according to need"
}