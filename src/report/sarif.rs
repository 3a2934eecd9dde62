//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; one rule per control (from `policies/`); one result per fail or unknown finding.
//! Passes are not results: SARIF has no place for them that viewers show usefully. Every
//! result has a physical location, because GitHub rejects results without one; findings from
//! JSON inputs point at line 1 of the input file. Output is deterministic: the typed
//! `serde-sarif` structs serialize their fields in a fixed order and their maps are B-trees.

use super::RenderOptions;
use super::model::{Finding, Report, Severity, SourceLocation, Status, SuppressionKind};
use crate::i18n::Lang;
use crate::policy::{self, Policy};
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result,
    ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::{BTreeMap, BTreeSet};

/// The schema the output declares: the OASIS 2.1.0 errata 01 schema, as committed in
/// `tests/schemas/sarif-schema-2.1.0.json`.
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `partialFingerprints` key. Versioned, so that a change to what is hashed can move to
/// `/v2` without GitHub matching old and new alerts wrongly.
pub const FINGERPRINT_KEY: &str = "imdsv2PolicyResourceHash/v1";

/// Where results point when the input has no name (standard input, or a host that passed none).
pub const DEFAULT_INPUT_NAME: &str = "stdin";

/// Tags every rule carries; GitHub lists a rule under "security" only when it is tagged so.
const RULE_TAGS: &[&str] = &["security", "aws", "ec2", "imds"];

/// The report as SARIF 2.1.0: pretty-printed, ending in a newline, byte for byte the same for
/// the same report and options.
pub fn to_sarif(report: &Report, options: &RenderOptions) -> String {
    let lang = options.lang;
    let rules = Rules::new(report, lang);
    let input_name = options
        .input_name
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or(DEFAULT_INPUT_NAME);
    let mut seen = BTreeSet::new();
    let results: Vec<Result> = report
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| result(f, &rules, input_name, &mut seen, lang))
        .collect();
    let driver = ToolComponent::builder()
        .name(report.tool.name.as_str())
        .version(report.tool.version.as_str())
        .semantic_version(report.tool.version.as_str())
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules.descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let sarif = Sarif::builder()
        .schema(SARIF_SCHEMA_URI)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    match serde_json::to_string_pretty(&sarif) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing these types cannot fail (no maps with non-string keys, no floats); an
        // empty, valid log is still better than a panic.
        Err(_) => format!(
            "{{\n  \"$schema\": \"{SARIF_SCHEMA_URI}\",\n  \"version\": \"2.1.0\",\n  \"runs\": []\n}}\n"
        ),
    }
}

/// The rules of the run and each rule's index, by control id.
struct Rules {
    descriptors: Vec<ReportingDescriptor>,
    index: BTreeMap<String, usize>,
}

impl Rules {
    fn new(report: &Report, lang: Lang) -> Rules {
        let policies: &[Policy] = policy::all().unwrap_or_default();
        let mut descriptors: Vec<ReportingDescriptor> =
            policies.iter().map(|p| rule(p, lang)).collect();
        let mut index: BTreeMap<String, usize> = policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        // A finding whose control has no policy (an embedded policy that failed to load) still
        // needs a rule for its `ruleIndex` to point at.
        let missing: BTreeSet<&str> = report
            .findings
            .iter()
            .map(|f| f.control.as_str())
            .filter(|c| !index.contains_key(*c))
            .collect();
        for control in missing {
            index.insert(control.to_owned(), descriptors.len());
            descriptors.push(ReportingDescriptor::builder().id(control).build());
        }
        Rules { descriptors, index }
    }
}

fn rule(p: &Policy, lang: Lang) -> ReportingDescriptor {
    let (title, description) = (
        crate::i18n::policy_title(&p.id, &p.title, lang),
        crate::i18n::policy_description(&p.id, &p.description, lang),
    );
    let (remediation, rationale) = match lang {
        Lang::En => (p.remediation.clone(), p.rationale.clone()),
        Lang::Ja => (
            crate::i18n::Translator::new().or_keep(&p.remediation),
            crate::i18n::policy_rationale(&p.id, &p.rationale, lang).to_owned(),
        ),
    };
    let (why, remediation_heading, why_heading, references_heading) = match lang {
        Lang::En => ("Why", "Remediation", "Why it matters", "References"),
        Lang::Ja => ("理由", "修復方法", "なぜ重要か", "参考資料"),
    };
    let mut properties = BTreeMap::new();
    if let Some(score) = security_severity(p.severity) {
        properties.insert(
            "security-severity".to_owned(),
            serde_json::Value::from(score),
        );
    }
    let help_text = format!(
        "{remediation}\n\n{why}: {rationale}\n\n{}",
        p.remediation_url
    );
    let mut help_markdown = format!(
        "## {remediation_heading}\n\n{remediation}\n\n## {why_heading}\n\n{rationale}\n\n## {references_heading}\n\n"
    );
    for r in &p.references {
        help_markdown.push_str(&format!("- <{r}>\n"));
    }
    ReportingDescriptor::builder()
        .id(p.id.as_str())
        .name(rule_name(&p.title))
        .short_description(MultiformatMessageString::builder().text(title).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(description)
                .markdown(description)
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(help_text)
                .markdown(help_markdown)
                .build(),
        )
        .help_uri(p.remediation_url.as_str())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level_name(p.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(
                    RULE_TAGS
                        .iter()
                        .map(|t| (*t).to_owned())
                        .collect::<Vec<_>>(),
                )
                .additional_properties(properties)
                .build(),
        )
        .build()
}

/// GitHub reads `security-severity` as a score: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9
/// medium, up to 3.9 low. Informational findings get no score, so GitHub does not call them a
/// security problem of any severity.
pub fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Informational => None,
    }
}

/// A rule's default level, from its severity (a result's own level says fail or unknown).
fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// SARIF wants a rule name that reads as one identifier: the title in PascalCase.
fn rule_name(title: &str) -> String {
    let mut name = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name
}

fn result(
    f: &Finding,
    rules: &Rules,
    input_name: &str,
    seen: &mut BTreeSet<String>,
    lang: Lang,
) -> Result {
    let name = f.resource.name();
    let physical = match &f.location {
        Some(l) => physical_location(l),
        None => PhysicalLocation::builder()
            .artifact_location(
                ArtifactLocation::builder()
                    .uri(uri_reference(input_name))
                    .build(),
            )
            .region(Region::builder().start_line(1).build())
            .build(),
    };
    let logical = LogicalLocation::builder()
        .name(name)
        .fully_qualified_name(name)
        .kind("resource")
        .build();
    let location = Location::builder()
        .physical_location(physical)
        .logical_locations(vec![logical])
        .build();

    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_owned(), fingerprint(f, seen));

    let mut properties = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        properties.insert(k.to_owned(), serde_json::Value::from(v));
    };
    put("status", f.status.as_str());
    put("resourceType", &f.resource.resource_type);
    put("effectiveSource", f.effective.source.as_str());
    if let Some(d) = &f.effective.decided_by {
        put("decidedBy", d);
    }
    if let Some(t) = fix_target(f) {
        put("fixTarget", &t);
    }
    if let Some(r) = &f.resource.region {
        put("region", r);
    }
    if let Some(a) = &f.resource.account {
        put("account", a);
    }

    let level = match f.status {
        Status::Fail => ResultLevel::Error,
        Status::Unknown | Status::Pass => ResultLevel::Warning,
    };
    let builder = Result::builder()
        .rule_id(f.control.as_str())
        .level(level)
        .message(Message::builder().text(message(f, lang)).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    let mut result = builder.build();
    result.rule_index = rules.index.get(&f.control).map(|i| to_i64(*i));
    result.suppressions = f.suppression.as_ref().map(|s| {
        let mut properties = BTreeMap::new();
        if let Some(e) = &s.expires {
            properties.insert("expires".to_owned(), serde_json::Value::from(e.as_str()));
        }
        let kind = match s.kind {
            // SARIF's kinds: a comment in the source is `inSource`, whoever wrote it.
            SuppressionKind::InSource | SuppressionKind::ScannerComment => "inSource",
            SuppressionKind::External => "external",
        };
        vec![Suppression {
            kind: serde_json::Value::from(kind),
            status: Some(serde_json::Value::from("accepted")),
            justification: Some(s.reason.clone()),
            location: s.location.as_ref().map(|l| {
                Location::builder()
                    .physical_location(physical_location(l))
                    .build()
            }),
            guid: None,
            properties: (!properties.is_empty()).then(|| {
                PropertyBag::builder()
                    .additional_properties(properties)
                    .build()
            }),
        }]
    });
    result
}

/// A place in a source file; a column of 0 means the line alone is known.
fn physical_location(l: &SourceLocation) -> PhysicalLocation {
    let line = to_i64(l.line.max(1));
    let region = if l.column >= 1 {
        Region::builder()
            .start_line(line)
            .start_column(to_i64(l.column))
            .build()
    } else {
        Region::builder().start_line(line).build()
    };
    PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri_reference(&l.file))
                .build(),
        )
        .region(region)
        .build()
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Where the fix goes: the Terraform resource to change, or the live instance.
pub(crate) fn fix_target(f: &Finding) -> Option<String> {
    let r = f.remediation.as_ref()?;
    if let Some(t) = &r.terraform {
        return Some(t.target.clone());
    }
    if let Some(req) = &r.api_request {
        return Some(req.instance_id.clone());
    }
    r.aws_cli.as_ref().map(|_| f.resource.name().to_owned())
}

/// The result's message: the subject, why, and the fix. GitHub shows the text as is.
fn message(f: &Finding, lang: Lang) -> String {
    let mut text = format!("{}: {}", f.resource.name(), f.message);
    let (fix_in, fix) = match lang {
        Lang::En => ("Fix in", "Fix:"),
        Lang::Ja => ("修正箇所", "修正:"),
    };
    if let Some(r) = &f.remediation {
        if let Some(t) = &r.terraform {
            text.push_str(&format!(
                "\n\n{fix_in} {} ({}):\n{}",
                t.target,
                t.target_type,
                t.block.trim_end()
            ));
        } else if let Some(cmd) = &r.aws_cli {
            text.push_str(&format!("\n\n{fix} {cmd}"));
        } else {
            text.push_str(&format!("\n\n{fix} {}", r.summary));
        }
    }
    text
}

/// FNV-1a over the control and the subject's name. Not cryptographic: it only has to be stable
/// across runs and hosts, and distinct for distinct subjects on the same line. A repeat (the
/// same control and name twice in one report) is told apart by its occurrence number.
fn fingerprint(f: &Finding, seen: &mut BTreeSet<String>) -> String {
    let base = format!("{}\u{0}{}", f.control, f.resource.name());
    let mut key = base.clone();
    let mut n = 1u32;
    while seen.contains(&key) {
        n = n.saturating_add(1);
        key = format!("{base}\u{0}{n}");
    }
    let hash = format!("{:016x}", fnv1a64(key.as_bytes()));
    seen.insert(key);
    hash
}

/// 64-bit FNV-1a.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

/// A file name as a URI reference: `/` separators, no leading `./`, and everything outside
/// the unreserved and path characters percent-encoded. Absolute paths become `file:` URIs,
/// which GitHub maps back into the checkout; a relative path keeps `:` encoded so that its
/// first segment cannot read as a scheme.
pub fn uri_reference(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    let bytes = p.as_bytes();
    let drive = matches!(bytes, [d, b':', b'/', ..] if d.is_ascii_alphabetic());
    let (prefix, rest) = if drive {
        ("file:///", p.as_str())
    } else if p.starts_with('/') {
        ("file://", p.as_str())
    } else {
        ("", p.as_str())
    };
    let mut out = String::with_capacity(prefix.len() + rest.len());
    out.push_str(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&b)
            || (b == b':' && drive && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
