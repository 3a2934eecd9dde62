

variable "PROJECT_NAME" {}


