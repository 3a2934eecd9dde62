//! Inputs the fuzzers found (`tests/fuzz-regressions/TARGET/`), replayed through the same
//! checks the fuzz target runs (`fuzz/src/lib.rs`, included here): no panic, and every
//! invariant the target asserts. Adding a case is adding a file.

#[path = "../fuzz/src/lib.rs"]
#[allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a failed invariant panics: that is how a fuzz target reports it"
)]
mod fuzz;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[test]
fn every_kept_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut failed = Vec::new();
    let mut ran = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let target = dir.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(
            fuzz::TARGETS.contains(&target.as_str()),
            "{} is not named after a fuzz target ({:?})",
            dir.display(),
            fuzz::TARGETS
        );
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "md"))
            .collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            ran += 1;
            if catch_unwind(AssertUnwindSafe(|| fuzz::run(&target, &data))).is_err() {
                failed.push(input.display().to_string());
            }
        }
    }
    eprintln!("{ran} kept inputs replayed");
    assert!(failed.is_empty(), "failed: {failed:#?}");
}

/// The checks can fail: a report whose summary lies, or that passes an unjudged subject, is
/// caught.
#[test]
fn the_report_checks_catch_a_broken_report() {
    let files = fuzz::files(b"module \"m\" {\n  source = \"git::https://example.com/m.git\"\n}\n");
    let report =
        imdsv2_policy::evaluate_sources(&files, &imdsv2_policy::Options::default()).unwrap();
    fuzz::check_report(&report);
    assert!(report.findings.iter().any(|f| f.unjudged));
    let mut passed = report.clone();
    passed.summary.verdict = imdsv2_policy::report::model::Verdict::Pass;
    assert!(catch_unwind(|| fuzz::check_report(&passed)).is_err());
    let mut miscounted = report;
    miscounted.summary.unknown += 1;
    assert!(catch_unwind(|| fuzz::check_report(&miscounted)).is_err());
}
