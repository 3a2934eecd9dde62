//! JUnit output: well-formed XML for every report in the test table, one test case per
//! finding, failures exactly the findings that fail the verdict, and no way for an address
//! to break out of the document.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{all_inputs, cases, evaluate};
use imdsv2_policy::Status;
use imdsv2_policy::report::{OutputFormat, RenderOptions, render};

fn junit(report: &imdsv2_policy::Report) -> String {
    let options = RenderOptions {
        input_name: Some("plan.json".to_owned()),
        ..RenderOptions::default()
    };
    render(report, OutputFormat::Junit, &options)
}

#[test]
fn every_report_is_well_formed_junit_with_a_case_per_finding() {
    let mut reports = 0;
    for rel in all_inputs() {
        for case in cases(&rel) {
            let report = evaluate(&case);
            let xml = junit(&report);
            let doc = roxmltree::Document::parse(&xml)
                .unwrap_or_else(|e| panic!("{}: not XML: {e}", case.key));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "testsuites");
            let testcases: Vec<_> = doc
                .descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            assert_eq!(testcases.len(), report.findings.len(), "{}", case.key);
            let failing = report
                .findings
                .iter()
                .filter(|f| f.suppression.is_none())
                .filter(|f| f.status == Status::Fail || (f.status == Status::Unknown && f.unjudged))
                .count();
            let failures = doc
                .descendants()
                .filter(|n| n.has_tag_name("failure"))
                .count();
            assert_eq!(failures, failing, "{}", case.key);
            assert_eq!(
                root.attribute("failures"),
                Some(failing.to_string().as_str())
            );
            assert_eq!(
                root.attribute("tests"),
                Some(report.findings.len().to_string().as_str())
            );
            // Each case names its finding: suites by control, cases in the report's order.
            let mut by_control: Vec<&imdsv2_policy::Finding> = report.findings.iter().collect();
            by_control.sort_by(|a, b| a.control.cmp(&b.control));
            for (t, f) in testcases.iter().zip(by_control) {
                assert!(
                    t.attribute("name").unwrap().starts_with(f.resource.name()),
                    "{}",
                    case.key
                );
                assert_eq!(t.attribute("classname"), Some(f.control.as_str()));
            }
            // Under --fail-on-unknown every open unknown is a failure too.
            let strict = render(
                &report,
                OutputFormat::Junit,
                &RenderOptions {
                    fail_on_unknown: true,
                    ..RenderOptions::default()
                },
            );
            let strict = roxmltree::Document::parse(&strict).unwrap();
            let open_bad = report
                .findings
                .iter()
                .filter(|f| f.suppression.is_none() && f.status != Status::Pass)
                .count();
            assert_eq!(
                strict
                    .descendants()
                    .filter(|n| n.has_tag_name("failure"))
                    .count(),
                open_bad,
                "{}",
                case.key
            );
            reports += 1;
        }
    }
    assert!(reports >= 80, "only {reports} reports");
}

#[test]
fn an_address_cannot_break_the_document() {
    let plan = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
      {"address":"aws_instance.x[\"</testcase><x a='1'>&\u001b[31m\"]","mode":"managed",
       "type":"aws_instance","name":"x","index":"</testcase><x a='1'>&\u001b[31m",
       "values":{"metadata_options":[{"http_tokens":"optional"}]}}]}}}"#;
    let report = imdsv2_policy::evaluate(plan.as_bytes(), &Default::default()).unwrap();
    let xml = junit(&report);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let t = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(
        t.attribute("name"),
        Some("aws_instance.x[\"</testcase><x a='1'>&\u{FFFD}[31m\"]")
    );
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("x")).count(), 0);
}
