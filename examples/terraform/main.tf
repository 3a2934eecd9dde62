# The three Terraform shapes of the article this project started from (a new instance, a
# launch template, an Auto Scaling group), as they are often written before IMDSv2 is
# enforced. `imdsv2-policy check examples/terraform` finds them; `imdsv2-policy fix
# examples/terraform` prints the change, and `--write` makes it.

# 新規EC2インスタンス作成時の設定
resource "aws_instance" "secure_instance" {
  ami           = "ami-0123456789abcdef0" # AMI IDを指定
  instance_type = "t3.micro"

  # その他の必要な設定
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [var.security_group_id]

  tags = {
    Name = "secure-instance"
  }
}

# The article also shows an `aws_instance_metadata_options` resource for an existing
# instance. The AWS provider has no such resource: use the AWS CLI for instances Terraform
# does not manage (see the note in the report).
resource "aws_instance_metadata_options" "existing_instance" {
  instance_id = "i-1234567890abcdef0" # 既存のインスタンスIDを指定

  http_tokens                 = "required"
  http_endpoint               = "enabled"
  http_put_response_hop_limit = 1
  instance_metadata_tags      = "enabled"
}

# Launch Templateを使用する場合の設定
resource "aws_launch_template" "secure_template" {
  name = "secure-launch-template"

  metadata_options {
    # メタデータサービスを有効化
    http_endpoint = "enabled"
    # ホップ制限を1に制限
    http_put_response_hop_limit = 1
    # インスタンスメタデータタグを有効化
    instance_metadata_tags = "enabled"
  }

  # その他の必要な設定
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

# Auto Scaling Groupを使用する場合の設定
resource "aws_autoscaling_group" "secure_asg" {
  name                = "secure-asg"
  desired_capacity    = 1
  max_size            = 3
  min_size            = 1
  target_group_arns   = [var.target_group_arn]
  vpc_zone_identifier = [var.subnet_id]

  launch_template {
    id      = aws_launch_template.secure_template.id
    version = "$Latest"
  }
}

# 必要な変数の定義
variable "subnet_id" {
  type        = string
  description = "Subnet ID where the instance will be launched"
}

variable "security_group_id" {
  type        = string
  description = "Security Group ID for the instance"
}

variable "target_group_arn" {
  type        = string
  description = "Target Group ARN for Auto Scaling Group"
}
