//! No value a plan marks sensitive (`after_sensitive`, `sensitive_values`) appears in a
//! report, in any output format; the finding is still judged on it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::Options;
use imdsv2_policy::report::model::Status;
use imdsv2_policy::report::{OutputFormat, RenderOptions};
use serde_json::{Value, json};

fn plan() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/plan/lt_by_id_name.json"),
    )
    .unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    for r in doc["resource_changes"].as_array_mut().unwrap() {
        let address = r["address"].as_str().unwrap().to_owned();
        let after = &mut r["change"]["after"];
        match address.as_str() {
            // A template whose name comes from a sensitive variable.
            "aws_launch_template.required" => {
                after["name"] = json!("s3cr3t-template-name");
                r["change"]["after_sensitive"]["name"] = json!(true);
            }
            // An instance that names it, sensitively, and sets its own tokens sensitively.
            "aws_instance.by_name" => {
                after["launch_template"][0]["name"] = json!("s3cr3t-template-name");
                after["metadata_options"] = json!([{
                    "http_tokens": "optional", "http_endpoint": "enabled",
                    "http_put_response_hop_limit": 1, "instance_metadata_tags": "disabled",
                    "http_protocol_ipv6": "disabled"
                }]);
                r["change"]["after_sensitive"]["launch_template"] = json!([{"name": true}]);
                r["change"]["after_sensitive"]["metadata_options"] = json!([{"http_tokens": true}]);
            }
            _ => {}
        }
    }
    doc
}

#[test]
fn sensitive_values_are_never_echoed() {
    let bytes = serde_json::to_vec(&plan()).unwrap();
    let report = imdsv2_policy::evaluate(&bytes, &Options::default()).unwrap();
    // Still judged on the value: the instance's own `optional` decides.
    let f = report
        .findings
        .iter()
        .find(|f| f.resource.address.as_deref() == Some("aws_instance.by_name"))
        .unwrap();
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.effective.http_tokens, None);
    assert!(f.message.contains("(sensitive)"), "{}", f.message);
    for format in OutputFormat::NAMES {
        let format = OutputFormat::parse(format).unwrap();
        let mut out = Vec::new();
        imdsv2_policy::report::render_to(&report, format, &RenderOptions::default(), &mut out)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains("s3cr3t"),
            "{format:?} echoes a sensitive name"
        );
        // SARIF and the GitHub summary also carry the controls' own wording ("fails when
        // it is `optional`"), so the value is checked in the finding-level formats.
        if matches!(format, OutputFormat::Json | OutputFormat::Text) {
            assert!(
                !text.contains("`optional`"),
                "{format:?} echoes a sensitive value:\n{text}"
            );
        }
    }
}
