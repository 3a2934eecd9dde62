//! Writes a large, realistic Terraform plan for benchmarks: `--instances N` `aws_instance`s
//! spread over module instances (`module.fleet["a.N"].module.app[K]`), each with the
//! attributes a real aws provider 5.x plan carries, in `planned_values`, `resource_changes`
//! (with `after_unknown` and sensitivity masks) and `prior_state`, plus a `configuration`.
//! 70% of the instances are new with metadata options left to the provider, 10% exist with
//! `optional`, 20% set `required`; every module has a launch template its instances use.
//!
//! cargo run --release --example gen_plan -- --instances 50000 --out target/bench/plan.json

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a developer tool, not library code: it may stop on bad arguments"
)]

use std::fmt::Write as _;
use std::io::Write;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mut instances = 50_000usize;
    let mut out = String::from("target/bench/plan.json");
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--instances" => {
                instances = args[i + 1].parse().expect("--instances takes a number");
                i += 1;
            }
            "--out" => {
                out = args[i + 1].clone();
                i += 1;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 1;
    }
    let doc = generate(instances);
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::File::create(&out)?;
    f.write_all(doc.as_bytes())?;
    eprintln!(
        "wrote {out}: {instances} instances, {:.1} MB",
        doc.len() as f64 / 1e6
    );
    Ok(())
}

/// The plan for `instances` instances, as one line of JSON (as Terraform writes it).
pub fn generate(instances: usize) -> String {
    let per_module = 100;
    let modules = instances.div_ceil(per_module);
    let mut changes = String::new();
    let mut prior = String::new();
    let mut first_change = true;
    let mut first_prior = true;
    let mut child_modules = String::new();
    for m in 0..modules {
        let fleet = format!("a.{}", m / 10);
        let module = format!("module.fleet[\"{fleet}\"].module.app[{}]", m % 10);
        let mut resources = String::new();
        let has_lt = true;
        let count = per_module.min(instances - m * per_module);
        for k in 0..count {
            let n = m * per_module + k;
            let kind = match n % 10 {
                0..=6 => 0, // new, metadata options left to the provider
                7 => 1,     // existing, `optional`
                _ => 2,     // new, `required` in configuration
            };
            let addr = format!("{module}.aws_instance.web[{k}]");
            let id = format!("i-{:017x}", 0x0abc_0000_0000_0000u64 + n as u64);
            let mo = match kind {
                0 => String::new(),
                1 => r#""metadata_options":[{"http_endpoint":"enabled","http_protocol_ipv6":"disabled","http_put_response_hop_limit":1,"http_tokens":"optional","instance_metadata_tags":"disabled"}],"#.to_owned(),
                _ => r#""metadata_options":[{"http_endpoint":"enabled","http_protocol_ipv6":"disabled","http_put_response_hop_limit":2,"http_tokens":"required","instance_metadata_tags":"enabled"}],"#.to_owned(),
            };
            let lt = if has_lt {
                format!(
                    r#""launch_template":[{{"id":"lt-{:017x}","name":"tpl-{m}","version":"$Latest"}}],"#,
                    m
                )
            } else {
                String::new()
            };
            let values = format!(
                r#"{{"ami":"ami-0{n:016x}","arn":"arn:aws:ec2:eu-west-1:123456789012:instance/{id}","associate_public_ip_address":false,"availability_zone":"eu-west-1a","credit_specification":[{{"cpu_credits":"unlimited"}}],"disable_api_termination":false,"ebs_block_device":[],"ebs_optimized":false,"ephemeral_block_device":[],"host_id":"","iam_instance_profile":"web-{m}","id":"{id}","instance_state":"running","instance_type":"t3.micro","ipv6_address_count":0,"ipv6_addresses":[],"key_name":"deploy","launch_template":[],{mo}{lt}"monitoring":false,"network_interface":[],"primary_network_interface_id":"eni-0{n:016x}","private_dns":"ip-10-0-{a}-{b}.eu-west-1.compute.internal","private_ip":"10.0.{a}.{b}","public_dns":"","public_ip":"","root_block_device":[{{"delete_on_termination":true,"device_name":"/dev/xvda","encrypted":true,"iops":3000,"volume_id":"vol-0{n:016x}","volume_size":20,"volume_type":"gp3"}}],"secondary_private_ips":[],"security_groups":[],"source_dest_check":true,"spot_instance_request_id":"","subnet_id":"subnet-0123456789abcdef0","tags":{{"Name":"web-{n}","Team":"platform"}},"tags_all":{{"Name":"web-{n}","Team":"platform"}},"tenancy":"default","user_data":"c2VjcmV0LWluLXVzZXItZGF0YQ==","vpc_security_group_ids":["sg-0123456789abcdef0"]}}"#,
                a = n / 250 % 250,
                b = n % 250 + 1,
                lt = if kind == 0 {
                    lt.clone()
                } else {
                    lt.replace("$Latest", "1")
                },
            );
            let values = if has_lt {
                values.replacen(r#""launch_template":[],"#, "", 1)
            } else {
                values
            };
            // A new instance's computed attributes are unknown: absent from `after` and
            // `planned_values`, marked in `after_unknown`.
            let values = if kind == 1 {
                values
            } else {
                drop_computed(&values)
            };
            let (actions, before, unknown) = match kind {
                0 => (
                    r#"["create"]"#,
                    "null".to_owned(),
                    r#"{"arn":true,"ebs_block_device":true,"host_id":true,"id":true,"instance_state":true,"ipv6_address_count":true,"ipv6_addresses":true,"metadata_options":true,"network_interface":true,"primary_network_interface_id":true,"private_dns":true,"private_ip":true,"public_dns":true,"public_ip":true,"root_block_device":true,"tags_all":true}"#.to_owned(),
                ),
                1 => (r#"["no-op"]"#, values.clone(), "{}".to_owned()),
                _ => (
                    r#"["create"]"#,
                    "null".to_owned(),
                    r#"{"arn":true,"ebs_block_device":true,"host_id":true,"id":true,"instance_state":true,"ipv6_addresses":true,"network_interface":true,"primary_network_interface_id":true,"private_dns":true,"private_ip":true,"public_dns":true,"public_ip":true,"root_block_device":true,"tags_all":true}"#.to_owned(),
                ),
            };
            let sensitive = r#"{"credit_specification":[{}],"ebs_block_device":[],"metadata_options":[{}],"root_block_device":[{}],"tags":{},"tags_all":{},"vpc_security_group_ids":[false]}"#;
            if k > 0 {
                resources.push(',');
            }
            write!(
                resources,
                r#"{{"address":"{}","mode":"managed","type":"aws_instance","name":"web","index":{k},"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":1,"values":{values},"sensitive_values":{sensitive}}}"#,
                json_str(&addr)
            )
            .unwrap();
            if !first_change {
                changes.push(',');
            }
            first_change = false;
            write!(
                changes,
                r#"{{"address":"{}","module_address":"{}","mode":"managed","type":"aws_instance","name":"web","index":{k},"provider_name":"registry.terraform.io/hashicorp/aws","change":{{"actions":{actions},"before":{before},"after":{values},"after_unknown":{unknown},"before_sensitive":{bs},"after_sensitive":{sensitive}}}}}"#,
                json_str(&addr),
                json_str(&module),
                bs = if kind == 1 { sensitive } else { "false" },
            )
            .unwrap();
            if kind == 1 {
                if !first_prior {
                    prior.push(',');
                }
                first_prior = false;
                write!(
                    prior,
                    r#"{{"address":"{}","mode":"managed","type":"aws_instance","name":"web","index":{k},"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":1,"values":{values},"sensitive_values":{sensitive}}}"#,
                    json_str(&addr)
                )
                .unwrap();
            }
        }
        if has_lt {
            let addr = format!("{module}.aws_launch_template.tpl");
            let lt = format!(
                r#"{{"address":"{}","mode":"managed","type":"aws_launch_template","name":"tpl","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{{"arn":"arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-{m:017x}","default_version":1,"id":"lt-{m:017x}","image_id":"ami-0123456789abcdef0","latest_version":1,"metadata_options":[{{"http_endpoint":"enabled","http_protocol_ipv6":"disabled","http_put_response_hop_limit":1,"http_tokens":"required","instance_metadata_tags":"disabled"}}],"name":"tpl-{m}","update_default_version":null}},"sensitive_values":{{}}}}"#,
                json_str(&addr)
            );
            resources.push(',');
            resources.push_str(&lt);
            write!(
                changes,
                r#",{{"address":"{}","module_address":"{}","mode":"managed","type":"aws_launch_template","name":"tpl","provider_name":"registry.terraform.io/hashicorp/aws","change":{{"actions":["no-op"],"before":{{}},"after":{},"after_unknown":{{}}}}}}"#,
                json_str(&addr),
                json_str(&module),
                lt.split_once(r#""values":"#).map(|(_, v)| v.rsplit_once(r#","sensitive_values""#).map(|(v, _)| v).unwrap_or(v)).unwrap()
            )
            .unwrap();
        }
        if m > 0 {
            child_modules.push(',');
        }
        write!(
            child_modules,
            r#"{{"address":"{}","resources":[{resources}]}}"#,
            json_str(&module)
        )
        .unwrap();
    }
    let config = r#"{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","version_constraint":"~> 5.0","expressions":{"region":{"constant_value":"eu-west-1"}}}},"root_module":{"module_calls":{"fleet":{"source":"./fleet","for_each_expression":{"references":["local.fleets"]},"module":{"module_calls":{"app":{"source":"./app","count_expression":{"constant_value":10},"module":{"resources":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_config_key":"app:aws","expressions":{"ami":{"references":["var.ami"]},"instance_type":{"constant_value":"t3.micro"},"launch_template":[{"id":{"references":["aws_launch_template.tpl.id","aws_launch_template.tpl"]},"version":{"constant_value":"$Latest"}}]},"schema_version":1,"count_expression":{"constant_value":100}},{"address":"aws_launch_template.tpl","mode":"managed","type":"aws_launch_template","name":"tpl","provider_config_key":"app:aws","expressions":{"image_id":{"constant_value":"ami-0123456789abcdef0"},"metadata_options":[{"http_endpoint":{"constant_value":"enabled"},"http_put_response_hop_limit":{"constant_value":1},"http_tokens":{"constant_value":"required"}}]},"schema_version":0}]}}}}}}}}"#;
    format!(
        r#"{{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{{"root_module":{{"child_modules":[{child_modules}]}}}},"resource_changes":[{changes}],"prior_state":{{"format_version":"1.0","terraform_version":"1.9.8","values":{{"root_module":{{"resources":[{prior}]}}}}}},"configuration":{config},"timestamp":"2026-11-29T00:00:00Z","applyable":true,"complete":true,"errored":false}}"#
    )
}

fn json_str(s: &str) -> String {
    let q = serde_json::to_string(s).unwrap();
    q[1..q.len() - 1].to_owned()
}

fn drop_computed(values: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(values).unwrap();
    let obj = v.as_object_mut().unwrap();
    for k in [
        "arn",
        "ebs_block_device",
        "host_id",
        "id",
        "instance_state",
        "ipv6_address_count",
        "ipv6_addresses",
        "network_interface",
        "primary_network_interface_id",
        "private_dns",
        "private_ip",
        "public_dns",
        "public_ip",
        "root_block_device",
        "tags_all",
        "secondary_private_ips",
        "security_groups",
        "spot_instance_request_id",
        "tenancy",
        "ephemeral_block_device",
        "credit_specification",
    ] {
        obj.remove(k);
    }
    serde_json::to_string(&v).unwrap()
}
