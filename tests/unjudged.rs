//! No input of the table gives `pass` while something that launches instances went unjudged.
//! An oracle written from Terraform's and EC2's formats, independent of the readers, lists the
//! launch subjects each document holds; every one must have a finding (or the verdict must
//! not be `pass`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{all_inputs, cases};
use serde_json::Value;
use std::collections::BTreeSet;

const LAUNCHERS: &[&str] = &[
    "aws_instance",
    "aws_spot_instance_request",
    "aws_autoscaling_group",
    "aws_eks_node_group",
    "aws_ec2_fleet",
    "aws_spot_fleet_request",
    "aws_elastic_beanstalk_environment",
    "aws_emr_cluster",
    "aws_emr_instance_group",
    "aws_emr_instance_fleet",
    "aws_cloud9_environment_ec2",
    "aws_opsworks_instance",
];

/// Whether a resource of type `t` with these attributes makes AWS launch EC2 instances. A
/// Batch compute environment does when it is managed (has `compute_resources`) and not
/// Fargate.
fn launches(t: &str, values: &Value) -> bool {
    if t == "aws_batch_compute_environment" {
        let cr = &values["compute_resources"][0];
        return cr.is_object()
            && !cr["type"]
                .as_str()
                .is_some_and(|k| k.starts_with("FARGATE"));
    }
    LAUNCHERS.contains(&t)
}

fn key_text(index: &Value) -> String {
    match index {
        Value::Number(n) => format!("[{n}]"),
        Value::String(s) => format!("[{}]", serde_json::to_string(s).unwrap()),
        _ => String::new(),
    }
}

/// Launch subjects of a values tree (`planned_values`, state `values`). Terraform 0.12
/// states give child-module resources module-relative addresses without their key
/// (`shared/terraform-json-format.md`): made absolute here as Terraform means them.
fn from_values(m: &Value, out: &mut BTreeSet<String>) {
    let module = m["address"].as_str().unwrap_or_default();
    for r in m["resources"].as_array().into_iter().flatten() {
        let t = r["type"].as_str().unwrap_or_default();
        if r["mode"].as_str() != Some("data")
            && launches(t, &r["values"])
            && let Some(a) = r["address"].as_str()
        {
            let mut a = if module.is_empty() || a.starts_with("module.") {
                a.to_owned()
            } else {
                format!("{module}.{a}")
            };
            if !a.ends_with(']') {
                a.push_str(&key_text(&r["index"]));
            }
            out.insert(a);
        }
    }
    for c in m["child_modules"].as_array().into_iter().flatten() {
        from_values(c, out);
    }
}

/// What a document launches, by address or instance id.
fn launch_subjects(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(changes) = doc["resource_changes"].as_array() {
        for c in changes {
            let t = c["type"].as_str().unwrap_or_default();
            let actions: Vec<&str> = c["change"]["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let gone = actions.contains(&"delete") && !actions.contains(&"create");
            if launches(t, &c["change"]["after"])
                && c["mode"].as_str() != Some("data")
                && c["deposed"].is_null()
                && !gone
                && let Some(a) = c["address"].as_str()
            {
                out.insert(a.to_owned());
            }
        }
    } else if doc["planned_values"].is_object() {
        from_values(&doc["planned_values"]["root_module"], &mut out);
    }
    if doc["values"].is_object() {
        from_values(&doc["values"]["root_module"], &mut out);
    }
    // A raw state file.
    if doc["version"].is_number() {
        for r in doc["resources"].as_array().into_iter().flatten() {
            let t = r["type"].as_str().unwrap_or_default();
            if r["mode"].as_str() != Some("managed") {
                continue;
            }
            let module = r["module"]
                .as_str()
                .map(|m| format!("{m}."))
                .unwrap_or_default();
            for i in r["instances"].as_array().into_iter().flatten() {
                if i["deposed"].is_null() && launches(t, &i["attributes"]) {
                    out.insert(format!(
                        "{module}{t}.{}{}",
                        r["name"].as_str().unwrap_or_default(),
                        key_text(&i["index_key"])
                    ));
                }
            }
        }
    }
    // DescribeInstances: every instance that is not terminated.
    let mut instances = Vec::new();
    let pages: Vec<&Value> = match doc {
        Value::Array(a) => a.iter().collect(),
        d => vec![d],
    };
    for p in pages {
        if p["InstanceId"].is_string() {
            instances.push(p);
        }
        for r in p["Reservations"].as_array().into_iter().flatten() {
            instances.extend(r["Instances"].as_array().into_iter().flatten());
        }
    }
    for i in instances {
        let state = i["State"]["Name"].as_str().unwrap_or_default();
        if !matches!(state, "terminated" | "shutting-down")
            && let Some(id) = i["InstanceId"].as_str()
        {
            out.insert(id.to_owned());
        }
    }
    out
}

#[test]
fn nothing_that_launches_instances_goes_unjudged() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for rel in all_inputs() {
        for case in cases(&rel) {
            // One document per line: each line is its own page.
            let docs: Vec<Value> = serde_json::Deserializer::from_slice(&case.bytes)
                .into_iter::<Value>()
                .filter_map(Result::ok)
                .collect();
            let Ok(report) = imdsv2_policy::evaluate(&case.bytes, &case.options) else {
                continue; // an error is never a pass
            };
            let judged: BTreeSet<String> = report
                .findings
                .iter()
                .map(|f| f.resource.name().to_owned())
                .collect();
            for doc in &docs {
                for s in launch_subjects(doc) {
                    checked += 1;
                    if !judged.contains(&s) {
                        problems.push(format!("{}: `{s}` has no finding", case.key));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "the oracle found only {checked} subjects");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
