//! Suppressions with a reason: `imdsv2-policy:ignore` comments in `.tf` sources, and ignore
//! entries (an ignore file on the command line, or the `ignore` option of every host) that
//! name Terraform addresses or instance ids.
//!
//! A suppressed finding stays in the report with its status and a `suppression` saying why;
//! the summary counts it as `suppressed`, not as `fail` or `unknown`, and it never fails the
//! run. A suppression without a reason is an error, as is one naming a control this tool does
//! not know: a typo in a security exception must not pass silently. A suppression past its
//! expiry date no longer applies, and the report says so.
//!
//! The ignore file has one entry per line; `#` starts a comment line:
//!
//! ```text
//! # TARGET [CONTROL] [expires:YYYY-MM-DD] reason: TEXT
//! aws_instance.legacy EC2.8 expires:2026-06-30 reason: vendor agent still calls IMDSv1
//! i-0123456789abcdef0 reason: decommissioned next sprint
//! ```
//!
//! An inline comment takes the same words after `imdsv2-policy:ignore`, on the lines directly
//! above a resource or anywhere inside its block:
//!
//! ```text
//! # imdsv2-policy:ignore EC2.8 reason: vendor agent still calls IMDSv1
//! resource "aws_instance" "legacy" { ... }
//! ```

use crate::address::without_last_key;
use crate::error::{Error, ErrorCode};
use crate::report::model::{Finding, Note, SourceLocation, Status, Suppression, SuppressionKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The word that starts an inline suppression.
pub const DIRECTIVE: &str = "imdsv2-policy:ignore";

/// One ignore entry, as hosts pass it in the `ignore` option and as an ignore file line reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IgnoreEntry {
    /// A Terraform address (`aws_instance.web`, `module.app.aws_instance.web[0]`) or an
    /// EC2 instance id. An address without an instance key also matches its instances
    /// (`aws_instance.web` matches `aws_instance.web[0]`).
    pub target: String,
    /// The control to suppress (`EC2.8`); every control when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// Why the finding is accepted. Required and not blank.
    pub reason: String,
    /// The last day (`YYYY-MM-DD`) the entry holds; after it the finding counts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Where the entry is written, for messages (the CLI fills it from the ignore file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
}

/// A calendar date, compared as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// `YYYY-MM-DD`, a real calendar day.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        if !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The civil date of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

/// Today's date: the `today` option when a host gives it, else the system clock where
/// there is one (not in the browser build, whose host must pass `today`).
pub fn today(option: Option<&str>) -> Result<Option<Date>, Error> {
    if let Some(s) = option {
        return Date::parse(s).map(Some).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOptions,
                format!("invalid options: `today` is `{s}`, not a date"),
            )
            .at_path("$.today")
            .with_help("expected a date as `YYYY-MM-DD`")
        });
    }
    Ok(clock())
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn clock() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_days(i64::try_from(secs / 86_400).ok()?))
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn clock() -> Option<Date> {
    None
}

/// A suppression ready to match findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub kind: SuppressionKind,
    pub target: String,
    pub control: Option<String>,
    pub reason: String,
    pub expires: Option<Date>,
    pub location: Option<SourceLocation>,
}

impl Ignore {
    fn place(&self) -> String {
        match &self.location {
            Some(l) => format!("{}:{}", l.file, l.line),
            None => format!("the ignore entry for `{}`", self.target),
        }
    }

    fn matches(&self, f: &Finding) -> bool {
        // A scanner comment covers the controls of that scanner's check (a comma list).
        if self
            .control
            .as_deref()
            .is_some_and(|c| !c.split(',').any(|c| c == f.control))
        {
            return false;
        }
        if f.resource.id.as_deref() == Some(self.target.as_str()) {
            return true;
        }
        if self.target.contains('*') {
            return [f.resource.address.as_deref(), f.resource.id.as_deref()]
                .into_iter()
                .flatten()
                .any(|n| glob(&self.target, n));
        }
        match f.resource.address.as_deref() {
            Some(a) if a == self.target => true,
            Some(a) if !self.target.ends_with(']') => without_last_key(a) == self.target,
            _ => false,
        }
    }
}

/// `*` for any run of characters (brackets and dots included), as in `module.legacy.*`.
fn glob(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(p);
        }
        match rest.find(p) {
            Some(at) => rest = rest.get(at + p.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    rest.is_empty()
}

/// Other scanners' names for this tool's checks, and the controls each covers.
const SCANNER_CHECKS: &[(&str, &str, &str)] = &[
    // (scanner, its check id, controls)
    ("checkov", "CKV_AWS_79", "EC2.8,EC2.170,AutoScaling.3"),
    ("tfsec", "aws-ec2-enforce-http-token-imds", "EC2.8,EC2.170"),
    (
        "tfsec",
        "aws-ec2-enforce-launch-config-http-token-imds",
        "AutoScaling.3",
    ),
    ("trivy", "AVD-AWS-0028", "EC2.8,EC2.170"),
    ("trivy", "AVD-AWS-0130", "AutoScaling.3"),
];

/// A checkov, tfsec or trivy suppression comment for the same check (`checkov:skip=CKV_AWS_79:
/// reason`, `tfsec:ignore:aws-ec2-enforce-http-token-imds[:exp:YYYY-MM-DD]`,
/// `trivy:ignore:AVD-AWS-0028`), as a suppression of the controls it covers.
pub fn parse_scanner_comment(
    comment: &str,
    target: &str,
    location: SourceLocation,
) -> Option<Ignore> {
    for (scanner, check, controls) in SCANNER_CHECKS {
        let lead = if *scanner == "checkov" {
            format!("checkov:skip={check}")
        } else {
            format!("{scanner}:ignore:{check}")
        };
        let Some(at) = comment.find(&lead) else {
            continue;
        };
        let after = comment.get(at + lead.len()..).unwrap_or_default();
        // `CKV_AWS_79x` or `...-imds-v2` is another check.
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let (reason, expires) = if *scanner == "checkov" {
            let r = after
                .strip_prefix(':')
                .map(str::trim)
                .filter(|r| !r.is_empty());
            (r.map(str::to_owned), None)
        } else {
            let exp = after
                .strip_prefix(":exp:")
                .and_then(|d| Date::parse(d.get(..10).unwrap_or(d)));
            (None, exp)
        };
        return Some(Ignore {
            kind: SuppressionKind::ScannerComment,
            target: target.to_owned(),
            control: Some((*controls).to_owned()),
            reason: reason.unwrap_or_else(|| format!("suppressed by {scanner} comment `{lead}`")),
            expires,
            location: Some(location),
        });
    }
    None
}

/// The words after the target (or after `imdsv2-policy:ignore`): `[CONTROL]
/// [expires:YYYY-MM-DD] reason: TEXT`.
struct Words {
    control: Option<String>,
    expires: Option<Date>,
    reason: String,
}

/// Reads `[CONTROL] [expires:DATE] reason: TEXT`; errors name what was wrong, without place.
fn words(rest: &str) -> Result<Words, (String, String)> {
    let help = "expected `[CONTROL] [expires:YYYY-MM-DD] reason: TEXT`".to_owned();
    let (head, reason) = match find_reason(rest) {
        Some(i) => (
            rest.get(..i).unwrap_or_default(),
            rest.get(i + "reason:".len()..).unwrap_or_default().trim(),
        ),
        None => return Err(("the suppression has no reason".to_owned(), help)),
    };
    if reason.is_empty() {
        return Err(("the suppression's reason is empty".to_owned(), help));
    }
    let mut w = Words {
        control: None,
        expires: None,
        reason: reason.to_owned(),
    };
    for token in head.split_whitespace() {
        if let Some(d) = token.strip_prefix("expires:") {
            if w.expires.is_some() {
                return Err(("the suppression has two expiry dates".to_owned(), help));
            }
            w.expires = Some(Date::parse(d).ok_or_else(|| {
                (
                    format!("the expiry date `{d}` is not a date"),
                    "expected `expires:YYYY-MM-DD`".to_owned(),
                )
            })?);
        } else if w.control.is_none() && w.expires.is_none() {
            w.control = Some(control(token)?);
        } else {
            return Err((format!("unexpected `{token}` before `reason:`"), help));
        }
    }
    Ok(w)
}

/// `reason:` at the start or after whitespace.
fn find_reason(s: &str) -> Option<usize> {
    s.match_indices("reason:")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || s.get(..i).is_some_and(|p| p.ends_with(char::is_whitespace)))
}

fn control(token: &str) -> Result<String, (String, String)> {
    let known: Vec<String> = crate::policy::all()
        .map(|ps| ps.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(token))
        .cloned()
        .ok_or_else(|| {
            (
                format!("unknown control `{token}`"),
                format!(
                    "expected one of `{}`, or no control to suppress every control",
                    known.join("`, `")
                ),
            )
        })
}

/// The target at the start of an ignore file line: up to the first whitespace outside
/// brackets and quotes (`module.m["a b"].aws_instance.x`).
fn split_target(line: &str) -> (&str, &str) {
    match crate::address::top_level_matches(line, char::is_whitespace).first() {
        Some(&i) => (
            line.get(..i).unwrap_or_default(),
            line.get(i..).unwrap_or_default(),
        ),
        None => (line, ""),
    }
}

/// Reads an ignore file (see the module documentation) into entries.
pub fn parse_ignore_file(file: &str, text: &str) -> Result<Vec<IgnoreEntry>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let column = raw.len() - raw.trim_start().len() + 1;
        let (target, rest) = split_target(line);
        let w = words(rest).map_err(|(msg, help)| {
            Error::new(
                ErrorCode::InvalidIgnore,
                format!("ignore entry `{target}`: {msg}"),
            )
            .at_file(file, n + 1, column)
            .with_help(format!("{help} after the address or instance id"))
        })?;
        out.push(IgnoreEntry {
            target: target.to_owned(),
            control: w.control,
            reason: w.reason,
            expires: w.expires.map(|d| d.to_string()),
            location: Some(SourceLocation {
                file: file.to_owned(),
                line: n + 1,
                column,
                path: None,
            }),
        });
    }
    Ok(out)
}

/// Checks the entries of the `ignore` option (a host may build them by hand).
pub fn from_entries(entries: &[IgnoreEntry]) -> Result<Vec<Ignore>, Error> {
    entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let fail = |msg: String, field: &str| {
                let err = Error::new(ErrorCode::InvalidIgnore, msg);
                match &e.location {
                    Some(l) => err.at_file(l.file.clone(), l.line, l.column),
                    None => err.at_path(format!("$.ignore[{n}]{field}")),
                }
            };
            if e.target.trim().is_empty() {
                return Err(fail(
                    "an ignore entry has an empty `target`".to_owned(),
                    ".target",
                )
                .with_help("expected a Terraform address or an instance id"));
            }
            if e.reason.trim().is_empty() {
                return Err(fail(
                    format!("the ignore entry for `{}` has no reason", e.target),
                    ".reason",
                )
                .with_help("every suppression must say why the finding is accepted"));
            }
            let control = match &e.control {
                Some(c) => Some(control(c).map_err(|(m, h)| fail(m, ".control").with_help(h))?),
                None => None,
            };
            let expires = match &e.expires {
                Some(d) => Some(Date::parse(d).ok_or_else(|| {
                    fail(
                        format!(
                            "the expiry date `{d}` of the ignore entry for `{}` is not a date",
                            e.target
                        ),
                        ".expires",
                    )
                    .with_help("expected `YYYY-MM-DD`")
                })?),
                None => None,
            };
            Ok(Ignore {
                kind: SuppressionKind::External,
                target: e.target.clone(),
                control,
                reason: e.reason.trim().to_owned(),
                expires,
                location: e.location.clone(),
            })
        })
        .collect()
}

/// An inline directive in a comment's text (without the `#`, `//` or `/* */`), or `None`
/// when the comment has none. `target` is the resource the comment belongs to.
pub fn parse_directive(
    comment: &str,
    target: &str,
    location: SourceLocation,
) -> Result<Option<Ignore>, Error> {
    let Some(at) = comment.find("imdsv2-policy:") else {
        return Ok(None);
    };
    let rest = comment.get(at..).unwrap_or_default();
    let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let word = rest.get(..word_end).unwrap_or_default();
    let err = |msg: String, help: String| {
        Error::new(ErrorCode::InvalidIgnore, msg)
            .at_file(location.file.clone(), location.line, location.column)
            .with_help(help)
    };
    if word != DIRECTIVE {
        return Err(err(
            format!("unknown directive `{word}` in a comment on `{target}`"),
            format!("expected `{DIRECTIVE} [CONTROL] [expires:YYYY-MM-DD] reason: TEXT`"),
        ));
    }
    let w = words(rest.get(word_end..).unwrap_or_default()).map_err(|(msg, help)| {
        err(
            format!("{msg} (`{DIRECTIVE}` on `{target}`)"),
            format!("{help} after `{DIRECTIVE}`"),
        )
    })?;
    Ok(Some(Ignore {
        kind: SuppressionKind::InSource,
        target: target.to_owned(),
        control: w.control,
        reason: w.reason,
        expires: w.expires,
        location: Some(location),
    }))
}

/// Marks the failing and unknown findings a suppression covers, and says what each
/// suppression did not do (expired, matched nothing, matched only passing findings).
pub fn apply(findings: &mut [Finding], ignores: &[Ignore], today: Option<Date>) -> Vec<Note> {
    let mut s = Suppressor::new(ignores, today);
    let mut notes = Vec::new();
    for f in findings.iter_mut() {
        s.one(f, &mut notes);
    }
    notes.extend(s.finish());
    notes
}

/// [`apply`] a finding at a time, for findings that are never all in memory at once (the
/// streaming reader of `stream`): [`Suppressor::one`] in the findings' order, then
/// [`Suppressor::finish`]. What one finding gets does not depend on the others.
pub struct Suppressor<'i> {
    ignores: &'i [Ignore],
    today: Option<Date>,
    /// In-source suppressions first: they sit next to the code they excuse.
    order: Vec<usize>,
    used: Vec<bool>,
    only_passing: Vec<bool>,
}

impl<'i> Suppressor<'i> {
    pub fn new(ignores: &'i [Ignore], today: Option<Date>) -> Suppressor<'i> {
        let mut order: Vec<usize> = (0..ignores.len()).collect();
        order.sort_by_key(|&i| ignores.get(i).map(|g| g.kind != SuppressionKind::InSource));
        Suppressor {
            ignores,
            today,
            order,
            used: vec![false; ignores.len()],
            only_passing: vec![false; ignores.len()],
        }
    }

    /// Suppresses `f` when an entry matches it; the notes its expired entries call for go to
    /// `notes`.
    pub fn one(&mut self, f: &mut Finding, notes: &mut Vec<Note>) {
        let (ignores, today) = (self.ignores, self.today);
        for &i in &self.order {
            let Some(g) = ignores.get(i) else { continue };
            if !g.matches(f) {
                continue;
            }
            if f.status == Status::Pass {
                if let Some(p) = self.only_passing.get_mut(i) {
                    *p = true;
                }
                continue;
            }
            if let Some(u) = self.used.get_mut(i) {
                *u = true;
            }
            if f.suppression.is_some() {
                continue;
            }
            match (g.expires, today) {
                (Some(e), Some(t)) if t > e => {
                    f.message.push_str(&format!(
                        ". Note: the suppression at {} expired on {e}, so it no longer applies",
                        g.place()
                    ));
                    notes.push(Note {
                        id: "expired-suppression".to_owned(),
                        message: format!(
                            "the suppression of `{}` at {} expired on {e}; the finding counts again (reason given: {})",
                            f.resource.name(),
                            g.place(),
                            g.reason
                        ),
                        terraform: None,
                        aws_cli: None,
                    });
                }
                (Some(e), None) => {
                    f.message.push_str(&format!(
                        ". Note: the suppression at {} expires on {e}, but today's date is not known, so it does not apply",
                        g.place()
                    ));
                    notes.push(Note {
                        id: "expired-suppression".to_owned(),
                        message: format!(
                            "the suppression of `{}` at {} has an expiry date and this host has no clock; pass `today` in the options",
                            f.resource.name(),
                            g.place()
                        ),
                        terraform: None,
                        aws_cli: None,
                    });
                }
                _ => {
                    f.suppression = Some(Box::new(Suppression {
                        kind: g.kind,
                        reason: g.reason.clone(),
                        expires: g.expires.map(|d| d.to_string()),
                        location: g.location.clone(),
                    }));
                }
            }
        }
    }

    /// The notes on entries that suppressed nothing, once every finding has been through
    /// [`Suppressor::one`].
    pub fn finish(self) -> Vec<Note> {
        let mut notes = Vec::new();
        let ignores = self.ignores;
        let (used, only_passing) = (self.used, self.only_passing);
        for (i, g) in ignores.iter().enumerate() {
            if used.get(i).copied().unwrap_or(true) {
                continue;
            }
            let message = if only_passing.get(i).copied().unwrap_or(false) {
                format!(
                    "the suppression at {} is not needed: `{}` passes; remove it",
                    g.place(),
                    g.target
                )
            } else {
                format!(
                    "the suppression at {} matches no finding: nothing named `{}` is judged in this input",
                    g.place(),
                    g.target
                )
            };
            notes.push(Note {
                id: "unused-suppression".to_owned(),
                message,
                terraform: None,
                aws_cli: None,
            });
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("24-01-01"), None);
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_days(20_000).to_string(), "2024-10-04");
    }

    #[test]
    fn ignore_file_lines() {
        let text = "# comment\n\naws_instance.a EC2.8 expires:2030-01-31 reason: vendor agent\n  module.m[\"a b\"].aws_instance.x reason:   needs v1  \ni-0abc reason: gone soon\n";
        let e = parse_ignore_file(".imdsv2-policy-ignore", text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].target, "aws_instance.a");
        assert_eq!(e[0].control.as_deref(), Some("EC2.8"));
        assert_eq!(e[0].expires.as_deref(), Some("2030-01-31"));
        assert_eq!(e[0].reason, "vendor agent");
        assert_eq!(e[1].target, "module.m[\"a b\"].aws_instance.x");
        assert_eq!(e[1].reason, "needs v1");
        assert_eq!(
            e[1].location.as_ref().map(|l| (l.line, l.column)),
            Some((4, 3))
        );
        assert_eq!(e[2].target, "i-0abc");
    }

    #[test]
    fn ignore_file_errors() {
        let e = parse_ignore_file("ign", "aws_instance.a EC2.8\n").unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "error[invalid-ignore]: ignore entry `aws_instance.a`: the suppression has no reason (ign:1:1)"
        );
        let e = parse_ignore_file("ign", "\n aws_instance.a reason:\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("the suppression's reason is empty (ign:2:2)"),
            "{e}"
        );
        let e = parse_ignore_file("ign", "aws_instance.a EC2.80 reason: x\n").unwrap_err();
        assert!(e.to_string().contains("unknown control `EC2.80`"), "{e}");
        let e =
            parse_ignore_file("ign", "aws_instance.a expires:2030-02-30 reason: x\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("the expiry date `2030-02-30` is not a date"),
            "{e}"
        );
    }

    #[test]
    fn directives() {
        let loc = SourceLocation {
            file: "main.tf".into(),
            line: 3,
            column: 1,
            path: None,
        };
        assert_eq!(
            parse_directive(" just a comment", "aws_instance.a", loc.clone()).unwrap(),
            None
        );
        let g = parse_directive(
            " imdsv2-policy:ignore EC2.8 reason: legacy",
            "aws_instance.a",
            loc.clone(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (g.control.as_deref(), g.reason.as_str(), g.kind),
            (Some("EC2.8"), "legacy", SuppressionKind::InSource)
        );
        let e = parse_directive(" imdsv2-policy:ignore EC2.8", "aws_instance.a", loc.clone())
            .unwrap_err();
        assert!(e.to_string().contains("the suppression has no reason (`imdsv2-policy:ignore` on `aws_instance.a`) (main.tf:3:1)"), "{e}");
        let e =
            parse_directive(" imdsv2-policy:ignroe reason: x", "aws_instance.a", loc).unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown directive `imdsv2-policy:ignroe`"),
            "{e}"
        );
    }

    #[test]
    fn entries_need_a_reason() {
        let e = from_entries(&[IgnoreEntry {
            target: "i-1".into(),
            control: None,
            reason: "  ".into(),
            expires: None,
            location: None,
        }])
        .unwrap_err();
        assert_eq!(
            e.location.and_then(|l| l.path).as_deref(),
            Some("$.ignore[0].reason")
        );
    }
}
