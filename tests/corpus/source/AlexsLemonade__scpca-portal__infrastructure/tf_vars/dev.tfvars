api_instance_type = "t2.medium"
