//! JUnit XML, as GitLab's test reports, Jenkins, Azure Pipelines and CircleCI read it.
//!
//! One `<testsuite>` per control, one `<testcase>` per finding (`name` the address or id,
//! `classname` the control, `file` and `line` where the finding has a place). A fail is a
//! `<failure>`, with the fix in its text; an unknown that fails the verdict (marked unjudged:
//! nothing judged it; or any unknown under `--fail-on-unknown`) is a `<failure
//! type="unknown">`; other unknowns and suppressed findings are `<skipped>` with the reason. Output is deterministic: no timestamps, no host names.

use super::RenderOptions;
use super::model::{Finding, Report, Status};
use std::fmt::Write as _;

/// The report as JUnit XML, ending in a newline.
pub fn to_junit(report: &Report, options: &RenderOptions) -> String {
    let mut controls: Vec<&str> = report.findings.iter().map(|f| f.control.as_str()).collect();
    controls.sort_unstable();
    controls.dedup();
    let strict = options.fail_on_unknown;
    let count =
        |fs: &[&Finding], kind: Kind| fs.iter().filter(|f| kind_of(f, strict) == kind).count();
    let all: Vec<&Finding> = report.findings.iter().collect();
    let mut out = String::with_capacity(256 + report.findings.len() * 256);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{} {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        xml(&report.tool.name),
        xml(&report.tool.version),
        all.len(),
        count(&all, Kind::Failure),
        count(&all, Kind::Skipped),
    );
    for control in controls {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.control == control)
            .collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            xml(control),
            findings.len(),
            count(&findings, Kind::Failure),
            count(&findings, Kind::Skipped),
        );
        for f in findings {
            testcase(&mut out, f, options);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pass,
    Failure,
    Skipped,
}

/// What a finding is to JUnit; `strict` when unknowns fail the verdict (`--fail-on-unknown`).
fn kind_of(f: &Finding, strict: bool) -> Kind {
    match (f.status, &f.suppression, f.unjudged || strict) {
        (_, Some(_), _) => Kind::Skipped,
        (Status::Pass, None, _) => Kind::Pass,
        (Status::Fail, None, _) | (Status::Unknown, None, true) => Kind::Failure,
        (Status::Unknown, None, false) => Kind::Skipped,
    }
}

fn testcase(out: &mut String, f: &Finding, options: &RenderOptions) {
    let name = match &f.resource.name_tag {
        Some(tag) => format!("{} ({tag})", f.resource.name()),
        None => f.resource.name().to_owned(),
    };
    let (file, line) = match (&f.location, options.input_name.as_deref()) {
        (Some(l), _) => (Some(l.file.as_str()), Some(l.line)),
        (None, Some(n)) if !n.is_empty() && n != "-" => (Some(n), None),
        _ => (None, None),
    };
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        xml(&name),
        xml(&f.control)
    );
    if let Some(file) = file {
        let _ = write!(out, " file=\"{}\"", xml(file));
    }
    if let Some(line) = line {
        let _ = write!(out, " line=\"{line}\"");
    }
    match kind_of(f, options.fail_on_unknown) {
        Kind::Pass => out.push_str("/>\n"),
        Kind::Skipped => {
            let (suppressed, unknown) = match options.lang {
                crate::i18n::Lang::En => ("suppressed:", "unknown:"),
                crate::i18n::Lang::Ja => ("抑制:", "不明:"),
            };
            let why = match &f.suppression {
                Some(s) => format!("{suppressed} {}", s.reason),
                None => format!("{unknown} {}", f.message),
            };
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                xml(&why)
            );
        }
        Kind::Failure => {
            let kind = if f.status == Status::Fail {
                "fail"
            } else {
                "unknown"
            };
            let _ = write!(
                out,
                ">\n      <failure type=\"{kind}\" message=\"{}\">",
                xml(&f.message)
            );
            let mut body = format!("{} ({})", f.message, f.severity.as_str());
            if let Some(r) = &f.remediation {
                let _ = write!(body, "\n\n{}", r.summary);
                if let Some(t) = &r.terraform {
                    let fix_in = match options.lang {
                        crate::i18n::Lang::En => "Fix in",
                        crate::i18n::Lang::Ja => "修正箇所",
                    };
                    let _ = write!(body, "\n\n{fix_in} {}:\n{}", t.target, t.block);
                }
                if let Some(cli) = &r.aws_cli {
                    let _ = write!(body, "\n\n{cli}");
                }
            }
            out.push_str(&text(&body));
            out.push_str("</failure>\n    </testcase>\n");
        }
    }
}

/// Text as XML character data or an attribute value: the five markup characters escaped, and
/// the characters XML 1.0 cannot hold (controls other than tab, newline and carriage return)
/// as U+FFFD, so that a hostile address cannot break the document.
/// In attributes, newlines and tabs are written as references too, which attribute-value
/// normalization would otherwise turn into spaces.
pub fn xml(s: &str) -> String {
    escape(s, true)
}

/// [`xml`] for character data: newlines and tabs kept as they are.
fn text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' | '\'' | '\n' | '\t' if !attribute => out.push(c),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{text, xml};

    #[test]
    fn markup_and_controls_cannot_escape() {
        assert_eq!(
            xml("a<b>&\"c'\n\u{1b}[31m"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}[31m"
        );
        assert_eq!(text("a\n\t\"b\r<"), "a\n\t\"b&#13;&lt;");
    }
}
