terraform {
  required_version = ">= 1.1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region                   = var.region
  shared_credentials_files = ["~/.aws/credentials"]
  default_tags {
    tags = {
      "Managed by" = "Terraform"
      "Build"      = "SPOT"
    }
  }
}