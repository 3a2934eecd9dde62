//! The committed JSON Schema of the report is the one the Rust types generate, and every report
//! in the test table is valid against it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{all_inputs, cases, evaluate, tests_dir};

fn committed() -> String {
    std::fs::read_to_string(tests_dir().join("../schema/report.schema.json"))
        .unwrap_or_default()
        .replace("\r\n", "\n")
}

#[test]
fn committed_report_schema_is_current() {
    let generated = imdsv2_policy::report_schema();
    assert!(
        committed() == generated,
        "schema/report.schema.json is stale: the report types changed. Regenerate it with\n\n    \
         cargo run -- schema > schema/report.schema.json\n\nand commit it with the change."
    );
}

#[test]
fn every_report_in_the_table_is_valid_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&imdsv2_policy::report_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for rel in all_inputs() {
        for case in cases(&rel) {
            let report = serde_json::to_value(evaluate(&case)).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&report)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {}", case.key, errors.join("; "));
        }
    }
}
