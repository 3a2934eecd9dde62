output "aws_spot_fleet_request_default_id" {
  value = aws_spot_fleet_request.default.id
}

//output "fleet_scale_down_arn" {
//  value = "${aws_appautoscaling_policy.scale_down.arn}"
//}
//
//output "fleet_scale_up_arn" {
//  value = "${aws_appautoscaling_policy.scale_up.arn}"
//}

