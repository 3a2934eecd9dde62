//! Issue 2: "applying each merge patch to the fixture and evaluating again gives pass".
//!
//! For every fail and unknown finding of every fixture and corpus file, the Terraform merge
//! patch (and each alternative) is applied to the target resource's planned values, in
//! `resource_changes[].change.after`, `planned_values` and state `values`, as a new plan or
//! state would show it; the document is evaluated again and the subject must pass. Live
//! instances get their `ModifyInstanceMetadataOptions` request applied instead.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{Case, all_inputs, cases, merge_patch, subject};
use imdsv2_policy::{Finding, InputKind, Report, Status};
use serde_json::{Value, json};

#[test]
fn merge_patch_follows_rfc_7396() {
    // The examples of RFC 7396, appendix A.
    let cases = [
        (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
        (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
        (json!({"a":"b"}), json!({"a":null}), json!({})),
        (
            json!({"a":"b","b":"c"}),
            json!({"a":null}),
            json!({"b":"c"}),
        ),
        (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
        (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
        (
            json!({"a":{"b":"c"}}),
            json!({"a":{"b":"d","c":null}}),
            json!({"a":{"b":"d"}}),
        ),
        (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
        (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
        (json!({"a":"b"}), json!(["c"]), json!(["c"])),
        (json!({"a":"foo"}), json!(null), json!(null)),
        (json!({"a":"foo"}), json!("bar"), json!("bar")),
        (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
        (json!([1, 2]), json!({"a":"b","c":null}), json!({"a":"b"})),
        (
            json!({}),
            json!({"a":{"bb":{"ccc":null}}}),
            json!({"a":{"bb":{}}}),
        ),
    ];
    for (target, patch, want) in cases {
        let mut t = target.clone();
        merge_patch(&mut t, &patch);
        assert_eq!(t, want, "{target} + {patch}");
    }
}

/// Every resource object in the document whose address is `target`, as `(object, key)`
/// where `key` names the field holding its values.
fn visit_values(doc: &mut Value, target: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    fn walk_module(m: &mut Value, parent: &str, target: &str, f: &mut dyn FnMut(&mut Value, &str)) {
        let here = m
            .get("address")
            .and_then(Value::as_str)
            .unwrap_or(parent)
            .to_owned();
        if let Some(rs) = m.get_mut("resources").and_then(Value::as_array_mut) {
            for r in rs {
                if address_of(r, &here) == target {
                    f(r, "values");
                }
            }
        }
        if let Some(cs) = m.get_mut("child_modules").and_then(Value::as_array_mut) {
            for c in cs {
                walk_module(c, &here, target, f);
            }
        }
    }
    for key in ["planned_values", "values"] {
        if let Some(root) = doc.get_mut(key).and_then(|v| v.get_mut("root_module")) {
            walk_module(root, "", target, f);
        }
    }
    if let Some(rcs) = doc
        .get_mut("resource_changes")
        .and_then(Value::as_array_mut)
    {
        for rc in rcs {
            if rc.get("deposed").is_none() && address_of(rc, "") == target {
                f(rc, "change");
            }
        }
    }
}

/// The absolute address of a resource object, rebuilt from its parts when a hand-written file
/// leaves it out, and made absolute for TF 0.12's module-relative state addresses.
fn address_of(r: &Value, module: &str) -> String {
    let key = match r.get("index") {
        Some(Value::Number(n)) => format!("[{n}]"),
        Some(Value::String(s)) => format!("[{}]", Value::String(s.clone())),
        _ => String::new(),
    };
    let local = match r.get("address").and_then(Value::as_str) {
        Some(a) if a.starts_with("module.") => return a.to_owned(),
        Some(a) if a.ends_with(']') || key.is_empty() => a.to_owned(),
        Some(a) => format!("{a}{key}"),
        None => {
            let data = if r.get("mode").and_then(Value::as_str) == Some("data") {
                "data."
            } else {
                ""
            };
            format!(
                "{data}{}.{}{key}",
                r["type"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        }
    };
    if module.is_empty() {
        local
    } else {
        format!("{module}.{local}")
    }
}

/// Applies a merge patch to a resource as the next plan (or state, after apply) would show it.
fn apply(doc: &mut Value, target: &str, patch: &Value) -> usize {
    let mut hits = 0;
    visit_values(doc, target, &mut |r, field| {
        hits += 1;
        if field == "values" {
            let is_template = r["type"] == "aws_launch_template";
            let values = &mut r["values"];
            merge_patch(values, patch);
            if is_template && values.get("latest_version").is_some_and(Value::is_number) {
                // State after apply: a changed template has a new version, which becomes the
                // default only with update_default_version.
                let latest = values["latest_version"].as_i64().unwrap() + 1;
                values["latest_version"] = json!(latest);
                if values["update_default_version"] == json!(true) {
                    values["default_version"] = json!(latest);
                }
            }
            return;
        }
        let is_template = r["type"] == "aws_launch_template";
        let change = &mut r["change"];
        merge_patch(&mut change["after"], patch);
        if change["actions"] == json!(["no-op"]) || change["actions"] == json!(["read"]) {
            change["actions"] = json!(["update"]);
        }
        if is_template && change["actions"] == json!(["update"]) {
            // Terraform plans a new version: its number is known only after apply.
            let after = change["after"].as_object_mut().unwrap();
            after.remove("latest_version");
            let moves_default = after.get("update_default_version") == Some(&json!(true));
            if moves_default {
                after.remove("default_version");
            }
            let unknown = change["after_unknown"].as_object_mut().unwrap();
            unknown.insert("latest_version".into(), json!(true));
            if moves_default {
                unknown.insert("default_version".into(), json!(true));
            }
        }
    });
    hits
}

/// Points a subject that pins a launch template version by number at `$Latest`.
fn follow_pin(doc: &mut Value, subject: &str) {
    visit_values(doc, subject, &mut |r, field| {
        let values = if field == "values" {
            &mut r["values"]
        } else {
            &mut r["change"]["after"]
        };
        for spec in values["launch_template"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            spec["version"] = json!("$Latest");
        }
    });
}

/// Applies a `ModifyInstanceMetadataOptions` request to the instance it names.
fn apply_live(doc: &mut Value, request: &Value) -> usize {
    let id = request["InstanceId"].as_str().unwrap().to_owned();
    let mut hits = 0;
    let mut visit = |i: &mut Value| {
        if i.get("InstanceId").and_then(Value::as_str) == Some(id.as_str()) {
            hits += 1;
            let mo = i
                .as_object_mut()
                .unwrap()
                .entry("MetadataOptions")
                .or_insert_with(|| json!({"State": "pending"}));
            for (k, v) in request.as_object().unwrap() {
                if k != "InstanceId" {
                    mo[k] = v.clone();
                }
            }
        }
    };
    fn walk(v: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
        match v {
            Value::Object(o) => {
                if o.contains_key("InstanceId") {
                    visit(v);
                } else {
                    for (_, c) in o.iter_mut() {
                        walk(c, visit);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, visit)),
            _ => {}
        }
    }
    walk(doc, &mut visit);
    hits
}

fn reevaluate(case: &Case, doc: &Value, jsonl: bool) -> Report {
    let bytes = if jsonl {
        doc.as_array()
            .unwrap()
            .iter()
            .map(|d| serde_json::to_string(d).unwrap() + "\n")
            .collect::<String>()
            .into_bytes()
    } else {
        serde_json::to_vec(doc).unwrap()
    };
    imdsv2_policy::evaluate(&bytes, &case.options).unwrap_or_else(|e| panic!("{}: {e}", case.key))
}

fn finding_for<'r>(report: &'r Report, name: &str) -> Option<&'r Finding> {
    report.findings.iter().find(|f| subject(f) == name)
}

/// The document as JSON; JSON Lines become an array of documents.
fn parse(case: &Case) -> (Value, bool) {
    let (text, _) = imdsv2_policy::read::decode(&case.bytes).unwrap();
    match serde_json::from_str(&text) {
        Ok(v) => (v, false),
        Err(_) => (
            Value::Array(
                serde_json::Deserializer::from_str(&text)
                    .into_iter::<Value>()
                    .map(Result::unwrap)
                    .collect(),
            ),
            true,
        ),
    }
}

#[test]
fn applying_each_fix_makes_its_subject_pass() {
    let mut problems = Vec::new();
    let mut applied = 0usize;
    // Raw state files keep a resource's attributes per instance under `resources[]`, where a
    // merge patch over planned values has no place to go; their fixes are the same blocks as a
    // state's, which the `terraform show -json` states here cover.
    for rel in all_inputs()
        .into_iter()
        .filter(|r| !r.ends_with(".tfstate"))
    {
        for case in cases(&rel) {
            let report = common::evaluate(&case);
            let (doc, jsonl) = parse(&case);
            for f in report.findings.iter().filter(|f| f.status != Status::Pass) {
                let name = subject(f);
                let rem = f
                    .remediation
                    .as_ref()
                    .expect("fail and unknown findings carry a remediation");
                let mut fixes: Vec<(String, String, Value)> = Vec::new();
                if report.input.kind == InputKind::Ec2DescribeInstances {
                    let req = serde_json::to_value(
                        rem.api_request
                            .as_ref()
                            .expect("live instances get an API request"),
                    )
                    .unwrap();
                    fixes.push(("api request".into(), String::new(), req));
                } else {
                    if let Some(t) = &rem.terraform {
                        fixes.push(("terraform".into(), t.target.clone(), t.merge_patch.clone()));
                    }
                    for a in &rem.alternatives {
                        fixes.push((
                            "alternative".into(),
                            a.target.clone(),
                            a.merge_patch.clone(),
                        ));
                    }
                }
                for (what, target, patch) in fixes {
                    let mut patched = doc.clone();
                    let hits = if what == "api request" {
                        apply_live(&mut patched, &patch)
                    } else {
                        apply(&mut patched, &target, &patch)
                    };
                    if what == "terraform"
                        && rem.notes.iter().any(|n| n.contains("version by number"))
                    {
                        // The fix's second step, as its note says: launch the new version.
                        follow_pin(&mut patched, &name);
                    }
                    if hits == 0 {
                        problems.push(format!("{}: {name}: the {what} fix targets `{target}`, which is not in the input", case.key));
                        continue;
                    }
                    applied += 1;
                    let again = reevaluate(&case, &patched, jsonl);
                    match finding_for(&again, &name) {
                        Some(g) if g.status == Status::Pass => {}
                        Some(g) => problems.push(format!(
                            "{}: {name}: after the {what} fix at `{target}` it is still {}: {}",
                            case.key,
                            g.status.as_str(),
                            g.message
                        )),
                        None => problems
                            .push(format!("{}: {name}: gone after the {what} fix", case.key)),
                    }
                }
            }
        }
    }
    assert!(applied > 100, "only {applied} fixes were tried");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
