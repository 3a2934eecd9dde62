#!/usr/bin/env python3
"""Inputs for the benchmarks at the extremes (scripts/bench.sh), written deterministically.

    python3 scripts/gen_extremes.py monorepo OUT.json [MB]     # default 100 MB
    python3 scripts/gen_extremes.py ndjson OUT.jsonl LINES     # DescribeInstances pages

`monorepo`: a plan of a large monorepo, where 1% of the resources launch instances
(`aws_instance` with its launch template) and the rest are what surrounds them: IAM policies
with their JSON documents, security groups with rules, S3 buckets with tags, Lambda functions
with environment variables (marked sensitive), each with `planned_values`, `resource_changes`
(`before`/`after`/`after_unknown`/`after_sensitive`) and `configuration` as Terraform 1.x
writes them, in one line. `ndjson`: one DescribeInstances page per line (the AWS CLI's
`--output json` with `--no-paginate` off, joined by `jq -c`), 25 instances a page.
"""

import json
import sys


def iam_policy(i):
    doc = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": f"S{i}{j}", "Effect": "Allow",
             "Action": [f"s3:GetObject", "s3:ListBucket", "kms:Decrypt", "logs:PutLogEvents"],
             "Resource": [f"arn:aws:s3:::bucket-{i}-{j}", f"arn:aws:s3:::bucket-{i}-{j}/*"]}
            for j in range(4)
        ],
    }
    v = {"name": f"policy-{i}", "path": "/", "description": "service access",
         "policy": json.dumps(doc), "tags": {"team": f"t{i % 40}", "env": "prod"},
         "tags_all": {"team": f"t{i % 40}", "env": "prod", "managed-by": "terraform"}}
    return "aws_iam_policy", f"p{i}", v, {"arn": True, "id": True, "policy_id": True, "attachment_count": True}


def security_group(i):
    rule = lambda port: {"from_port": port, "to_port": port, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"],
                         "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [],
                         "self": False, "description": f"port {port}"}
    v = {"name": f"sg-{i}", "description": "service", "vpc_id": f"vpc-{i % 7:017x}",
         "ingress": [rule(p) for p in (22, 443, 8080)], "egress": [rule(0)],
         "revoke_rules_on_delete": False, "tags": {"Name": f"sg-{i}"}, "tags_all": {"Name": f"sg-{i}"}}
    return "aws_security_group", f"sg{i}", v, {"arn": True, "id": True, "owner_id": True}


def bucket(i):
    v = {"bucket": f"monorepo-bucket-{i}", "force_destroy": False, "object_lock_enabled": False,
         "tags": {"team": f"t{i % 40}", "data": "internal"}, "tags_all": {"team": f"t{i % 40}", "data": "internal"}}
    return "aws_s3_bucket", f"b{i}", v, {"arn": True, "id": True, "bucket_domain_name": True,
                                          "hosted_zone_id": True, "region": True}


def function(i):
    v = {"function_name": f"fn-{i}", "runtime": "python3.12", "handler": "app.handler",
         "memory_size": 256, "timeout": 30, "role": f"arn:aws:iam::123456789012:role/fn-{i}",
         "environment": [{"variables": {"DB_PASSWORD": f"secret-{i}", "STAGE": "prod"}}],
         "tags": {"team": f"t{i % 40}"}, "tags_all": {"team": f"t{i % 40}"}}
    return "aws_lambda_function", f"f{i}", v, {"arn": True, "id": True, "invoke_arn": True,
                                                "qualified_arn": True, "version": True}


def instance(i):
    v = {"ami": "ami-0123456789abcdef0", "instance_type": "m5.large",
         "launch_template": [{"id": None, "name": f"lt-{i}", "version": "$Latest"}],
         "metadata_options": [] if i % 3 else [{"http_tokens": "required", "http_endpoint": "enabled",
                                                "http_put_response_hop_limit": 1}],
         "tags": {"Name": f"app-{i}"}, "tags_all": {"Name": f"app-{i}"}}
    return "aws_instance", f"app{i}", v, {"arn": True, "id": True, "private_ip": True, "public_ip": True}


def template(i):
    v = {"name": f"lt-{i}", "image_id": "ami-0123456789abcdef0", "instance_type": "m5.large",
         "metadata_options": [{"http_tokens": "optional" if i % 2 else "required", "http_endpoint": "enabled",
                               "http_put_response_hop_limit": 2}],
         "update_default_version": True, "tags": {}, "tags_all": {}}
    return "aws_launch_template", f"lt{i}", v, {"arn": True, "id": True, "latest_version": True}


def monorepo(out, target_mb):
    makers = [iam_policy, security_group, bucket, function]
    changes, planned, config = [], [], []
    size = 0
    n = 0
    launches = 0
    while size < target_mb * 1e6:
        if n % 100 == 0:
            items = [instance(launches), template(launches)]
            launches += 1
        else:
            items = [makers[n % 4](n)]
        for rtype, name, values, unknown in items:
            # `count` in a `for_each` module, as generated monorepo modules are written.
            index = int("".join(c for c in name if c.isdigit()))
            block = {"aws_instance": "app", "aws_launch_template": "lt"}.get(rtype, "this")
            mod = f"module.svc[\"s{n % 50}\"]"
            addr = f"{mod}.{rtype}.{block}[{index}]"
            name = block
            sensitive = {"environment": [{"variables": {"DB_PASSWORD": True}}]} if rtype == "aws_lambda_function" else {}
            change = {"address": addr, "module_address": mod, "mode": "managed", "type": rtype, "name": name,
                      "index": index,
                      "provider_name": "registry.terraform.io/hashicorp/aws",
                      "change": {"actions": ["create"], "before": None, "after": values,
                                 "after_unknown": unknown, "before_sensitive": False,
                                 "after_sensitive": sensitive}}
            changes.append(change)
            planned.append({"address": addr, "mode": "managed", "type": rtype, "name": name, "index": index,
                            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
                            "values": values, "sensitive_values": sensitive})
            size += 2 * len(json.dumps(values)) + 600
        n += 1
    # Configuration: one block per resource type, as a module's configuration names them once.
    resources = [{"address": t, "mode": "managed", "type": t, "name": "this",
                  "provider_config_key": "aws", "expressions": {}, "schema_version": 0}
                 for t in ("aws_iam_policy", "aws_security_group", "aws_s3_bucket", "aws_lambda_function")]
    resources.append({"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app",
                      "provider_config_key": "aws",
                      "expressions": {"launch_template": [{"name": {"references": ["aws_launch_template.lt[count.index].name", "aws_launch_template.lt[count.index]", "aws_launch_template.lt", "count.index"]},
                                                           "version": {"constant_value": "$Latest"}}]},
                      "count_expression": {"constant_value": 1},
                      "schema_version": 1})
    resources.append({"address": "aws_launch_template.lt", "mode": "managed", "type": "aws_launch_template", "name": "lt",
                      "provider_config_key": "aws", "expressions": {}, "schema_version": 0})
    doc = {
        "format_version": "1.2", "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"child_modules": [{"address": "module.svc", "resources": planned}]}},
        "resource_changes": changes,
        "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                                      "expressions": {"region": {"constant_value": "eu-west-1"}}}},
                          "root_module": {"module_calls": {"svc": {"source": "./svc", "for_each_expression": {},
                                                                    "module": {"resources": resources}}}}},
        "timestamp": "2026-12-01T09:30:00Z", "applyable": True, "complete": True, "errored": False,
    }
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"{out}: {n + launches} resources, {launches} instances", file=sys.stderr)


def ndjson(out, lines):
    with open(out, "w") as f:
        for p in range(lines):
            page = {"Reservations": [{
                "ReservationId": f"r-{p:017x}", "OwnerId": "123456789012",
                "Instances": [{
                    "InstanceId": f"i-{p * 25 + k:017x}", "ImageId": "ami-0123456789abcdef0",
                    "InstanceType": "m5.large", "State": {"Code": 16, "Name": "running"},
                    "Placement": {"AvailabilityZone": "eu-west-1a", "Tenancy": "default"},
                    "PrivateIpAddress": f"10.{p % 250}.{k}.{p % 200}",
                    "MetadataOptions": {"State": "applied", "HttpTokens": "optional" if k % 4 == 0 else "required",
                                        "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled",
                                        "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"},
                    "Tags": [{"Key": "Name", "Value": f"node-{p}-{k}"}],
                } for k in range(25)],
            }]}
            f.write(json.dumps(page, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "monorepo":
        monorepo(out, float(sys.argv[3]) if len(sys.argv) > 3 else 100)
    elif kind == "ndjson":
        ndjson(out, int(sys.argv[3]))
    else:
        sys.exit(f"unknown kind {kind}")
