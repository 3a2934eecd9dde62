//! The human-readable table: findings grouped by status, worst first, then a summary line.

use super::model::{Finding, Report, Status, Verdict};
use std::borrow::Cow;
use std::fmt::Write;

/// Text from the input (addresses, file names, values in messages) with control characters
/// and bidirectional overrides written as escapes (`\u{1b}`), so a crafted resource name cannot
/// move the cursor, recolour, or reorder what a terminal or CI log shows.
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`clean`] for text that may hold line breaks of its own making (the HCL blocks): each line.
fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// A subject as the text table names it: its address or id, and a live instance's `Name`.
fn shown(f: &Finding) -> String {
    match &f.resource.name_tag {
        Some(n) => format!("{} ({n})", f.resource.name()),
        None => f.resource.name().to_owned(),
    }
}

pub fn to_text(report: &Report, color: bool) -> String {
    to_text_with(
        report,
        &super::RenderOptions {
            color,
            ..super::RenderOptions::default()
        },
    )
}

/// [`to_text`]: `quiet` leaves out passes, suppressions and notes; `verbose` gives every
/// finding its own row (otherwise the findings one fix covers are one row with a count).
pub fn to_text_with(report: &Report, options: &super::RenderOptions) -> String {
    let (color, quiet) = (options.color, options.quiet);
    let paint = |code: &str, s: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} · {} subject{}",
        report.tool.name,
        report.tool.version,
        report.input.kind.as_str(),
        report.input.subjects,
        if report.input.subjects == 1 { "" } else { "s" }
    );
    let width = report
        .findings
        .iter()
        .map(|f| shown(f).chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for (status, label, code) in [
        (Status::Fail, "FAIL", RED),
        (Status::Unknown, "UNKNOWN", YELLOW),
        (Status::Pass, "PASS", GREEN),
    ] {
        let group: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.status == status && f.suppression.is_none())
            .collect();
        if group.is_empty() || (quiet && status == Status::Pass) {
            continue;
        }
        // One row per group of findings one fix covers, unless asked for every finding.
        let rows: Vec<(&Finding, usize)> = if options.verbose || report.groups.is_empty() {
            group.iter().map(|f| (*f, 1)).collect()
        } else {
            report
                .groups
                .iter()
                .filter_map(|g| {
                    let first = report.findings.get(*g.findings.first()?)?;
                    (first.status == status && first.suppression.is_none())
                        .then_some((first, g.findings.len()))
                })
                .collect()
        };
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                &format!("{BOLD}{code}"),
                &format!("{label} ({})", group.len())
            )
        );
        for (f, n) in rows {
            let name = if n > 1 {
                format!("{} ×{n}", super::config_address(f.resource.name()))
            } else {
                shown(f)
            };
            let _ = writeln!(
                out,
                "  {:width$}  {:<8}  {:<20}  {}",
                clean(&name),
                f.control,
                f.effective.source.as_str(),
                clean(&f.message)
            );
            if let Some(l) = &f.location {
                let _ = writeln!(
                    out,
                    "    {} {}:{}:{}",
                    paint(DIM, "at"),
                    clean(&l.file),
                    l.line,
                    l.column
                );
            }
            if let Some(t) = f.remediation.as_ref().and_then(|r| r.terraform.as_ref()) {
                let block = clean_lines(t.block.trim_end())
                    .split('\n')
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("      {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let block = block.strip_prefix("      ").unwrap_or(&block).to_owned();
                let _ = writeln!(
                    out,
                    "    {} {}:\n      {}",
                    paint(DIM, "fix in"),
                    clean(&if n > 1 {
                        super::config_address(&t.target)
                    } else {
                        t.target.clone()
                    }),
                    block
                );
            }
            if let Some(cmd) = f.remediation.as_ref().and_then(|r| r.aws_cli.as_ref()) {
                let _ = writeln!(out, "    {} {}", paint(DIM, "fix:"), clean_lines(cmd));
            }
        }
    }
    let suppressed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .collect();
    if !suppressed.is_empty() && !quiet {
        let _ = writeln!(
            out,
            "\n{}",
            paint(BOLD, &format!("SUPPRESSED ({})", suppressed.len()))
        );
        for f in suppressed {
            let Some(sup) = &f.suppression else { continue };
            let expires = sup
                .expires
                .as_ref()
                .map(|e| format!(", until {e}"))
                .unwrap_or_default();
            let at = sup
                .location
                .as_ref()
                .map(|l| format!(", {} at {}:{}", sup.kind.as_str(), l.file, l.line))
                .unwrap_or_else(|| format!(", {}", sup.kind.as_str()));
            let _ = writeln!(
                out,
                "  {:width$}  {:<8}  {:<20}  reason: {}{}",
                clean(f.resource.name()),
                f.control,
                f.status.as_str(),
                clean(&sup.reason),
                clean(&format!("{expires}{at}"))
            );
        }
    }
    for n in report.notes.iter().filter(|_| !quiet) {
        let _ = writeln!(out, "\n{} {}", paint(DIM, "note:"), clean_lines(&n.message));
    }
    let s = &report.summary;
    let verdict = match s.verdict {
        Verdict::Pass => paint(GREEN, "pass"),
        Verdict::Fail => paint(RED, "fail"),
    };
    let suppressed = if s.suppressed > 0 {
        format!(", {} suppressed", s.suppressed)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "\n{} fail, {} unknown, {} pass{suppressed}: {verdict}",
        s.fail, s.unknown, s.pass
    );
    out
}
