provider "aws" {
  region = var.AWS_REGION
}
