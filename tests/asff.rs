//! ASFF output: every report in the test table is a `BatchImportFindings` body with one
//! finding per report finding, the fields Security Hub requires, within its length limits,
//! with stable unique ids and the status mapped without ever turning an unknown into a pass.
//! (scripts/test.d/50-live-moto.sh imports these bodies with the real AWS CLI, which checks
//! them against Security Hub's own API model.)

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
use imdsv2_policy::report::{OutputFormat, RenderOptions, render, renderable, try_render};
use serde_json::Value;
use std::collections::BTreeSet;

fn options() -> RenderOptions {
    RenderOptions {
        aws_account_id: Some("111122223333".to_owned()),
        aws_region: Some("eu-west-1".to_owned()),
        timestamp: Some("2026-12-01T09:30:00Z".to_owned()),
        ..RenderOptions::default()
    }
}

const REQUIRED: &[&str] = &[
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Title",
    "Description",
    "Resources",
];

/// The findings of every request body (one a line, at most 100 each).
fn bodies(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for line in text.lines() {
        let body: Value = serde_json::from_str(line).unwrap();
        let findings = body["Findings"].as_array().unwrap();
        assert!(
            !findings.is_empty() && findings.len() <= 100,
            "a body of {}",
            findings.len()
        );
        assert_eq!(
            body.as_object().unwrap().len(),
            1,
            "a body holds `Findings` only"
        );
        out.extend(findings.iter().cloned());
    }
    out
}

fn chars(v: &Value) -> usize {
    v.as_str().unwrap().chars().count()
}

#[test]
fn every_report_is_a_batch_import_body_with_a_finding_per_finding() {
    let mut reports = 0;
    let mut refused = Vec::new();
    for rel in all_inputs() {
        for case in cases(&rel) {
            let report = evaluate(&case);
            let text = match try_render(&report, OutputFormat::Asff, &options()) {
                Ok(text) => text,
                // A real file with a made-up account (`OwnerId` of 10 digits): said, not sent.
                Err(e) if e.message.contains("which is not an account id") => {
                    refused.push(case.key.clone());
                    continue;
                }
                Err(e) => panic!("{}: {e}", case.key),
            };
            assert_eq!(
                text,
                render(&report, OutputFormat::Asff, &options()),
                "deterministic"
            );
            let findings = bodies(&text);
            assert_eq!(findings.len(), report.findings.len(), "{}", case.key);
            let mut ids = BTreeSet::new();
            for (a, f) in findings.iter().zip(&report.findings) {
                for k in REQUIRED {
                    assert!(!a[k].is_null(), "{}: `{k}` missing", case.key);
                }
                assert_eq!(a["SchemaVersion"], "2018-10-08");
                assert!(
                    ids.insert(a["Id"].as_str().unwrap().to_owned()),
                    "{}: Id twice",
                    case.key
                );
                assert!(chars(&a["Id"]) <= 512);
                assert!(chars(&a["Title"]) <= 256);
                assert!(chars(&a["Description"]) <= 1024);
                if let Some(t) = a.pointer("/Remediation/Recommendation/Text") {
                    assert!(chars(t) <= 512);
                }
                let account = a["AwsAccountId"].as_str().unwrap();
                assert!(
                    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()),
                    "{}: account `{account}`",
                    case.key
                );
                let status = a["Compliance"]["Status"].as_str().unwrap();
                assert_eq!(
                    status,
                    match f.status {
                        Status::Pass => "PASSED",
                        Status::Fail => "FAILED",
                        Status::Unknown => "NOT_AVAILABLE",
                    },
                    "{}",
                    case.key
                );
                let workflow = a["Workflow"]["Status"].as_str().unwrap();
                assert_eq!(workflow == "SUPPRESSED", f.suppression.is_some());
                assert!(["NEW", "RESOLVED", "SUPPRESSED"].contains(&workflow));
                assert_eq!(
                    a["Severity"]["Label"],
                    f.severity.as_str().to_ascii_uppercase()
                );
                assert!(
                    ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]
                        .contains(&a["Severity"]["Label"].as_str().unwrap())
                );
                let resources = a["Resources"].as_array().unwrap();
                assert_eq!(resources.len(), 1);
                let r = &resources[0];
                assert!(!r["Id"].as_str().unwrap().is_empty());
                assert!(
                    [
                        "AwsEc2Instance",
                        "AwsEc2LaunchTemplate",
                        "AwsAutoScalingLaunchConfiguration",
                        "AwsAutoScalingAutoScalingGroup",
                        "Other"
                    ]
                    .contains(&r["Type"].as_str().unwrap())
                );
                let fields = a["ProductFields"].as_object().unwrap();
                assert!(fields.len() <= 50, "ASFF takes at most 50 product fields");
                for (k, v) in fields {
                    assert!(k.len() <= 128 && chars(v) <= 2048);
                }
                for t in ["CreatedAt", "UpdatedAt"] {
                    assert_eq!(a[t], "2026-12-01T09:30:00Z");
                }
            }
            reports += 1;
        }
    }
    assert!(reports > 90, "only {reports} reports");
    assert_eq!(
        refused,
        ["corpus/ec2/ssmilecl_devops-interview-tests__exercise1_ec2-describe-instances.json"]
    );
}

#[test]
fn live_findings_carry_their_own_account_and_arn() {
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(common::tests_dir().join("fixtures/live")).unwrap() {
        let path = entry.unwrap().path();
        docs.push((path.display().to_string(), std::fs::read(&path).unwrap()));
    }
    docs.sort();
    let report = common::evaluate_named(&docs).unwrap();
    // No account or region needed: the input says them.
    let opts = RenderOptions {
        timestamp: Some("2026-12-01T09:30:00Z".to_owned()),
        ..RenderOptions::default()
    };
    let text = try_render(&report, OutputFormat::Asff, &opts).unwrap();
    assert_eq!(text.lines().count(), 1, "25 findings: one body");
    let all = bodies(&text);
    let f = all
        .iter()
        .find(|f| {
            f["Resources"][0]["Id"]
                .as_str()
                .unwrap()
                .ends_with("i-0d0d0d0d0d0d0d0d1")
        })
        .unwrap();
    assert_eq!(f["AwsAccountId"], "123456789012");
    assert_eq!(f["Resources"][0]["Region"], "us-east-1");
    assert_eq!(
        f["Resources"][0]["Id"],
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0d0d0d0d0d0d0d0d1"
    );
    assert_eq!(
        f["ProductArn"],
        "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"
    );
    assert_eq!(
        f["Resources"][0]["Details"]["AwsEc2Instance"]["MetadataOptions"]["HttpTokens"],
        "optional"
    );
    insta::assert_snapshot!(
        "asff_live_instances",
        render(&report, OutputFormat::Asff, &opts)
    );
}

#[test]
fn a_plan_needs_the_account_and_region_it_is_imported_into() {
    let report = evaluate(&cases("fixtures/plan/seed_launch_template_asg.json")[0]);
    let mut opts = options();
    opts.aws_account_id = None;
    let e = renderable(&report, OutputFormat::Asff, &opts).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid-options");
    assert!(
        e.message.starts_with("ASFF needs the AWS account of `"),
        "{e}"
    );
    assert!(e.help.as_deref().unwrap().contains("--aws-account-id"));
    // Other formats never need it.
    renderable(&report, OutputFormat::Sarif, &opts).unwrap();

    for (field, value, says) in [
        ("account", "12345", "`12345` is not an AWS account id"),
        ("region", "Europe", "`Europe` is not an AWS region"),
        (
            "time",
            "yesterday",
            "`yesterday` is not an RFC 3339 time in UTC",
        ),
    ] {
        let mut o = options();
        match field {
            "account" => o.aws_account_id = Some(value.to_owned()),
            "region" => o.aws_region = Some(value.to_owned()),
            _ => o.timestamp = Some(value.to_owned()),
        }
        let e = renderable(&report, OutputFormat::Asff, &o).unwrap_err();
        assert_eq!(e.message, says);
    }
    let doc: Value =
        serde_json::from_str(&render(&report, OutputFormat::Asff, &options())).unwrap();
    insta::assert_json_snapshot!("asff_plan", doc);

    let mut o = options();
    o.aws_product_arn =
        Some("arn:aws:securityhub:eu-west-1:111122223333:product/acme/scanner".to_owned());
    let doc: Value = serde_json::from_str(&render(&report, OutputFormat::Asff, &o)).unwrap();
    assert_eq!(
        doc["Findings"][0]["ProductArn"],
        "arn:aws:securityhub:eu-west-1:111122223333:product/acme/scanner"
    );
    o.aws_product_arn = Some("acme".to_owned());
    assert_eq!(
        renderable(&report, OutputFormat::Asff, &o)
            .unwrap_err()
            .message,
        "`acme` is not a Security Hub product ARN"
    );
}

/// A report of 250 findings is three bodies of 100, 100 and 50, ids unique and the same on
/// every run; an address longer than ASFF's 512 characters still gives a short id.
#[test]
fn batches_of_100_and_hashed_ids() {
    let mut report = evaluate(&cases("fixtures/plan/seed_instance.json")[0]);
    let one = report.findings[0].clone();
    report.findings = (0..250)
        .map(|i| {
            let mut f = one.clone();
            f.resource.address = Some(format!(
                "module.m[\"{}\"].aws_instance.web[{i}]",
                "k".repeat(i * 3)
            ));
            f
        })
        .collect();
    let text = render(&report, OutputFormat::Asff, &options());
    let sizes: Vec<usize> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["Findings"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, [100, 100, 50]);
    let all = bodies(&text);
    let ids: BTreeSet<&str> = all.iter().map(|f| f["Id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 250);
    assert!(ids.iter().all(|id| id.len() < 80), "{ids:?}");
    assert_eq!(
        text,
        render(&report, OutputFormat::Asff, &options()),
        "stable"
    );
    // No findings: no body (BatchImportFindings takes at least one finding).
    report.findings.clear();
    assert_eq!(render(&report, OutputFormat::Asff, &options()), "");
}
