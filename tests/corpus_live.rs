//! Real live documents from other projects (tests/corpus/live/): cloud-custodian's placebo
//! recordings and fixinventory's collector fixtures, one directory per set, each set one
//! evaluation. Every expectation comes from tests/corpus/EXPECTED-live.md, written by hand
//! from shared/domain.md before the tool ran; where the tool disagrees the assertion is left
//! out (a comment says which) and the disagreement is said there.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use imdsv2_policy::Report;
use imdsv2_policy::report::model::{Source, Status};
use std::path::PathBuf;

use Source::{Ami, AwsDefault, LaunchConfiguration, LaunchTemplate, Resource};
use Status::{Fail, Pass, Unknown};

fn dir(set: &str) -> PathBuf {
    common::tests_dir().join("corpus/live").join(set)
}

/// A file of a set as the tool is given it, with the recorded HTTP status: cloud-custodian's
/// recordings are unwrapped (`common::placebo`), other files are given as they are.
fn document(set: &str, file: &str) -> (u64, Vec<u8>) {
    let bytes = std::fs::read(dir(set).join(file)).unwrap();
    if set.starts_with("custodian-") {
        common::placebo(&bytes, &format!("{set}/{file}"))
    } else {
        (200, bytes)
    }
}

/// Every successful response of a set, sorted by file name.
fn documents(set: &str) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = std::fs::read_dir(dir(set))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|n| {
            let (status, bytes) = document(set, &n);
            (status == 200).then(|| (format!("{set}/{n}"), bytes))
        })
        .collect()
}

fn set(name: &str) -> Report {
    common::evaluate_named(&documents(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each `(control, object id, status, layer)` is the one finding of that control for that
/// object; `total` is how many findings the report has (`None`: not asserted, the tool
/// disagrees on it).
fn expect(r: &Report, rows: &[(&str, &str, Status, Source)], total: Option<usize>) {
    for &(control, id, status, source) in rows {
        let found: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.control == control && f.resource.id.as_deref() == Some(id))
            .collect();
        assert_eq!(found.len(), 1, "{control} findings for {id}: {found:#?}");
        assert_eq!(
            (found[0].status, found[0].effective.source),
            (status, source),
            "{control} {id}: {}",
            found[0].message
        );
    }
    if let Some(n) = total {
        assert_eq!(r.findings.len(), n, "{:#?}", r.findings);
    }
}

/// Every finding names this account (and region, when given).
fn scope_is(r: &Report, account: &str, region: Option<&str>) {
    for f in &r.findings {
        assert_eq!(f.resource.account.as_deref(), Some(account), "{f:#?}");
        if region.is_some() {
            assert_eq!(f.resource.region.as_deref(), region, "{f:#?}");
        }
    }
}

#[test]
fn custodian_asg_invalid_az() {
    let r = set("custodian-asg-invalid-az");
    assert_eq!(r.input.kind.as_str(), "aws-live");
    let lc = "launch-configuration-red20240804090130862100000001";
    expect(
        &r,
        &[
            // `$Latest`: no `describe-launch-templates` says which version that is.
            (
                "EC2.8",
                "asg-(launch-template-no-subnet)-red",
                Unknown,
                LaunchTemplate,
            ),
            ("EC2.8", "asg-launch-config-red", Pass, Ami),
            ("EC2.170", "lt-02c3094a20ba5f667", Fail, LaunchTemplate),
            ("AutoScaling.3", lc, Fail, LaunchConfiguration),
            ("AutoScaling.4", lc, Pass, LaunchConfiguration),
        ],
        Some(5),
    );
    let by_lc = r
        .findings
        .iter()
        .find(|f| f.resource.id.as_deref() == Some("asg-launch-config-red"))
        .unwrap();
    assert_eq!(by_lc.effective.hop_limit, Some(2), "an AMI marked v2.0");
    scope_is(&r, "644160558196", Some("ap-south-1"));
}

#[test]
fn custodian_asg_image_filter_from_lc_and_lt() {
    let r = set("custodian-asg-image-filter-from-lc-and-lt");
    expect(
        &r,
        &[
            ("EC2.8", "custodian-test-asg-1a", Fail, AwsDefault),
            ("EC2.8", "custodian-test-asg-2a", Fail, AwsDefault),
            ("EC2.8", "custodian-test-asg-4a", Fail, AwsDefault),
            ("EC2.170", "lt-234567890abcdef11", Fail, LaunchTemplate),
            (
                "AutoScaling.3",
                "custodian-test-lc-1",
                Fail,
                LaunchConfiguration,
            ),
            (
                "AutoScaling.4",
                "custodian-test-lc-1",
                Pass,
                LaunchConfiguration,
            ),
            (
                "AutoScaling.3",
                "custodian-test-lc-2",
                Fail,
                LaunchConfiguration,
            ),
            (
                "AutoScaling.4",
                "custodian-test-lc-2",
                Pass,
                LaunchConfiguration,
            ),
        ],
        Some(8),
    );
    scope_is(&r, "123456789012", Some("us-east-1"));
}

#[test]
fn custodian_launch_template_query() {
    let r = set("custodian-launch-template-query");
    // Exactly one EC2.170 finding per template (the `describe-launch-templates` document
    // joins the versions by id), both fail on the default version.
    assert_eq!(r.findings.len(), 2);
    for (id, version) in [
        ("lt-0877401c93c294001", "version 3"),
        ("lt-00b3b2755218e3fdd", "version 4"),
    ] {
        let f = r
            .findings
            .iter()
            .find(|f| f.resource.id.as_deref() == Some(id) && f.message.contains(version))
            .unwrap_or_else(|| panic!("no finding on {version} of {id}"));
        assert_eq!(
            (f.control.as_str(), f.status, f.effective.source),
            ("EC2.170", Fail, LaunchTemplate)
        );
    }
    assert!(r.findings.iter().all(|f| f.control == "EC2.170"));
    scope_is(&r, "644160558196", None);
}

#[test]
fn custodian_unused_ami_launch_template() {
    let r = set("custodian-unused-ami-launch-template");
    expect(
        &r,
        &[
            ("EC2.8", "dev", Fail, AwsDefault),
            ("EC2.8", "dev2", Unknown, LaunchTemplate),
            ("EC2.8", "devx", Fail, AwsDefault),
            ("EC2.170", "lt-00b3b2755218e3fdd", Fail, LaunchTemplate),
        ],
        Some(4),
    );
    let dev = r
        .findings
        .iter()
        .find(|f| f.resource.id.as_deref() == Some("dev"))
        .unwrap();
    assert!(
        dev.message.contains("ami-0ac019f4fcb7cb7e6"),
        "the undescribed AMI is said: {}",
        dev.message
    );
    scope_is(&r, "644160558196", Some("us-east-1"));
}

#[test]
fn custodian_unused_keypair() {
    let r = set("custodian-unused-keypair");
    // `i-0ccca83be31e1577b` is in both DescribeInstances recordings: one finding.
    expect(
        &r,
        &[
            ("EC2.8", "dev", Fail, AwsDefault),
            ("EC2.8", "dev2", Unknown, LaunchTemplate),
            ("EC2.8", "devx", Fail, AwsDefault),
            ("EC2.170", "lt-00b3b2755218e3fdd", Fail, LaunchTemplate),
            ("EC2.8", "i-0ccca83be31e1577b", Unknown, Resource),
        ],
        Some(5),
    );
    let instance: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.resource.id.as_deref() == Some("i-0ccca83be31e1577b"))
        .map(|f| (f.control.as_str(), f.status, f.effective.source))
        .collect();
    assert!(!instance.is_empty());
    assert!(
        instance.iter().all(|i| *i == ("EC2.8", Unknown, Resource)),
        "{instance:?}"
    );
}

#[test]
fn custodian_valid_asg_with_launch_templates() {
    let r = set("custodian-valid-asg-with-launch-templates");
    expect(
        &r,
        &[
            ("EC2.8", "test2", Unknown, LaunchTemplate),
            ("EC2.170", "lt-0877401c93c294001", Unknown, LaunchTemplate),
        ],
        Some(2),
    );
}

#[test]
fn custodian_asg_image_age_filter_deleted_config() {
    let name = "custodian-asg-image-age-filter-deleted-config";
    expect(
        &set(name),
        &[("EC2.8", "devx", Unknown, LaunchTemplate)],
        Some(1),
    );
    // The recorded HTTP 400 answer is refused, naming the document.
    let (status, body) = document(name, "ec2.DescribeLaunchTemplateVersions_1.json");
    assert_eq!(status, 400);
    let err = common::evaluate_named(&[("deleted.json".to_owned(), body)]).unwrap_err();
    assert!(err.to_string().contains("deleted.json"), "{err}");
    assert!(
        err.to_string()
            .contains("an AWS error response (`InvalidLaunchTemplateId.NotFound`)"),
        "{err}"
    );
}

#[test]
fn custodian_asg_suspend_force() {
    expect(
        &set("custodian-asg-suspend-force"),
        &[
            ("EC2.8", "c7n-image-age-test", Unknown, LaunchConfiguration),
            ("EC2.8", "public", Unknown, LaunchConfiguration),
            ("EC2.8", "c7n-public-test", Unknown, LaunchTemplate),
            (
                "EC2.8",
                "custodian-suspend-force-recording",
                Unknown,
                LaunchTemplate,
            ),
            ("EC2.8", "test", Unknown, LaunchTemplate),
        ],
        Some(5),
    );
}

#[test]
fn custodian_ec2_metadata_defaults() {
    for file in [
        "ec2.GetInstanceMetadataDefaults_1.json",
        "ec2.GetInstanceMetadataDefaults_2.json",
    ] {
        let (status, body) = document("custodian-ec2-metadata-defaults", file);
        assert_eq!(status, 200);
        let r = common::evaluate_named(&[(file.to_owned(), body)])
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(r.input.kind.as_str(), "aws-live", "{file}");
        expect(&r, &[], Some(0));
    }
}

#[test]
fn fixinventory_aws() {
    expect(
        &set("fixinventory-aws"),
        &[
            ("EC2.8", "i-1", Fail, Resource),
            ("EC2.8", "i-123", Fail, Resource),
            ("EC2.8", "i-09", Fail, Resource),
            ("EC2.8", "asg-123", Unknown, LaunchTemplate),
            ("EC2.170", "foo", Pass, LaunchTemplate),
        ],
        Some(5),
    );
}
