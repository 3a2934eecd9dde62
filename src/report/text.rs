//! The human-readable table: findings grouped by status, worst first, then a summary line.

use super::model::{Finding, Report, Status, Verdict};
use std::fmt::Write;

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

pub fn to_text(report: &Report, color: bool) -> String {
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
        .map(|f| f.resource.name().chars().count())
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
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                &format!("{BOLD}{code}"),
                &format!("{label} ({})", group.len())
            )
        );
        for f in group {
            let _ = writeln!(
                out,
                "  {:width$}  {:<8}  {:<20}  {}",
                f.resource.name(),
                f.control,
                f.effective.source.as_str(),
                f.message
            );
            if let Some(l) = &f.location {
                let _ = writeln!(
                    out,
                    "    {} {}:{}:{}",
                    paint(DIM, "at"),
                    l.file,
                    l.line,
                    l.column
                );
            }
            if let Some(t) = f.remediation.as_ref().and_then(|r| r.terraform.as_ref()) {
                let block = t.block.trim_end().replace('\n', "\n      ");
                let _ = writeln!(
                    out,
                    "    {} {}:\n      {}",
                    paint(DIM, "fix in"),
                    t.target,
                    block
                );
            }
            if let Some(cmd) = f.remediation.as_ref().and_then(|r| r.aws_cli.as_ref()) {
                let _ = writeln!(out, "    {} {cmd}", paint(DIM, "fix:"));
            }
        }
    }
    let suppressed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .collect();
    if !suppressed.is_empty() {
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
                "  {:width$}  {:<8}  {:<20}  reason: {}{expires}{at}",
                f.resource.name(),
                f.control,
                f.status.as_str(),
                sup.reason
            );
        }
    }
    for n in &report.notes {
        let _ = writeln!(out, "\n{} {}", paint(DIM, "note:"), n.message);
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
