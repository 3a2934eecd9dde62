variable "PROJECT_NAME" {}

variable "local-tags" {
  type = map(string)
}