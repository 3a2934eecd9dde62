//! The report and its writers. Every writer is a function of the report alone.

pub use crate::address::config_address;

pub mod asff;
pub mod csv;
pub mod github;
pub mod junit;
pub mod markdown;
pub mod model;
#[cfg(not(target_family = "wasm"))]
mod pretty;
pub mod sarif;
pub mod text;

use model::Report;

/// The JSON report: pretty-printed, keys in declaration order, ending in a newline. Byte
/// for byte the same on every host.
pub fn to_json(report: &Report) -> String {
    // About 1 KB a finding, pretty-printed: one allocation instead of a doubling series.
    let mut out = Vec::with_capacity(4096 + report.findings.len() * 1024);
    // Writing into a Vec fails only if serialization itself fails, which these types cannot.
    let _ = write_json(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`to_json`] straight into a writer, without holding the whole text in memory. Natively, a
/// report of many findings is written a run of findings at a time, rendered on every core
/// (`pretty`): the same bytes. Wasm hosts have one thread, and the code would only add size.
pub fn write_json<W: std::io::Write>(report: &Report, mut w: W) -> std::io::Result<()> {
    #[cfg(not(target_family = "wasm"))]
    if report.findings.len() >= pretty::MANY {
        return pretty::write_json(report, &mut w, pretty::RUN);
    }
    serde_json::to_writer_pretty(&mut w, report).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// The output formats every host offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, for the test reports of GitLab, Jenkins, Azure Pipelines and CircleCI.
    Junit,
    /// The AWS Security Finding Format: a `BatchImportFindings` body for Security Hub.
    Asff,
    /// CSV (RFC 4180), a row per finding, for spreadsheets.
    Csv,
    /// GitHub-flavoured Markdown, for pull-request comments and job summaries.
    Markdown,
}

impl OutputFormat {
    pub fn parse(name: &str) -> Option<OutputFormat> {
        match name {
            "text" => Some(OutputFormat::Text),
            "json" => Some(OutputFormat::Json),
            "sarif" => Some(OutputFormat::Sarif),
            "github" => Some(OutputFormat::Github),
            "junit" => Some(OutputFormat::Junit),
            "asff" => Some(OutputFormat::Asff),
            "csv" => Some(OutputFormat::Csv),
            "markdown" => Some(OutputFormat::Markdown),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &[
        "text", "json", "sarif", "github", "junit", "csv", "markdown", "asff",
    ];
}

/// What a writer needs beyond the report: the CLI's output flags, and the `RenderOptions`
/// object of `render` on every host (camelCase there).
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RenderOptions {
    /// ANSI colour in `text` output.
    pub color: bool,
    /// The input's file name as the user gave it, for locations in `sarif`, `github` and
    /// `junit`, and the summary line of `markdown`.
    pub input_name: Option<String>,
    /// `text` and `markdown`: only what fails or is unknown, and the verdict, without passes,
    /// suppressions and notes (the CLI's `--quiet`).
    pub quiet: bool,
    /// `text`: a row for every finding, instead of one row per group (the CLI's
    /// `--verbose`).
    pub verbose: bool,
    /// `text`: the terminal's width in columns, which the reason column is wrapped to
    /// (`widthOf` decides it as the CLI does). Absent (not a terminal: a file, a pipe, a CI
    /// log), every row stays one line.
    pub width: Option<usize>,
    /// `junit`: unknown findings are failures, as they fail the verdict under
    /// `failOnUnknown` (pass the option `evaluate` had).
    pub fail_on_unknown: bool,
    /// `asff`: the AWS account the findings are imported into, and the account of findings
    /// whose input does not say one (plans, state, source): 12 digits.
    pub aws_account_id: Option<String>,
    /// `asff`: the region the findings are imported into, and the region of findings whose
    /// input does not say one.
    pub aws_region: Option<String>,
    /// `asff`: the product ARN of the findings, for a partner product; by default the
    /// importing account's own custom integration
    /// (`arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`).
    pub aws_product_arn: Option<String>,
    /// `asff`: the findings' time (RFC 3339 in UTC, `2026-12-01T09:30:00Z`). The CLIs take
    /// `SOURCE_DATE_EPOCH` when it is set, else the clock; the JS `render` the clock.
    pub timestamp: Option<String>,
    /// The language of the human-readable texts in every format: `en` (the default: the
    /// report as the core writes it) or `ja`. Codes, ids, addresses, fixes, JSON keys and
    /// enum values stay as they are.
    #[serde(default)]
    pub lang: crate::i18n::Lang,
}

/// Whether `format` can be written for this report with these options: ASFF needs an
/// account and a region for every finding. Hosts ask before writing any output, so that a run
/// with several outputs writes all or none.
pub fn renderable(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
) -> Result<(), crate::error::Error> {
    match format {
        OutputFormat::Asff => asff::requirements(report, options),
        _ => Ok(()),
    }
}

/// [`render`] into a writer; JSON is streamed. Ask [`renderable`] first.
pub fn render_to<W: std::io::Write>(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
    mut w: W,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => write_json(&crate::i18n::localize(report, options.lang), w),
        other => w.write_all(render(report, other, options).as_bytes()),
    }
}

/// [`renderable`], then [`render`]: what hosts that take a format from their caller use.
pub fn try_render(
    report: &Report,
    format: OutputFormat,
    options: &RenderOptions,
) -> Result<String, crate::error::Error> {
    renderable(report, format, options)?;
    Ok(render(report, format, options))
}

/// The report in one of the output formats. Every format but `asff` renders any report; for
/// `asff` ask [`renderable`] first (without an account or region, those fields are empty).
pub fn render(report: &Report, format: OutputFormat, options: &RenderOptions) -> String {
    let report = crate::i18n::localize(report, options.lang);
    let report = report.as_ref();
    match format {
        OutputFormat::Text => text::to_text_with(report, options),
        OutputFormat::Json => to_json(report),
        OutputFormat::Sarif => sarif::to_sarif(report, options),
        OutputFormat::Github => github::to_github(report, options),
        OutputFormat::Junit => junit::to_junit(report, options),
        OutputFormat::Csv => csv::to_csv(report),
        OutputFormat::Markdown => markdown::to_markdown(report, options),
        OutputFormat::Asff => asff::to_asff(report, options),
    }
}

/// Takes every value the input marks sensitive out of a finding: each backquoted or
/// double-quoted occurrence in its text becomes `(sensitive)`, and an effective value equal to
/// one is left out. Over-redaction (the same text elsewhere) is the safe side.
pub fn redact(f: &mut model::Finding, sensitive: &[&str]) {
    let scrub = |text: &mut String| {
        for v in sensitive {
            for (open, close) in [("`", "`"), ("\"", "\""), ("`\"", "\"`")] {
                let needle = format!("{open}{v}{close}");
                if text.contains(&needle) {
                    *text = text.replace(&needle, "`(sensitive)`");
                }
            }
        }
    };
    scrub(&mut f.message);
    let e = &mut f.effective;
    if e.http_tokens
        .as_deref()
        .is_some_and(|t| sensitive.contains(&t))
    {
        e.http_tokens = None;
    }
    if e.http_endpoint
        .as_deref()
        .is_some_and(|t| sensitive.contains(&t))
    {
        e.http_endpoint = None;
    }
    if e.hop_limit
        .is_some_and(|h| sensitive.contains(&h.to_string().as_str()))
    {
        e.hop_limit = None;
    }
    if let Some(r) = f.remediation.as_mut() {
        scrub(&mut r.summary);
        r.notes.iter_mut().for_each(scrub);
        for p in r.terraform.iter_mut().chain(r.alternatives.iter_mut()) {
            scrub(&mut p.reason);
        }
    }
}

/// The findings one fix covers, together (see [`model::Group`]): same control, status,
/// configuration address, layer, deciding resource and fix.
pub fn groups(findings: &[model::Finding]) -> Vec<model::Group> {
    type Key<'f> = (
        &'f str,
        model::Status,
        String,
        &'static str,
        Option<&'f str>,
        Option<&'f str>,
        bool,
    );
    fn key(f: &model::Finding) -> Key<'_> {
        let subject = match &f.resource.address {
            Some(a) => config_address(a),
            None => f.resource.name().to_owned(),
        };
        (
            f.control.as_str(),
            f.status,
            subject,
            f.effective.source.as_str(),
            f.effective.decided_by.as_deref(),
            f.remediation
                .as_ref()
                .and_then(|r| r.terraform.as_ref())
                .map(|t| t.block.as_str()),
            f.suppression.is_some(),
        )
    }
    let mut index: std::collections::HashMap<Key<'_>, usize> = std::collections::HashMap::new();
    let mut out: Vec<model::Group> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let k = key(f);
        match index.get(&k) {
            Some(&g) => {
                if let Some(g) = out.get_mut(g) {
                    g.findings.push(i);
                }
            }
            None => {
                index.insert(k.clone(), out.len());
                out.push(model::Group {
                    control: f.control.clone(),
                    status: f.status,
                    subject: k.2,
                    findings: vec![i],
                });
            }
        }
    }
    out
}
