//! Every control's policy file (`policies/ID.json`): its failing and passing examples give the
//! status they claim, and the control table and the policy files name the same controls.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{Options, controls::CONTROLS, policy};
use std::collections::BTreeMap;

#[test]
fn the_table_and_the_policy_files_agree() {
    let mut table: Vec<&str> = CONTROLS.iter().map(|c| c.id()).collect();
    table.sort_unstable();
    let files: Vec<&str> = policy::all()
        .unwrap()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(table, files);
}

#[test]
fn every_example_gives_its_status() {
    let mut checked = 0;
    for p in policy::all().unwrap() {
        assert!(
            p.examples
                .iter()
                .any(|e| e.status == imdsv2_policy::Status::Pass)
                && p.examples
                    .iter()
                    .any(|e| e.status == imdsv2_policy::Status::Fail),
            "{}: needs a passing and a failing example",
            p.id
        );
        for e in &p.examples {
            let files = BTreeMap::from([("main.tf".to_owned(), e.terraform.clone())]);
            let options = Options {
                controls: Some(vec![p.id.clone()]),
                ..Options::default()
            };
            let r = imdsv2_policy::evaluate_sources(&files, &options)
                .unwrap_or_else(|err| panic!("{} `{}`: {err}", p.id, e.title));
            let findings: Vec<_> = r.findings.iter().filter(|f| f.control == p.id).collect();
            assert_eq!(
                findings.len(),
                1,
                "{} `{}`: {:?}",
                p.id,
                e.title,
                r.findings
            );
            assert_eq!(
                findings[0].status, e.status,
                "{} `{}`: {}",
                p.id, e.title, findings[0].message
            );
            checked += 1;
        }
    }
    assert!(checked >= 10);
}
