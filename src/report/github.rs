//! GitHub Actions output: workflow-command annotations, and a Markdown job summary.
//!
//! Annotations: `::error` for fails, `::warning` for unknowns, `::notice` for report notes.
//! GitHub shows at most 10 of each kind per step and drops the rest silently, so the writer
//! stops at 10 and says how many it left out. The job summary is appended by the shells to the
//! file named by `GITHUB_STEP_SUMMARY`; GitHub refuses a step's summary over 1 MiB, so it is cut
//! to fit, with a note.

use super::RenderOptions;
use super::markdown::{cell_code, inline};
use super::model::{Finding, Report, Status};
use super::sarif::fix_target;
use crate::i18n::Lang;
use std::fmt::Write;

/// GitHub's limit on annotations of one kind (error, warning, notice) per step.
pub const MAX_ANNOTATIONS: usize = 10;

/// The budget for the step summary: under GitHub's 1 MiB (1,048,576 bytes) per step, with room
/// for whatever else the same step writes.
pub const STEP_SUMMARY_MAX_BYTES: usize = 1_000_000;

/// Workflow commands for the report, one per line, then a plain summary line.
pub fn to_github(report: &Report, options: &RenderOptions) -> String {
    let input_name = options.input_name.as_deref().filter(|n| !n.is_empty());
    let mut out = String::new();
    let mut left_out = [0usize; 2];
    for (status, command, left) in [(Status::Fail, "error", 0), (Status::Unknown, "warning", 1)] {
        // Suppressed findings do not fail the run; annotating them would only be noise.
        let group = report
            .findings
            .iter()
            .filter(|f| f.status == status && f.suppression.is_none());
        for (i, f) in group.enumerate() {
            if i < MAX_ANNOTATIONS {
                annotation(&mut out, command, f, input_name, options.lang);
            } else if let Some(n) = left_out.get_mut(left) {
                *n += 1;
            }
        }
    }
    for n in report.notes.iter().take(MAX_ANNOTATIONS) {
        let mut text = n.message.clone();
        for extra in [&n.terraform, &n.aws_cli].into_iter().flatten() {
            text.push_str("\n\n");
            text.push_str(extra.trim_end());
        }
        let _ = writeln!(
            out,
            "::notice title={}::{}",
            escape_property(&format!("{}: {}", report.tool.name, n.id)),
            escape_data(&text)
        );
    }
    let s = &report.summary;
    let lang = options.lang;
    let verdict = crate::i18n::verdict_word(s.verdict, lang);
    let _ = write!(
        out,
        "{} {}: {}",
        report.tool.name,
        report.tool.version,
        crate::i18n::counts(s, lang)
    );
    let _ = match lang {
        Lang::En => write!(out, ": {verdict}"),
        Lang::Ja => write!(out, ": 判定 {verdict}"),
    };
    let [fails, unknowns] = left_out;
    if fails + unknowns > 0 {
        let _ = match lang {
            Lang::En => write!(
                out,
                " ({fails} fail and {unknowns} unknown not annotated: GitHub shows at most {MAX_ANNOTATIONS} errors and {MAX_ANNOTATIONS} warnings per step)"
            ),
            Lang::Ja => write!(
                out,
                "（失敗 {fails} 件と不明 {unknowns} 件は注釈していません: GitHub が 1 ステップに表示するのはエラーと警告それぞれ {MAX_ANNOTATIONS} 件までです）"
            ),
        };
    }
    out.push('\n');
    out
}

fn annotation(out: &mut String, command: &str, f: &Finding, input_name: Option<&str>, lang: Lang) {
    let mut props: Vec<(&str, String)> = Vec::new();
    match (&f.location, input_name) {
        (Some(l), _) => {
            props.push(("file", l.file.clone()));
            props.push(("line", l.line.max(1).to_string()));
            if l.column >= 1 {
                props.push(("col", l.column.to_string()));
            }
        }
        (None, Some(name)) => {
            props.push(("file", name.to_owned()));
            props.push(("line", "1".to_owned()));
        }
        // Standard input: an annotation without a file still shows on the run's summary.
        (None, None) => {}
    }
    props.push((
        "title",
        format!(
            "{} {}: {}",
            f.control,
            crate::i18n::status_word(f.status, lang),
            f.resource.name()
        ),
    ));
    let props = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect::<Vec<_>>()
        .join(",");
    let mut text = format!("{}: {}", f.resource.name(), f.message);
    if let Some(r) = &f.remediation {
        let (fix_in, fix) = match lang {
            Lang::En => ("Fix in", "Fix:"),
            Lang::Ja => ("修正箇所", "修正:"),
        };
        if let Some(t) = &r.terraform {
            let _ = write!(text, "\n\n{fix_in} {}:\n{}", t.target, t.block.trim_end());
        } else if let Some(cmd) = &r.aws_cli {
            let _ = write!(text, "\n\n{fix} {cmd}");
        } else {
            let _ = write!(text, "\n\n{fix} {}", r.summary);
        }
    }
    let _ = writeln!(out, "::{command} {props}::{}", escape_data(&text));
}

/// Escapes a workflow command's message, as `@actions/core` does.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value, as `@actions/core` does.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown job summary, within [`STEP_SUMMARY_MAX_BYTES`].
pub fn github_step_summary(report: &Report) -> String {
    github_step_summary_within(report, STEP_SUMMARY_MAX_BYTES)
}

/// [`github_step_summary`] in `lang`: the report's texts and the summary's own words.
pub fn github_step_summary_in(report: &Report, lang: Lang) -> String {
    summary_within(
        &crate::i18n::localize(report, lang),
        STEP_SUMMARY_MAX_BYTES,
        lang,
    )
}

/// The Markdown job summary in at most `max_bytes` bytes: rows that do not fit are left out,
/// worst first kept, with a line that says how many.
pub fn github_step_summary_within(report: &Report, max_bytes: usize) -> String {
    summary_within(report, max_bytes, Lang::En)
}

fn summary_within(report: &Report, max_bytes: usize, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut head = String::new();
    super::markdown::title_and_counts(&mut head, report, lang);
    let _ = writeln!(
        head,
        " · {} · {} {}\n",
        crate::i18n::subjects(report.input.subjects, lang),
        if ja { "入力:" } else { "input:" },
        report.input.kind.as_str()
    );

    // One row per group of findings one fix covers (a `count` block is one row).
    let listed: Vec<(&Finding, usize)> = [Status::Fail, Status::Unknown]
        .iter()
        .flat_map(|st| {
            let grouped: Vec<(&Finding, usize)> = if report.groups.is_empty() {
                report.findings.iter().map(|f| (f, 1)).collect()
            } else {
                report
                    .groups
                    .iter()
                    .filter_map(|g| {
                        Some((report.findings.get(*g.findings.first()?)?, g.findings.len()))
                    })
                    .collect()
            };
            grouped
                .into_iter()
                .filter(move |(f, _)| f.status == *st && f.suppression.is_none())
        })
        .collect();
    let mut tail = String::new();
    for n in &report.notes {
        let note = if ja { "**注:**" } else { "**Note:**" };
        let _ = writeln!(tail, "{note} {}\n", inline(&n.message));
        if let Some(t) = &n.terraform {
            let _ = writeln!(tail, "```hcl\n{}\n```\n", t.trim_end());
        }
    }
    let _ = writeln!(
        tail,
        "<sub>{} {}</sub>",
        report.tool.name, report.tool.version
    );

    let mut out = head;
    if !listed.is_empty() {
        let table_head = if ja {
            "| リソース | コントロール | 状態 | レイヤー | 修正箇所 |\n| --- | --- | --- | --- | --- |\n"
        } else {
            "| Resource | Control | Status | Source | Fix target |\n| --- | --- | --- | --- | --- |\n"
        };
        let cut_note = |n: usize| {
            if ja {
                format!(
                    "\n_ほかの {n} 行は表示していません: ステップサマリーの大きさには上限があります。完全なレポートを参照してください。_\n\n"
                )
            } else {
                format!(
                    "\n_{n} more row{} not shown: the step summary is limited in size; see the full report._\n\n",
                    if n == 1 { "" } else { "s" }
                )
            }
        };
        // The longest the cut note can be, so that it always fits once rows are dropped.
        let reserve = cut_note(listed.len()).len();
        let mut body = String::from(table_head);
        let mut shown = 0;
        for (f, n) in &listed {
            let row = row(f, *n, lang);
            if out.len() + body.len() + row.len() + reserve + tail.len() > max_bytes {
                break;
            }
            body.push_str(&row);
            shown += 1;
        }
        if shown > 0 {
            out.push_str(&body);
        }
        if shown < listed.len() {
            out.push_str(&cut_note(listed.len() - shown));
        } else {
            out.push('\n');
        }
    }
    if out.len() + tail.len() <= max_bytes {
        out.push_str(&tail);
    }
    truncate_at_char(&mut out, max_bytes);
    out
}

fn row(f: &Finding, n: usize, lang: Lang) -> String {
    let mark = match f.status {
        Status::Fail => "❌",
        Status::Unknown => "⚠️",
        Status::Pass => "✅",
    };
    let status = format!("{mark} {}", crate::i18n::status_word(f.status, lang));
    let mut source = f.effective.source.as_str().to_owned();
    if let Some(d) = &f.effective.decided_by {
        source = format!("{source} {}", cell_code(d));
    }
    let grouped = |t: &str| {
        if n > 1 {
            super::config_address(t)
        } else {
            t.to_owned()
        }
    };
    let fix = fix_target(f)
        .map(|t| cell_code(&grouped(&t)))
        .unwrap_or_else(|| "—".to_owned());
    let name = if n > 1 {
        format!("{} ×{n}", cell_code(&grouped(f.resource.name())))
    } else {
        cell_code(f.resource.name())
    };
    format!(
        "| {name} | {} | {status} | {source} | {fix} |\n",
        cell_code(&f.control)
    )
}

fn truncate_at_char(s: &mut String, max_bytes: usize) {
    if s.len() > max_bytes {
        let mut end = max_bytes;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}
