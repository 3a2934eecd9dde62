//! `check plan.json --source DIR`: plan findings placed on the `.tf` block they come from, on
//! real plans with the source they were made from (tests/corpus/plan-source/EXPECTED.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use serde_json::Value;
use std::process::Command;

const DIR: &str = "tests/corpus/plan-source";

fn check(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args([
            "check",
            "--config",
            "none",
            "--format",
            "json",
            "--control",
            "EC2.8",
        ])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code(),
        json,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn places(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let l = &f["location"];
            let at = if l.is_null() {
                String::new()
            } else {
                format!(
                    "{}:{}:{}",
                    l["file"]
                        .as_str()
                        .unwrap()
                        .trim_start_matches(&format!("{DIR}/")),
                    l["line"],
                    l["column"]
                )
            };
            (
                f["resource"]["address"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
                at,
            )
        })
        .collect()
}

#[test]
fn findings_land_on_the_block_in_the_module_that_declares_it() {
    let plan = format!("{DIR}/test_issue-456/plan.out.json");
    let dir = format!("{DIR}/test_issue-456");
    let (code, with, _) = check(&[&plan, "--source", &dir]);
    let (_, without, _) = check(&[&plan]);
    assert_eq!(code, Some(1));
    let got = places(&with);
    assert_eq!(got.len(), 15);
    for (address, status, at) in &got {
        let want = if address.starts_with("aws_instance.server[") {
            "test_issue-456/main.tf:66:1"
        } else if address.starts_with("module.ecr_repository_with_") {
            "test_issue-456/modules/ecr_module/main.tf:36:1"
        } else if address.starts_with("module.other_ecr_repository") {
            "test_issue-456/modules/other_ecr_module/main.tf:36:1"
        } else {
            panic!("unexpected finding {address}")
        };
        assert_eq!(at, want, "{address}");
        assert_eq!(status, "fail", "{address}");
    }
    // Only places are added: statuses, order and counts are the plan's.
    let bare: Vec<(String, String)> = places(&without)
        .into_iter()
        .map(|(a, s, at)| {
            assert_eq!(at, "", "{a} has no place without --source");
            (a, s)
        })
        .collect();
    let placed: Vec<(String, String)> = got.into_iter().map(|(a, s, _)| (a, s)).collect();
    assert_eq!(bare, placed);
    assert_eq!(with["summary"], without["summary"]);
}

#[test]
fn root_blocks_and_their_lines() {
    let (_, r, _) = check(&[
        &format!("{DIR}/actions_regular/plan.out.json"),
        "--source",
        &format!("{DIR}/actions_regular"),
    ]);
    assert_eq!(
        places(&r),
        [
            (
                "aws_instance.changed".to_owned(),
                "fail".to_owned(),
                "actions_regular/main.tf:35:1".to_owned()
            ),
            (
                "aws_instance.unchanged".to_owned(),
                "fail".to_owned(),
                "actions_regular/main.tf:24:1".to_owned()
            ),
        ]
    );
    assert!(
        r["notes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != "source-not-found")
    );
}

#[test]
fn source_that_does_not_match_the_plan_is_said() {
    let (code, r, _) = check(&[
        &format!("{DIR}/test_issue-127/plan.out.json"),
        "--source",
        &format!("{DIR}/test_issue-127"),
    ]);
    assert_eq!(code, Some(1));
    assert!(places(&r).iter().all(|(_, _, at)| at.is_empty()));
    let note = r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "source-not-found")
        .expect("a note names the blocks not found");
    let msg = note["message"].as_str().unwrap();
    assert!(
        msg.contains("`aws_autoscaling_group.example`") && msg.contains("`aws_instance.web`"),
        "{msg}"
    );
}

#[test]
fn source_that_cannot_be_read_stops_the_run() {
    let (code, r, stderr) = check(&[
        &format!("{DIR}/actions_for_each_and_modules/plan.out.json"),
        "--source",
        &format!("{DIR}/actions_for_each_and_modules"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(r.is_null());
    assert!(stderr.starts_with("error[invalid-hcl]: "), "{stderr}");
}
