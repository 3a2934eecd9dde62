
output "fargate-profile-name" {
  value = aws_eks_fargate_profile.fargate_profile.fargate_profile_name
}