//! One account's live documents as one evaluation (tests/fixtures/live/: hand-written from the
//! AWS CLI's documented output; moto cannot make `get-instance-metadata-defaults`). Each
//! expectation was written from shared/domain.md before the tool ran on it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use imdsv2_policy::Options;
use imdsv2_policy::report::model::{Source, Status};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live")
}

fn documents() -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn evaluate(docs: &[(String, Vec<u8>)]) -> imdsv2_policy::Report {
    common::evaluate_named(docs).unwrap()
}

fn row(r: &imdsv2_policy::Report, control: &str, id: &str) -> (Status, Source) {
    let f = r
        .findings
        .iter()
        .find(|f| f.control == control && f.resource.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no {control} finding for {id}"));
    (f.status, f.effective.source)
}

#[test]
fn one_account_joined() {
    let r = evaluate(&documents());
    assert_eq!(r.input.kind.as_str(), "aws-live");
    // Groups: what they will launch, through the version they ask for.
    assert_eq!(
        row(&r, "EC2.8", "web-latest"),
        (Status::Pass, Source::LaunchTemplate)
    );
    assert_eq!(
        row(&r, "EC2.8", "web-default"),
        (Status::Fail, Source::LaunchTemplate)
    );
    assert_eq!(
        row(&r, "EC2.8", "web-pinned"),
        (Status::Pass, Source::LaunchTemplate)
    );
    // The launch configuration sets nothing, the account default is `no-preference`, the AMI
    // has no `ImdsSupport`: EC2's default.
    assert_eq!(
        row(&r, "EC2.8", "legacy"),
        (Status::Fail, Source::AwsDefault)
    );
    // EC2.170 judges the default version, which `$Latest` groups do not launch.
    assert_eq!(row(&r, "EC2.170", "lt-0a1b2c3d4e5f60001").0, Status::Fail);
    assert_eq!(row(&r, "EC2.170", "lt-0a1b2c3d4e5f60002").0, Status::Fail);
    assert_eq!(row(&r, "AutoScaling.3", "legacy-2019").0, Status::Fail);
    assert_eq!(row(&r, "AutoScaling.3", "containers-2023").0, Status::Pass);
    assert_eq!(row(&r, "AutoScaling.4", "containers-2023").0, Status::Fail);
    assert_eq!(row(&r, "AutoScaling.4", "legacy-2019").0, Status::Pass);
    // Every finding names account and region (the template versions and defaults take them
    // from the groups' and configurations' ARNs).
    for f in &r.findings {
        assert_eq!(f.resource.account.as_deref(), Some("123456789012"), "{f:?}");
        assert_eq!(f.resource.region.as_deref(), Some("us-east-1"), "{f:?}");
    }
    // Fixes are AWS CLI commands, never Terraform blocks, for live objects.
    let web = r
        .findings
        .iter()
        .find(|f| f.control == "EC2.8" && f.resource.id.as_deref() == Some("web-default"))
        .unwrap();
    let rem = web.remediation.as_ref().unwrap();
    assert!(rem.terraform.is_none());
    let cli = rem.aws_cli.as_deref().unwrap();
    assert!(cli.contains("create-launch-template-version --launch-template-id lt-0a1b2c3d4e5f60001 --source-version 1"), "{cli}");
    assert!(
        cli.contains(
            "modify-launch-template --launch-template-id lt-0a1b2c3d4e5f60001 --default-version 3"
        ),
        "{cli}"
    );
    assert!(
        cli.contains(
            "start-instance-refresh --auto-scaling-group-name web-default --region us-east-1"
        ),
        "{cli}"
    );
    // A live instance's status is its own; a replacement from its group would allow IMDSv1
    // again, and its fix says so.
    assert_eq!(
        row(&r, "EC2.8", "i-0d0d0d0d0d0d0d0d1"),
        (Status::Fail, Source::Resource)
    );
    assert_eq!(
        row(&r, "EC2.8", "i-0e0e0e0e0e0e0e0e2"),
        (Status::Pass, Source::Resource)
    );
    let i = r
        .findings
        .iter()
        .find(|f| f.resource.id.as_deref() == Some("i-0d0d0d0d0d0d0d0d1"))
        .unwrap();
    let rem = i.remediation.as_ref().unwrap();
    assert!(
        rem.aws_cli
            .as_deref()
            .unwrap()
            .contains("modify-instance-metadata-options --instance-id i-0d0d0d0d0d0d0d0d1")
    );
    assert!(
        rem.notes
            .iter()
            .any(|n| n.contains("Auto Scaling group `web-default`")
                && n.contains("will allow IMDSv1 again")),
        "{:?}",
        rem.notes
    );
    let lc = r
        .findings
        .iter()
        .find(|f| f.control == "AutoScaling.3" && f.resource.id.as_deref() == Some("legacy-2019"))
        .unwrap();
    let rem = lc.remediation.as_ref().unwrap();
    assert!(rem.terraform.is_none() && rem.aws_cli.is_none());
    assert!(rem.notes.iter().any(|n| n.contains("cannot be changed")));
}

/// An account default that requires IMDSv2 decides for the group whose launch configuration
/// sets nothing; the enforcement flag is said where a launch would ask for IMDSv1.
#[test]
fn account_default_and_enforcement() {
    let mut docs: Vec<(String, Vec<u8>)> = documents()
        .into_iter()
        .filter(|(n, _)| !n.ends_with("get-instance-metadata-defaults.json"))
        .collect();
    docs.push((
        "defaults.json".to_owned(),
        br#"{"AccountLevel": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled", "InstanceMetadataTags": "disabled", "HttpTokensEnforced": "enabled", "ManagedBy": "declarative-policy"}}"#.to_vec(),
    ));
    let r = evaluate(&docs);
    assert_eq!(
        row(&r, "EC2.8", "legacy"),
        (Status::Pass, Source::AccountDefault)
    );
    let web = r
        .findings
        .iter()
        .find(|f| f.control == "EC2.8" && f.resource.id.as_deref() == Some("web-default"))
        .unwrap();
    assert_eq!(web.status, Status::Fail);
    assert!(
        web.message.contains("HttpTokensEnforced") && web.message.contains("declarative-policy"),
        "{}",
        web.message
    );
}

/// Pages: an array of response pages, and one page per line, read as the whole response.
#[test]
fn pages_as_array_and_lines() {
    let text =
        std::fs::read_to_string(dir().join("describe-launch-template-versions.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let versions = doc["LaunchTemplateVersions"].as_array().unwrap();
    let page = |v: &[serde_json::Value], token: bool| {
        let mut p = serde_json::json!({ "LaunchTemplateVersions": v });
        if token {
            p["NextToken"] = serde_json::json!("eyJ2IjoxfQ==");
        }
        p
    };
    let pages = [page(&versions[..1], true), page(&versions[1..], false)];
    let array = serde_json::to_vec(&pages).unwrap();
    let lines = format!(
        "{}\n{}\n",
        serde_json::to_string(&pages[0]).unwrap(),
        serde_json::to_string(&pages[1]).unwrap()
    );
    let whole = imdsv2_policy::evaluate(text.as_bytes(), &Options::default()).unwrap();
    for bytes in [array, lines.into_bytes()] {
        let r = imdsv2_policy::evaluate(&bytes, &Options::default()).unwrap();
        assert_eq!(imdsv2_policy::to_json(&r), imdsv2_policy::to_json(&whole));
    }
}

/// Documents of another account never join: a group of account B does not take account A's
/// template of the same name.
#[test]
fn accounts_do_not_join_by_name() {
    let mut docs = documents();
    docs.push((
        "other.json".to_owned(),
        br#"{"AutoScalingGroups": [{"AutoScalingGroupName": "b-web", "AutoScalingGroupARN": "arn:aws:autoscaling:eu-west-1:210987654321:autoScalingGroup:0e0e0e0e-1111-2222-3333-444455556666:autoScalingGroupName/b-web", "LaunchTemplate": {"LaunchTemplateName": "web", "Version": "$Latest"}}]}"#.to_vec(),
    ));
    let r = evaluate(&docs);
    let b = r
        .findings
        .iter()
        .find(|f| f.resource.id.as_deref() == Some("b-web"))
        .unwrap();
    assert_eq!(b.status, Status::Unknown, "{}", b.message);
    assert_eq!(b.resource.account.as_deref(), Some("210987654321"));
}

/// The native command takes a directory and several files as one evaluation.
#[test]
fn cli_takes_a_directory_and_files() {
    let bin = env!("CARGO_BIN_EXE_imdsv2-policy");
    let d = dir();
    let out = std::process::Command::new(bin)
        .args(["check", d.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let from_dir: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<String> = documents().into_iter().map(|(n, _)| n).collect();
    let out = std::process::Command::new(bin)
        .arg("check")
        .args(&files)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let from_files: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_dir, from_files);
    assert_eq!(from_dir["summary"]["fail"], 7);
    // A bad document is an error naming it.
    let bad = std::env::temp_dir().join(format!("imdsv2-live-bad-{}.json", std::process::id()));
    std::fs::write(&bad, b"{\"LaunchConfigurations\": 3}").unwrap();
    let out = std::process::Command::new(bin)
        .args(["check", d.to_str().unwrap(), bad.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&bad);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("imdsv2-live-bad"), "{err}");
}
