//! Source and plan of the same configuration give the same findings: for every folder under
//! `tests/fixtures/paired/`, `check` on its Terraform source (`source/`, or the tree
//! `source.path` names) and `check` on `plan.json` (the plan Terraform would make from it,
//! hand-written in Terraform's format) judge the same subjects, with the same status and the
//! same deciding layer, wherever source alone settles the values.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{Options, Report};
use std::path::PathBuf;

fn rows(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {}",
                f.resource.name(),
                f.status,
                serde_json::to_value(f.effective.source).unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn source_and_plan_agree() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paired");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 2,
        "expected paired cases under {}",
        dir.display()
    );
    for case in cases {
        let source = match std::fs::read_to_string(case.join("source.path")) {
            Ok(rel) => case.join(rel.trim()),
            Err(_) => case.join("source"),
        };
        let files = imdsv2_policy::fix::load_paths(&[source.to_str().unwrap()]).unwrap();
        let from_source = imdsv2_policy::evaluate_sources(&files, &Options::default()).unwrap();
        let plan = std::fs::read(case.join("plan.json")).unwrap();
        let from_plan = imdsv2_policy::evaluate(&plan, &Options::default()).unwrap();
        assert!(
            !from_plan.findings.is_empty(),
            "{}: no findings",
            case.display()
        );
        assert_eq!(
            rows(&from_source),
            rows(&from_plan),
            "{}: source and plan disagree",
            case.display()
        );
        assert_eq!(from_source.summary.verdict, from_plan.summary.verdict);
    }
}
