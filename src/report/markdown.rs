//! GitHub-flavoured Markdown, for pull-request comments and job summaries
//! (`--format markdown=$GITHUB_STEP_SUMMARY`).
//!
//! A title with the verdict, a line of counts, a table with a row per group of findings one
//! fix covers (worst first), each group's fix once in a `<details>` block, and the report's
//! notes once. Addresses, keys and reasons come from the user's files, so every piece of
//! input text is escaped for where it goes: table cells (no `|`, line break or markup gets
//! through), HTML (`<summary>`), or code fences longer than any backtick run they hold.
//! Control and bidirectional characters are written as escapes (`\u{1b}`), as in `text`.
//!
//! Unlike the automatic step summary ([`super::github::github_step_summary`]), nothing is cut
//! to a size: the page exports it whole.

use super::RenderOptions;
use super::model::{Finding, Report, Status, Verdict};
use super::text::clean;
use crate::i18n::{Lang, status_word, verdict_word};
use std::fmt::Write as _;

/// The report as Markdown, ending in a newline. `quiet`: only the groups that fail or are
/// unknown (and not suppressed), without notes.
pub fn to_markdown(report: &Report, options: &RenderOptions) -> String {
    let lang = options.lang;
    let w = words(lang);
    let mut out = String::with_capacity(1024 + report.groups.len() * 200);
    title_and_counts(&mut out, report, lang);
    let _ = write!(
        out,
        " · {} · {}: {}",
        crate::i18n::subjects(report.input.subjects, lang),
        w.input,
        report.input.kind.as_str()
    );
    if let Some(name) = options
        .input_name
        .as_deref()
        .filter(|n| !n.is_empty() && *n != "-")
    {
        let _ = write!(out, " {}", code(name));
    }
    out.push_str("\n\n");

    let groups = groups(report, options.quiet);
    if !groups.is_empty() {
        out.push_str(w.header);
        out.push_str("| --- | --- | --- | ---: | --- |\n");
        for g in &groups {
            let reason = match &g.first.suppression {
                Some(sup) => format!("{}: {}", w.suppressed, sup.reason),
                None => g.first.message.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                status(g.first, lang),
                cell_code(&g.first.control),
                cell_code(&g.subject),
                g.count,
                cell_inline(&reason),
            );
        }
        out.push('\n');
    }

    let fixes: Vec<&Shown<'_>> = groups
        .iter()
        .filter(|g| g.first.suppression.is_none() && g.first.status != Status::Pass)
        .filter(|g| g.first.remediation.is_some())
        .collect();
    if !fixes.is_empty() {
        let _ = writeln!(out, "### {}\n", w.fixes);
        for g in fixes {
            fix(&mut out, g, lang);
        }
    }

    if !options.quiet && !report.notes.is_empty() {
        let _ = writeln!(out, "### {}\n", w.notes);
        for n in &report.notes {
            let _ = writeln!(out, "**{}:** {}\n", html(&n.id), inline(&n.message));
            if let Some(t) = &n.terraform {
                fence(&mut out, "hcl", t);
            }
            if let Some(cli) = &n.aws_cli {
                fence(&mut out, "sh", cli);
            }
        }
    }
    let _ = writeln!(
        out,
        "<sub>{} {}</sub>",
        html(&report.tool.name),
        html(&report.tool.version)
    );
    out
}

/// `## imdsv2-policy: ✅ pass` and the line of counts after it (without its end): the head
/// of this report and of the automatic step summary alike.
pub(super) fn title_and_counts(out: &mut String, report: &Report, lang: Lang) {
    let s = &report.summary;
    let icon = match s.verdict {
        Verdict::Pass => "✅",
        Verdict::Fail => "❌",
    };
    let _ = writeln!(
        out,
        "## {}: {icon} {}\n",
        report.tool.name,
        verdict_word(s.verdict, lang)
    );
    // Japanese puts the word before the number.
    let count = |n: usize, word: &str| match lang {
        Lang::En => format!("**{n}** {word}"),
        Lang::Ja => format!("{word} **{n}**"),
    };
    let _ = write!(
        out,
        "{} · {} · {}",
        count(s.fail, status_word(Status::Fail, lang)),
        count(s.unknown, status_word(Status::Unknown, lang)),
        count(s.pass, status_word(Status::Pass, lang))
    );
    if s.suppressed > 0 {
        let _ = write!(out, " · {}", count(s.suppressed, words(lang).suppressed));
    }
}

/// A group as the table shows it.
struct Shown<'r> {
    first: &'r Finding,
    subject: String,
    count: usize,
}

/// The report's groups, worst first (fail, unknown, suppressed, pass; the report's order
/// within each). A report without groups (built by hand) has a group per finding.
fn groups(report: &Report, quiet: bool) -> Vec<Shown<'_>> {
    let mut out: Vec<Shown<'_>> = if report.groups.is_empty() {
        report
            .findings
            .iter()
            .map(|f| Shown {
                first: f,
                subject: f.resource.name().to_owned(),
                count: 1,
            })
            .collect()
    } else {
        report
            .groups
            .iter()
            .filter_map(|g| {
                Some(Shown {
                    first: report.findings.get(*g.findings.first()?)?,
                    subject: g.subject.clone(),
                    count: g.findings.len(),
                })
            })
            .collect()
    };
    let rank = |f: &Finding| match (f.suppression.is_some(), f.status) {
        (false, Status::Fail) => 0,
        (false, Status::Unknown) => 1,
        (true, _) => 2,
        (false, Status::Pass) => 3,
    };
    out.sort_by_key(|g| rank(g.first));
    if quiet {
        out.retain(|g| rank(g.first) < 2);
    }
    out
}

fn status(f: &Finding, lang: Lang) -> String {
    let icon = match f.status {
        Status::Fail => "❌",
        Status::Unknown => "⚠️",
        Status::Pass => "✅",
    };
    let word = status_word(f.status, lang);
    if f.suppression.is_some() {
        format!("🔇 {} ({word})", words(lang).suppressed)
    } else {
        format!("{icon} {word}")
    }
}

/// The writer's own words.
struct Words {
    header: &'static str,
    suppressed: &'static str,
    input: &'static str,
    fixes: &'static str,
    notes: &'static str,
    fix_in: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            header: "| Status | Control | Subject | Instances | Reason |\n",
            suppressed: "suppressed",
            input: "input",
            fixes: "Fixes",
            notes: "Notes",
            fix_in: "In",
        },
        Lang::Ja => &Words {
            header: "| 状態 | コントロール | 対象 | インスタンス数 | 理由 |\n",
            suppressed: "抑制",
            input: "入力",
            fixes: "修正",
            notes: "注",
            fix_in: "修正箇所",
        },
    }
}

/// A group's fix: what to do, the Terraform block (at the block's configuration address
/// when it covers several instances) and the AWS CLI command.
fn fix(out: &mut String, g: &Shown<'_>, lang: Lang) {
    let Some(r) = &g.first.remediation else {
        return;
    };
    let many = if g.count > 1 {
        format!(" ×{}", g.count)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<details>\n<summary>{} <code>{}</code> <code>{}</code>{many}</summary>\n",
        status(g.first, lang),
        html(&g.first.control),
        html(&g.subject)
    );
    let _ = writeln!(out, "{}\n", inline(&r.summary));
    if let Some(t) = &r.terraform {
        let target = if g.count > 1 {
            super::config_address(&t.target)
        } else {
            t.target.clone()
        };
        let _ = writeln!(out, "{} {}:\n", words(lang).fix_in, code(&target));
        fence(out, "hcl", &t.block);
    }
    if let Some(cli) = &r.aws_cli {
        fence(out, "sh", cli);
    }
    for n in &r.notes {
        let _ = writeln!(out, "- {}", inline(n));
    }
    if !r.notes.is_empty() {
        out.push('\n');
    }
    out.push_str("</details>\n\n");
}

/// A fenced code block: control characters escaped line by line, and a fence of backticks
/// longer than any run of them inside, so the text cannot close it.
fn fence(out: &mut String, lang: &str, body: &str) {
    let body: String = body
        .trim_end()
        .split('\n')
        .map(|l| clean(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(out, "{ticks}{lang}\n{body}\n{ticks}\n");
}

/// Text for HTML (the `<summary>` line, which opens an HTML block: Markdown is not read in
/// it): markup characters as references, control characters as escapes, line breaks as
/// spaces.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(&s.replace(['\r', '\n'], " ")).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A name as a code span outside a table; a name with a backtick as escaped text instead.
fn code(s: &str) -> String {
    let one_line = clean(&s.replace(['\r', '\n'], " ")).into_owned();
    if one_line.contains('`') || one_line.trim().is_empty() {
        text(&one_line)
    } else {
        format!("`{one_line}`")
    }
}

/// A code span that is safe in a table cell (GFM reads `\|` as a pipe even in code). Names
/// with a backtick are written as escaped text instead, since a code span cannot hold them
/// simply.
pub fn cell_code(s: &str) -> String {
    let one_line = clean(&s.replace(['\r', '\n'], " ")).into_owned();
    if one_line.contains('`') || one_line.trim().is_empty() {
        text(&one_line)
    } else {
        format!("`{}`", one_line.replace('|', "\\|"))
    }
}

/// [`inline`] for a table cell: pipes in code spans escaped too.
fn cell_inline(s: &str) -> String {
    inline_with(s, true)
}

/// Text that may hold `code spans` (messages quote names and values from the input): the
/// spans are kept, everything else is escaped as by [`text`]. With unpaired backticks, or an
/// empty span, no span is trusted.
pub fn inline(s: &str) -> String {
    inline_with(s, false)
}

fn inline_with(s: &str, in_cell: bool) -> String {
    let one_line = clean(&s.replace(['\r', '\n'], " ")).into_owned();
    let parts: Vec<&str> = one_line.split('`').collect();
    if parts.len().is_multiple_of(2) || parts.iter().skip(1).step_by(2).any(|p| p.trim().is_empty())
    {
        return text(&one_line);
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| match (i % 2 == 1, in_cell) {
            (true, true) => format!("`{}`", part.replace('|', "\\|")),
            (true, false) => format!("`{part}`"),
            (false, _) => text(part),
        })
        .collect()
}

/// Text with the characters that can start inline markup escaped (CommonMark allows a
/// backslash before any ASCII punctuation): emphasis, code, links, HTML and entities, table
/// cells, GitHub's strikethrough, math (`$`) and mentions (`@`). Newlines are folded. The
/// text never starts a line here, so block markers (`#`, `-`, `>`) need nothing.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$' | '@' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell_code, cell_inline, code, fence, html, inline};

    #[test]
    fn input_text_cannot_break_out() {
        assert_eq!(
            cell_code("aws_instance.web[\"a|b\"]"),
            "`aws_instance.web[\"a|b\"]`".replace('|', "\\|")
        );
        assert_eq!(cell_code("x`y"), "x\\`y");
        assert_eq!(cell_code("a\nb"), "`a b`");
        assert_eq!(cell_code("a\u{1b}[31m"), "`a\\u{1b}[31m`");
        assert_eq!(code("<b>"), "`<b>`");
        assert_eq!(
            inline("set `http_tokens` to <b>"),
            "set `http_tokens` to \\<b\\>"
        );
        assert_eq!(inline("odd ` tick |"), "odd \\` tick \\|");
        assert_eq!(cell_inline("key `a|b`"), "key `a\\|b`");
        assert_eq!(
            html("<img src=x onerror=alert(1)> *x* \"&"),
            "&lt;img src=x onerror=alert(1)&gt; *x* &quot;&amp;"
        );
        assert_eq!(
            inline("**@team** $x$ [a](b) ~~s~~ & c's, d: e."),
            "\\*\\*\\@team\\*\\* \\$x\\$ \\[a\\](b) \\~\\~s\\~\\~ \\& c's, d: e."
        );
        let mut out = String::new();
        fence(&mut out, "hcl", "a ``` b\n\u{1b}c");
        assert_eq!(out, "````hcl\na ``` b\n\\u{1b}c\n````\n\n");
    }
}
