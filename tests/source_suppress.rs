//! Suppressions through the library: inline comments in `.tf` sources, ignore entries in the
//! options (as every host passes them), how they count, and how each output format shows them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::report::model::Verdict;
use imdsv2_policy::report::{OutputFormat, RenderOptions, render};
use imdsv2_policy::{Options, Report, Status, evaluate, evaluate_sources};
use std::collections::BTreeMap;

fn files(text: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("main.tf".to_owned(), text.to_owned())])
}

fn options(json: &str) -> Options {
    Options::from_json(json).unwrap()
}

fn today() -> Options {
    options(r#"{"today": "2026-01-15"}"#)
}

fn finding<'r>(r: &'r Report, name: &str) -> &'r imdsv2_policy::Finding {
    r.findings
        .iter()
        .find(|f| f.resource.name() == name)
        .unwrap_or_else(|| panic!("no finding for `{name}`"))
}

fn note_ids(r: &Report) -> Vec<&str> {
    r.notes.iter().map(|n| n.id.as_str()).collect()
}

const PLAN: &str = r#"{"format_version":"1.2","resource_changes":[
 {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web",
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}},
 {"address":"aws_instance.ok","mode":"managed","type":"aws_instance","name":"ok",
  "change":{"actions":["create"],"after":{"ami":"ami-1","metadata_options":[{"http_tokens":"required"}]},"after_unknown":{}}}]}"#;

#[test]
fn comment_placements_that_count_and_that_do_not() {
    let text = r##"# imdsv2-policy:ignore EC2.8 reason: above, directly
# a second comment line between is fine
resource "aws_instance" "above" {
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "same_line" { // imdsv2-policy:ignore reason: on the opening line
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "nested" {
  ami = "ami-0123456789abcdef0"
  /* imdsv2-policy:ignore EC2.8 reason: in a block comment */
}

# imdsv2-policy:ignore EC2.8 reason: a blank line cuts it off

resource "aws_instance" "detached" {
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "in_a_string" {
  ami       = "ami-0123456789abcdef0"
  user_data = "# imdsv2-policy:ignore EC2.8 reason: just text"
}
"##;
    let r = evaluate_sources(&files(text), &today()).unwrap();
    for name in [
        "aws_instance.above",
        "aws_instance.same_line",
        "aws_instance.nested",
    ] {
        assert!(
            finding(&r, name).suppression.is_some(),
            "`{name}` is not suppressed"
        );
    }
    for name in ["aws_instance.detached", "aws_instance.in_a_string"] {
        assert!(
            finding(&r, name).suppression.is_none(),
            "`{name}` is suppressed"
        );
    }
    let above = finding(&r, "aws_instance.above")
        .suppression
        .as_ref()
        .unwrap();
    assert_eq!(above.reason, "above, directly");
    assert_eq!(
        above.location.as_ref().map(|l| (l.line, l.column)),
        Some((1, 1))
    );
    assert_eq!(
        (r.summary.fail, r.summary.suppressed, r.summary.verdict),
        (2, 3, Verdict::Fail)
    );
    assert!(
        r.notes.iter().any(|n| n.id == "unused-suppression"
            && n.message.contains("main.tf:16 is not on a resource")),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_suppression_on_a_passing_or_unjudged_resource_is_reported_unused() {
    let text = r#"resource "aws_instance" "ok" {
  # imdsv2-policy:ignore reason: not needed any more
  ami = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens = "required"
  }
}

# imdsv2-policy:ignore reason: templates are not judged by EC2.8 themselves
resource "aws_launch_template" "lt" {
  name = "lt"
}
"#;
    // EC2.8 alone: the template is no subject of it, so the suppression is unused.
    let only_ec2_8 = imdsv2_policy::Options {
        controls: Some(vec!["EC2.8".to_owned()]),
        ..today()
    };
    let r = evaluate_sources(&files(text), &only_ec2_8).unwrap();
    assert_eq!((r.summary.pass, r.summary.suppressed), (1, 0));
    // Every control: EC2.170 judges the template, and the suppression applies to it.
    let all = evaluate_sources(&files(text), &today()).unwrap();
    assert_eq!((all.summary.fail, all.summary.suppressed), (0, 1));
    let unused: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.id == "unused-suppression")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(unused.len(), 2, "{unused:?}");
    assert!(
        unused[0].contains("is not needed: `aws_instance.ok` passes"),
        "{unused:?}"
    );
    assert!(
        unused[1].contains("nothing named `aws_launch_template.lt` is judged"),
        "{unused:?}"
    );
}

#[test]
fn ignore_entries_in_the_options_suppress_plan_findings() {
    let o = options(
        r#"{"today": "2026-01-15", "ignore": [
            {"target": "aws_instance.web", "control": "EC2.8", "reason": "replaced next sprint", "expires": "2026-02-01"}
        ]}"#,
    );
    let r = evaluate(PLAN.as_bytes(), &o).unwrap();
    let web = finding(&r, "aws_instance.web");
    assert_eq!(
        web.status,
        Status::Fail,
        "a suppressed finding keeps its status"
    );
    let s = web.suppression.as_ref().unwrap();
    assert_eq!(
        (s.reason.as_str(), s.expires.as_deref()),
        ("replaced next sprint", Some("2026-02-01"))
    );
    assert!(
        web.remediation.is_some(),
        "a suppressed finding keeps its fix"
    );
    assert_eq!(
        (r.summary.fail, r.summary.pass, r.summary.suppressed),
        (0, 1, 1)
    );
    assert_eq!(r.summary.verdict, Verdict::Pass);

    // The day after the expiry the finding counts again, and the report says why.
    let later = options(
        r#"{"today": "2026-02-02", "ignore": [
            {"target": "aws_instance.web", "reason": "replaced next sprint", "expires": "2026-02-01"}
        ]}"#,
    );
    let r = evaluate(PLAN.as_bytes(), &later).unwrap();
    assert_eq!(
        (r.summary.fail, r.summary.suppressed, r.summary.verdict),
        (1, 0, Verdict::Fail)
    );
    assert!(
        finding(&r, "aws_instance.web")
            .message
            .contains("expired on 2026-02-01")
    );
    assert!(note_ids(&r).contains(&"expired-suppression"));
}

#[test]
fn bad_ignore_entries_are_errors() {
    let cases = [
        (
            r#"{"ignore": [{"target": "aws_instance.web", "reason": "  "}]}"#,
            "the ignore entry for `aws_instance.web` has no reason",
            "$.ignore[0].reason",
        ),
        (
            r#"{"ignore": [{"target": "x", "reason": "r"}, {"target": "", "reason": "r"}]}"#,
            "an ignore entry has an empty `target`",
            "$.ignore[1].target",
        ),
        (
            r#"{"ignore": [{"target": "x", "control": "EC2.9", "reason": "r"}]}"#,
            "unknown control `EC2.9`",
            "$.ignore[0].control",
        ),
        (
            r#"{"ignore": [{"target": "x", "reason": "r", "expires": "next week"}]}"#,
            "the expiry date `next week` of the ignore entry for `x` is not a date",
            "$.ignore[0].expires",
        ),
        (
            r#"{"today": "15/01/2026"}"#,
            "invalid options: `today` is `15/01/2026`, not a date",
            "$.today",
        ),
    ];
    for (json, message, path) in cases {
        let e = evaluate(PLAN.as_bytes(), &options(json)).unwrap_err();
        assert_eq!(e.message, message, "{json}");
        assert_eq!(
            e.location.as_ref().and_then(|l| l.path.as_deref()),
            Some(path),
            "{json}"
        );
    }
    let missing = Options::from_json(r#"{"ignore": [{"target": "x"}]}"#).unwrap_err();
    assert!(
        missing.message.contains("missing field `reason`"),
        "{}",
        missing.message
    );
}

#[test]
fn every_output_format_shows_the_suppression() {
    let text = "# imdsv2-policy:ignore EC2.8 expires:2026-12-31 reason: vendor agent needs IMDSv1\nresource \"aws_instance\" \"legacy\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n";
    let r = evaluate_sources(&files(text), &today()).unwrap();
    let opts = RenderOptions {
        color: false,
        input_name: Some("main.tf".to_owned()),
        ..Default::default()
    };

    let json: serde_json::Value =
        serde_json::from_str(&render(&r, OutputFormat::Json, &opts)).unwrap();
    assert_eq!(json["summary"]["suppressed"], 1);
    assert_eq!(json["findings"][0]["suppression"]["kind"], "in-source");
    assert_eq!(json["findings"][0]["suppression"]["expires"], "2026-12-31");

    let text_out = render(&r, OutputFormat::Text, &opts);
    assert!(text_out.contains("SUPPRESSED (1)"), "{text_out}");
    assert!(
        text_out.contains(
            "reason: vendor agent needs IMDSv1, until 2026-12-31, in-source at main.tf:1"
        ),
        "{text_out}"
    );
    assert!(
        !text_out.contains("FAIL ("),
        "a suppressed finding is listed as failing:\n{text_out}"
    );

    let sarif: serde_json::Value =
        serde_json::from_str(&render(&r, OutputFormat::Sarif, &opts)).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let s = &result["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "vendor agent needs IMDSv1");
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "main.tf"
    );

    let github = render(&r, OutputFormat::Github, &opts);
    assert!(
        !github.contains("::error"),
        "a suppressed finding is annotated as an error:\n{github}"
    );
}

/// The same check's suppressions written for other scanners count, with their reason (or
/// one naming the comment), as `scanner-comment`; for the controls that check covers only.
#[test]
fn checkov_tfsec_and_trivy_comments_suppress_the_same_check() {
    let text = r#"
resource "aws_instance" "ck" {
  #checkov:skip=CKV_AWS_79:vendor appliance, IMDSv1 only
  ami = "ami-0123456789abcdef0"
}

# tfsec:ignore:aws-ec2-enforce-http-token-imds
resource "aws_instance" "tf" {
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "tv" {
  # trivy:ignore:AVD-AWS-0028
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "other" {
  # checkov:skip=CKV_AWS_790 another check
  ami = "ami-0123456789abcdef0"
}

# checkov:skip=CKV_AWS_79:old fleet
resource "aws_launch_configuration" "lc" {
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_put_response_hop_limit = 3
  }
}
"#;
    let r = evaluate_sources(&files(text), &today()).unwrap();
    let sup = |name: &str, control: &str| {
        r.findings
            .iter()
            .find(|f| f.resource.name() == name && f.control == control)
            .unwrap_or_else(|| panic!("no {control} finding for {name}"))
            .suppression
            .clone()
    };
    let ck = sup("aws_instance.ck", "EC2.8").unwrap();
    assert_eq!(ck.kind.as_str(), "scanner-comment");
    assert_eq!(ck.reason, "vendor appliance, IMDSv1 only");
    let tf = sup("aws_instance.tf", "EC2.8").unwrap();
    assert_eq!(
        tf.reason,
        "suppressed by tfsec comment `tfsec:ignore:aws-ec2-enforce-http-token-imds`"
    );
    assert!(sup("aws_instance.tv", "EC2.8").is_some());
    assert!(
        sup("aws_instance.other", "EC2.8").is_none(),
        "CKV_AWS_790 is another check"
    );
    // CKV_AWS_79 covers the tokens of a launch configuration, not its hop limit.
    assert!(sup("aws_launch_configuration.lc", "AutoScaling.3").is_some());
    assert!(sup("aws_launch_configuration.lc", "AutoScaling.4").is_none());
}

/// An `imdsv2-policy:ignore` without a reason suppresses nothing and is said at its place;
/// the scan goes on.
#[test]
fn a_directive_without_a_reason_is_reported_and_the_scan_goes_on() {
    let text = "resource \"aws_instance\" \"a\" {\n  # imdsv2-policy:ignore EC2.8\n  ami = \"ami-0123456789abcdef0\"\n}\n\nresource \"aws_instance\" \"b\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n";
    let r = evaluate_sources(&files(text), &today()).unwrap();
    assert_eq!(finding(&r, "aws_instance.a").status, Status::Fail);
    assert!(finding(&r, "aws_instance.a").suppression.is_none());
    assert_eq!(finding(&r, "aws_instance.b").status, Status::Fail);
    let n = r
        .notes
        .iter()
        .find(|n| n.id == "invalid-suppression")
        .unwrap();
    assert!(n.message.contains("main.tf:2:"), "{}", n.message);
    assert!(n.message.contains("has no reason"), "{}", n.message);
}

/// Globs in ignore targets: `module.legacy.*` covers every resource of the module.
#[test]
fn glob_targets() {
    let plan = r#"{"format_version":"1.2","resource_changes":[
 {"address":"module.legacy.aws_instance.a[0]","module_address":"module.legacy","mode":"managed","type":"aws_instance","name":"a","index":0,
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}},
 {"address":"module.legacy.module.db.aws_instance.b","module_address":"module.legacy.module.db","mode":"managed","type":"aws_instance","name":"b",
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}},
 {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web",
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}}]}"#;
    let r = evaluate(
        plan.as_bytes(),
        &options(r#"{"ignore": [{"target": "module.legacy.*", "reason": "retired in Q3"}]}"#),
    )
    .unwrap();
    assert!(
        finding(&r, "module.legacy.aws_instance.a[0]")
            .suppression
            .is_some()
    );
    assert!(
        finding(&r, "module.legacy.module.db.aws_instance.b")
            .suppression
            .is_some()
    );
    assert!(finding(&r, "aws_instance.web").suppression.is_none());
}
