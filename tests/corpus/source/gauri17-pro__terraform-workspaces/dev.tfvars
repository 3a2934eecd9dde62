ami           = "ami-03a6eaae9938c858c"
instance_type = "t2.small"