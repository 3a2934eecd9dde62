
variable "clusterName" {}

variable "local-tags" {
  type = map(string)
}