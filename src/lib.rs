//! imdsv2-policy: AWS Security Hub EC2.8 (IMDSv2) findings, with fixes, from Terraform plan
//! and state JSON and EC2 DescribeInstances JSON.
//!
//! One pipeline: bytes are read into an [`inventory::Inventory`], the effective-value chain
//! resolves each launch subject, controls turn resolutions into findings, and the
//! [`Report`] is written as JSON or text. Every shell (native CLI, wasm-bindgen, WASI,
//! Extism) calls [`evaluate`].

pub mod controls;
pub mod error;
pub mod inventory;
pub mod options;
pub mod policy;
pub mod read;
pub mod remediation;
pub mod report;
pub mod resolve;

#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
mod wasm;

pub use error::{Error, ErrorCode, Location};
pub use options::{EndpointDisabled, Options};
pub use policy::Policy;
pub use report::model::{Finding, InputKind, Report, Status};
pub use report::{text::to_text, to_json};

use report::model::{Note, Summary, Tool, Verdict};

pub const TOOL_NAME: &str = "imdsv2-policy";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Evaluates one document (any supported kind, any supported encoding).
pub fn evaluate(input: &[u8], options: &Options) -> Result<Report, Error> {
    let inventory = read::read(input, options.input_kind)?;
    let policy = policy::ec2_8()?;
    let mut findings = controls::ec2_8::evaluate(&inventory, options, policy);
    findings.sort_by(|a, b| {
        a.resource
            .name()
            .cmp(b.resource.name())
            .then_with(|| a.control.cmp(&b.control))
    });
    let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
    let (pass, fail, unknown) = (count(Status::Pass), count(Status::Fail), count(Status::Unknown));
    let verdict = if fail > 0 || (options.fail_on_unknown && unknown > 0) {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let mut notes = Vec::new();
    if inventory.defaults.is_empty() && (fail > 0 || unknown > 0) && inventory.kind != InputKind::Ec2DescribeInstances {
        notes.push(guardrail(policy, None));
    } else if inventory.kind == InputKind::Ec2DescribeInstances && fail > 0 {
        let mut regions: Vec<&str> = findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .filter_map(|f| f.resource.region.as_deref())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        notes.push(guardrail(policy, Some(&regions)));
    }
    Ok(Report {
        tool: Tool {
            name: TOOL_NAME.to_owned(),
            version: VERSION.to_owned(),
        },
        input: report::model::InputInfo {
            kind: inventory.kind,
            format_version: inventory.format_version.clone(),
            terraform_version: inventory.terraform_version.clone(),
            encoding: inventory.encoding.clone(),
            subjects: inventory.subjects.len(),
        },
        summary: Summary { pass, fail, unknown, verdict },
        findings,
        notes,
    })
}

/// The account-level guardrail, said once per report.
fn guardrail(policy: &Policy, regions: Option<&[&str]>) -> Note {
    let cli = match regions {
        Some(rs) if !rs.is_empty() => rs
            .iter()
            .map(|r| format!("aws ec2 modify-instance-metadata-defaults --http-tokens required --http-endpoint enabled --region {r}"))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => "aws ec2 modify-instance-metadata-defaults --http-tokens required --http-endpoint enabled --region REGION".to_owned(),
    };
    let block = hcl::Block::builder("resource")
        .add_label("aws_ec2_instance_metadata_defaults")
        .add_label("imdsv2")
        .add_attribute(("http_tokens", "required"))
        .add_attribute(("http_endpoint", "enabled"))
        .build();
    let text = hcl::to_string(&hcl::Body::builder().add_block(block).build()).unwrap_or_default();
    Note {
        id: "account-guardrail".to_owned(),
        message: format!(
            "{} It applies per region and provider configuration, and only to instances launched after it is set.",
            policy.notes.guardrail
        ),
        terraform: Some(remediation::align(&text)),
        aws_cli: Some(cli),
    }
}

/// The JSON-in, JSON-out form the WASI and Extism shells use: the input document, and the
/// options as JSON (empty for defaults).
pub fn evaluate_json(input: &[u8], options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    evaluate(input, &options).map(|r| to_json(&r))
}

/// The JSON Schema of the report, as committed in `schema/report.schema.json`.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the options.
pub fn options_schema() -> String {
    let schema = schemars::schema_for!(Options);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
