//! The AWS Security Finding Format (ASFF), as Security Hub's `BatchImportFindings` takes it:
//! one request body `{"Findings": [...]}` a line, each of at most 100 findings (what one call
//! takes), so that `aws securityhub batch-import-findings --cli-input-json "$line"` sends each
//! line as it is (and a report of up to 100 findings is one JSON document for `file://`).
//!
//! Every finding of the report is one ASFF finding, passes included: Security Hub resolves an
//! earlier failure when the same `Id` comes back `PASSED`, so the `Id` is stable across runs:
//! a hash of account, region, control and subject (no time or counter in it; an address of
//! any length gives an id within ASFF's 512 characters). An unknown finding is
//! `NOT_AVAILABLE`, "the check could not be completed", never `PASSED`; a suppressed one keeps
//! its status with the workflow `SUPPRESSED` and its reason as the note.
//!
//! ASFF needs an account and a region for every finding. Live findings carry theirs (from
//! ARNs, zones and `OwnerId`); findings of plans, state and source take `awsAccountId` and
//! `awsRegion` from the render options (the CLI's `--aws-account-id` and `--aws-region`), and
//! [`requirements`] refuses the format, before anything is written, when one is missing.
//! The time is the render options' `timestamp` (hosts fill it from their clock, or from
//! `SOURCE_DATE_EPOCH` for reproducible builds).

use super::RenderOptions;
use super::model::{Finding, Report, Source, Status};
use crate::error::{Error, ErrorCode};
use crate::policy::{self, Policy};
use serde_json::{Map, Value, json};

/// The findings one `BatchImportFindings` call takes.
pub const BATCH: usize = 100;

/// The product's name in ASFF's `ProductName` and `GeneratorId`.
const PRODUCT: &str = "imdsv2-policy";

/// ASFF's length limits, in characters, for the fields whose text comes from the report.
const TITLE_MAX: usize = 256;
const DESCRIPTION_MAX: usize = 1024;
const RECOMMENDATION_MAX: usize = 512;
const NOTE_MAX: usize = 512;
const ID_MAX: usize = 512;
const PRODUCT_FIELD_MAX: usize = 2048;

/// Why this report cannot be written as ASFF with these options, if it cannot: a finding
/// with no account or region, a malformed account id, region or timestamp.
pub fn requirements(report: &Report, options: &RenderOptions) -> Result<(), Error> {
    if let Some(id) = &options.aws_account_id
        && !is_account_id(id)
    {
        return Err(render_error(
            format!("`{id}` is not an AWS account id"),
            "expected 12 digits (`--aws-account-id 123456789012`)",
        ));
    }
    if let Some(region) = &options.aws_region
        && !is_region(region)
    {
        return Err(render_error(
            format!("`{region}` is not an AWS region"),
            "expected a region name such as `eu-west-1` (`--aws-region`)",
        ));
    }
    if let Some(arn) = &options.aws_product_arn
        && !(arn.starts_with("arn:") && arn.contains(":securityhub:") && arn.contains(":product/"))
    {
        return Err(render_error(
            format!("`{arn}` is not a Security Hub product ARN"),
            "expected `arn:aws:securityhub:REGION:ACCOUNT:product/COMPANY/PRODUCT` (`--asff-product-arn`)",
        ));
    }
    match &options.timestamp {
        None => {
            return Err(render_error(
                "ASFF needs the time of the findings",
                "pass `timestamp` (RFC 3339, `2026-12-01T09:30:00Z`) in the render options",
            ));
        }
        Some(t) if !is_timestamp(t) => {
            return Err(render_error(
                format!("`{t}` is not an RFC 3339 time in UTC"),
                "expected `YYYY-MM-DDTHH:MM:SSZ` (fractions of a second allowed)",
            ));
        }
        Some(_) => {}
    }
    // An account or region the input itself gives must be one AWS would take, too.
    for f in &report.findings {
        if let Some(a) = f.resource.account.as_deref().filter(|a| !is_account_id(a)) {
            return Err(render_error(
                format!(
                    "the input gives `{}` the AWS account `{a}`, which is not an account id",
                    f.resource.name()
                ),
                "Security Hub takes 12 digits: correct the input's `OwnerId` or ARN",
            ));
        }
        if let Some(r) = f.resource.region.as_deref().filter(|r| !is_region(r)) {
            return Err(render_error(
                format!(
                    "the input gives `{}` the AWS region `{r}`, which is not a region name",
                    f.resource.name()
                ),
                "Security Hub takes a region name such as `eu-west-1`: correct the input's zone, ARN or provider `region`",
            ));
        }
    }
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.resource.account.is_none())
        && options.aws_account_id.is_none()
    {
        return Err(render_error(
            format!(
                "ASFF needs the AWS account of `{}`, which the input does not say",
                f.resource.name()
            ),
            "name the account the findings are imported into: `--aws-account-id 123456789012` (`awsAccountId` in the render options)",
        ));
    }
    if let Some(f) = report.findings.iter().find(|f| f.resource.region.is_none())
        && options.aws_region.is_none()
    {
        return Err(render_error(
            format!(
                "ASFF needs the AWS region of `{}`, which the input does not say",
                f.resource.name()
            ),
            "name the region the findings are imported into: `--aws-region eu-west-1` (`awsRegion` in the render options)",
        ));
    }
    Ok(())
}

fn render_error(message: impl Into<String>, help: &str) -> Error {
    Error::new(ErrorCode::InvalidOptions, message.into()).with_help(help)
}

/// The report as `BatchImportFindings` request bodies, one a line, 100 findings each (none
/// for a report without findings). Call [`requirements`] first: a finding with no account or
/// region here gets empty ones.
pub fn to_asff(report: &Report, options: &RenderOptions) -> String {
    let policies: &[Policy] = policy::all().unwrap_or_default();
    let time = options.timestamp.as_deref().unwrap_or_default();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let p = policies.iter().find(|p| p.id == f.control);
            finding(f, p, options, time)
        })
        .collect();
    let mut out = String::new();
    for batch in findings.chunks(BATCH) {
        out.push_str(&serde_json::to_string(&json!({ "Findings": batch })).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn finding(f: &Finding, policy: Option<&Policy>, options: &RenderOptions, time: &str) -> Value {
    // The resource's own account and region where the input says them; the importing one's
    // otherwise. The product ARN is the importing account's own (a custom integration).
    let account = f
        .resource
        .account
        .as_deref()
        .or(options.aws_account_id.as_deref())
        .unwrap_or_default();
    let region = f
        .resource
        .region
        .as_deref()
        .or(options.aws_region.as_deref())
        .unwrap_or_default();
    let importer = options.aws_account_id.as_deref().unwrap_or(account);
    let import_region = options.aws_region.as_deref().unwrap_or(region);
    let import_partition = partition(import_region);
    let subject = f.resource.name();
    let title = policy.map_or_else(
        || f.control.clone(),
        |p| crate::i18n::policy_title(&p.id, &p.title, options.lang).to_owned(),
    );
    let mut out = json!({
        "SchemaVersion": "2018-10-08",
        "Id": format!(
            "{PRODUCT}/{account}/{region}/{}/{:016x}",
            f.control,
            super::sarif::fnv1a64(format!("{account}\0{region}\0{}\0{subject}", f.control).as_bytes())
        ),
        "ProductArn": options.aws_product_arn.clone().unwrap_or_else(|| format!(
            "arn:{import_partition}:securityhub:{import_region}:{importer}:product/{importer}/default"
        )),
        "ProductName": PRODUCT,
        "CompanyName": PRODUCT,
        "GeneratorId": format!("{PRODUCT}/{}", f.control),
        "AwsAccountId": account,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"],
        "CreatedAt": time,
        "UpdatedAt": time,
        "Severity": {
            "Label": f.severity.as_str().to_ascii_uppercase(),
            "Original": f.severity.as_str(),
        },
        "Title": cut(&format!("{}: {title}", f.control), TITLE_MAX),
        "Description": cut(&f.message, DESCRIPTION_MAX),
        "Resources": [resource(f, partition(region), account, region)],
        "Compliance": { "Status": compliance(f) },
        "Workflow": { "Status": workflow(f) },
        "RecordState": "ACTIVE",
        "ProductFields": product_fields(f),
    });
    if let Some(r) = &f.remediation {
        let mut rec = Map::new();
        rec.insert("Text".into(), cut(&r.summary, RECOMMENDATION_MAX).into());
        if let Some(url) = policy
            .map(|p| p.remediation_url.as_str())
            .filter(|u| !u.is_empty())
        {
            rec.insert("Url".into(), url.into());
        }
        insert(&mut out, "Remediation", json!({ "Recommendation": rec }));
    }
    if let Some(s) = &f.suppression {
        insert(
            &mut out,
            "Note",
            json!({
                "Text": cut(&s.reason, NOTE_MAX),
                "UpdatedBy": PRODUCT,
                "UpdatedAt": time,
            }),
        );
    }
    out
}

fn compliance(f: &Finding) -> &'static str {
    match f.status {
        Status::Pass => "PASSED",
        Status::Fail => "FAILED",
        // "The check could not be completed": never a pass.
        Status::Unknown => "NOT_AVAILABLE",
    }
}

fn workflow(f: &Finding) -> &'static str {
    if f.suppression.is_some() {
        "SUPPRESSED"
    } else if f.status == Status::Pass {
        "RESOLVED"
    } else {
        "NEW"
    }
}

/// The finding's resource: an ARN for live EC2 instances and launch templates (ASFF's
/// preference), the Terraform address otherwise, with the metadata options under the ASFF
/// details type of the resource when it has one.
fn resource(f: &Finding, partition: &str, account: &str, region: &str) -> Value {
    let r = &f.resource;
    let live = r.id.is_some() && r.address.is_none();
    let id = r.id.as_deref().unwrap_or_else(|| r.name());
    let (kind, arn) = match r.resource_type.as_str() {
        "ec2-instance" => (
            "AwsEc2Instance",
            Some(format!(
                "arn:{partition}:ec2:{region}:{account}:instance/{id}"
            )),
        ),
        "aws_instance" | "aws_spot_instance_request" => ("AwsEc2Instance", None),
        "ec2-launch-template" => (
            "AwsEc2LaunchTemplate",
            Some(format!(
                "arn:{partition}:ec2:{region}:{account}:launch-template/{id}"
            )),
        ),
        "aws_launch_template" => ("AwsEc2LaunchTemplate", None),
        "autoscaling-launch-configuration" | "aws_launch_configuration" => {
            ("AwsAutoScalingLaunchConfiguration", None)
        }
        "autoscaling-group" | "aws_autoscaling_group" => ("AwsAutoScalingAutoScalingGroup", None),
        _ => ("Other", None),
    };
    let options = metadata_options(f);
    let details = match kind {
        "AwsEc2Instance" if f.effective.source == Source::Resource => {
            json!({ "AwsEc2Instance": { "MetadataOptions": options } })
        }
        "AwsEc2LaunchTemplate" => json!({ "AwsEc2LaunchTemplate": {
            "LaunchTemplateData": { "MetadataOptions": options },
        }}),
        "AwsAutoScalingLaunchConfiguration" => json!({ "AwsAutoScalingLaunchConfiguration": {
            "LaunchConfigurationName": id,
            "MetadataOptions": options,
        }}),
        _ => Value::Null,
    };
    let mut out = json!({
        "Type": kind,
        "Id": cut(&arn.unwrap_or_else(|| id.to_owned()), ID_MAX),
        "Partition": partition,
        "Region": region,
    });
    let empty = options.as_object().is_none_or(Map::is_empty);
    if !details.is_null() && !empty {
        insert(&mut out, "Details", details);
    } else if !live {
        // ASFF's free-form details: what the Terraform resource is.
        insert(
            &mut out,
            "Details",
            json!({ "Other": {
                "TerraformAddress": cut(id, PRODUCT_FIELD_MAX),
                "TerraformType": r.resource_type,
            }}),
        );
    }
    out
}

/// The effective metadata options, in the AWS API's names; unknown ones left out.
fn metadata_options(f: &Finding) -> Value {
    let e = &f.effective;
    let mut m = Map::new();
    if let Some(t) = &e.http_tokens {
        m.insert("HttpTokens".into(), t.as_str().into());
    }
    if let Some(t) = &e.http_endpoint {
        m.insert("HttpEndpoint".into(), t.as_str().into());
    }
    if let Some(h) = e.hop_limit {
        m.insert("HttpPutResponseHopLimit".into(), h.into());
    }
    Value::Object(m)
}

/// This product's own fields: what ASFF has no place for (the deciding layer, the place in
/// the source, the fix), as strings under `imdsv2-policy/`.
fn product_fields(f: &Finding) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: &str| {
        m.insert(format!("{PRODUCT}/{k}"), cut(v, PRODUCT_FIELD_MAX).into());
    };
    put("Control", &f.control);
    put("Status", f.status.as_str());
    put("DecidingLayer", f.effective.source.as_str());
    if let Some(d) = &f.effective.decided_by {
        put("DecidedBy", d);
    }
    if let Some(t) = &f.effective.http_tokens {
        put("EffectiveHttpTokens", t);
    }
    if let Some(a) = &f.resource.address {
        put("TerraformAddress", a);
    }
    if let Some(n) = &f.resource.name_tag {
        put("NameTag", n);
    }
    if let Some(l) = &f.location {
        put("Location", &l.to_string());
    }
    if f.unjudged {
        put("Unjudged", "true");
    }
    if let Some(r) = &f.remediation {
        if let Some(t) = &r.terraform {
            put("FixTarget", &t.target);
        }
        if let Some(cli) = &r.aws_cli {
            put("AwsCli", cli);
        }
    }
    if let Some(s) = &f.suppression {
        put("Suppression", s.kind.as_str());
        if let Some(e) = &s.expires {
            put("SuppressionExpires", e);
        }
    }
    Value::Object(m)
}

/// Sets `key` of the object `v`.
fn insert(v: &mut Value, key: &str, value: Value) {
    if let Value::Object(m) = v {
        m.insert(key.to_owned(), value);
    }
}

/// `text` cut to at most `max` characters, an ellipsis marking the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The partition a region is in.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-5`: lowercase words and a final number.
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .first()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    let tail = s.get(19..).unwrap_or_default();
    let tail_ok = tail == "Z"
        || tail
            .strip_prefix('.')
            .and_then(|t| t.strip_suffix('Z'))
            .is_some_and(|f| {
                !f.is_empty() && f.len() <= 9 && f.bytes().all(|d| d.is_ascii_digit())
            });
    head && tail_ok && crate::suppress::Date::parse(s.get(..10).unwrap_or_default()).is_some()
}

/// Seconds since 1970 as an RFC 3339 time in UTC, for hosts that read a clock or
/// `SOURCE_DATE_EPOCH`.
pub fn timestamp_of_unix(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX);
    let rest = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        crate::suppress::Date::from_days(days),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn shapes() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("12345678901a"));
        for r in ["eu-west-1", "us-gov-west-1", "ap-southeast-5", "cn-north-1"] {
            assert!(is_region(r), "{r}");
        }
        for r in ["eu-west", "EU-west-1", "eu--1", "1-west-1", ""] {
            assert!(!is_region(r), "{r}");
        }
        assert!(is_timestamp("2026-12-01T09:30:00Z"));
        assert!(is_timestamp("2026-12-01T09:30:00.123Z"));
        assert!(!is_timestamp("2026-12-01T09:30:00+01:00"));
        assert!(!is_timestamp("2026-02-30T09:30:00Z"));
        assert!(!is_timestamp("2026-12-01 09:30:00Z"));
        assert_eq!(timestamp_of_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp_of_unix(1_796_117_400), "2026-12-01T09:30:00Z");
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("eu-west-1"), "aws");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abcd", 4), "abcd");
    }
}
