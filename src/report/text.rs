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

/// Columns a terminal gives `s`: East Asian wide and fullwidth characters (CJK, kana,
/// Hangul, fullwidth forms, most emoji) take two, combining marks and zero-width characters
/// none, the rest one. (The ranges of Unicode's East Asian Width `W`/`F` that matter in
/// addresses, `for_each` keys and tags; the table is small enough to keep out of a crate.)
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F | 0x20D0..=0x20FF => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` columns (as [`display_width`] counts them).
fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` in lines of at most `width` columns, broken at spaces (a word longer than the
/// line stays whole); the lines after the first start with `indent`. Japanese has no spaces
/// between words: a line may also break after a wide character (kana, kanji, fullwidth
/// punctuation), never inside a run of ASCII such as a backquoted address.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut line = 0;
    for word in text.split(' ') {
        // The pieces of the word a line may end after: each ends with a wide character, or is
        // the word's narrow tail.
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if display_width(c.encode_utf8(&mut [0; 4])) == 2 {
                let end = i + c.len_utf8();
                pieces.extend(word.get(start..end));
                start = end;
            }
        }
        pieces.extend(word.get(start..).filter(|t| !t.is_empty() || start == 0));
        for (n, piece) in pieces.into_iter().enumerate() {
            let w = display_width(piece);
            let gap = usize::from(n == 0);
            if line > 0 && line + gap + w > width {
                out.push('\n');
                out.push_str(indent);
                line = 0;
            } else if line > 0 && n == 0 {
                out.push(' ');
                line += 1;
            }
            out.push_str(piece);
            line += w;
        }
    }
    out
}

/// The narrowest the reason column is wrapped to: below it, a reason is one long line.
const MIN_REASON_WIDTH: usize = 30;

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
    let lang = options.lang;
    let words = crate::i18n::words(lang);
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
        "{} {} · {} · {}",
        report.tool.name,
        report.tool.version,
        report.input.kind.as_str(),
        crate::i18n::subjects(report.input.subjects, lang)
    );
    let group_names = report.groups.iter().filter_map(|g| {
        let first = report.findings.get(*g.findings.first()?)?;
        (g.findings.len() > 1).then(|| {
            display_width(&clean(&super::config_address(first.resource.name())))
                + 3
                + g.findings.len().to_string().len()
        })
    });
    let width = report
        .findings
        .iter()
        .map(|f| display_width(&clean(&shown(f))))
        .chain(group_names)
        .max()
        .unwrap_or(0)
        .clamp(display_width(words.resource), 60);
    // The control column holds the ids (8 wide at most) and its heading.
    let control_width = display_width(words.control).max(8);
    // Where the reason column starts, and how wide it may be on this terminal.
    let reason_at = 2 + width + 2 + control_width + 2 + 20 + 2;
    let reason_width = options
        .width
        .map(|w| w.saturating_sub(reason_at))
        .filter(|w| *w >= MIN_REASON_WIDTH);
    let indent = " ".repeat(reason_at);
    // On a terminal too narrow for the column, the reason goes on its own lines below.
    let reason = |text: &str| match (reason_width, options.width) {
        (Some(w), _) => wrap(text, w, &indent),
        (None, Some(w)) => format!(
            "\n    {}",
            wrap(text, w.saturating_sub(4).max(MIN_REASON_WIDTH), "    ")
        ),
        (None, None) => text.to_owned(),
    };
    let mut header = false;
    for (status, code) in [
        (Status::Fail, RED),
        (Status::Unknown, YELLOW),
        (Status::Pass, GREEN),
    ] {
        let label = crate::i18n::status_heading(status, lang);
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
        if !header {
            header = true;
            let _ = write!(
                out,
                "\n{}",
                paint(
                    DIM,
                    &format!(
                        "  {}  {}  {}{}{}",
                        pad(words.resource, width),
                        pad(words.control, control_width),
                        pad(words.layer, 20),
                        // Where reasons go below their rows, so does the heading.
                        if reason_width.is_none() && options.width.is_some() {
                            "\n    "
                        } else {
                            "  "
                        },
                        words.reason_heading
                    )
                )
            );
            out.push('\n');
        }
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
                "  {}  {}  {:<20}  {}",
                pad(&clean(&name), width),
                pad(&f.control, control_width),
                f.effective.source.as_str(),
                reason(&clean(&f.message))
            );
            if let Some(l) = &f.location {
                let _ = writeln!(
                    out,
                    "    {} {}:{}:{}",
                    paint(DIM, words.at),
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
                    paint(DIM, words.fix_in),
                    clean(&if n > 1 {
                        super::config_address(&t.target)
                    } else {
                        t.target.clone()
                    }),
                    block
                );
            }
            if let Some(cmd) = f.remediation.as_ref().and_then(|r| r.aws_cli.as_ref()) {
                let _ = writeln!(out, "    {} {}", paint(DIM, words.fix), clean_lines(cmd));
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
            paint(
                BOLD,
                &format!("{} ({})", words.suppressed_heading, suppressed.len())
            )
        );
        for f in suppressed {
            let Some(sup) = &f.suppression else { continue };
            let expires = sup
                .expires
                .as_ref()
                .map(|e| match lang {
                    crate::i18n::Lang::En => format!(", until {e}"),
                    crate::i18n::Lang::Ja => format!("、期限 {e}"),
                })
                .unwrap_or_default();
            let at = sup
                .location
                .as_ref()
                .map(|l| match lang {
                    crate::i18n::Lang::En => {
                        format!(", {} at {}:{}", sup.kind.as_str(), l.file, l.line)
                    }
                    crate::i18n::Lang::Ja => {
                        format!("、{}（{}:{}）", sup.kind.as_str(), l.file, l.line)
                    }
                })
                .unwrap_or_else(|| match lang {
                    crate::i18n::Lang::En => format!(", {}", sup.kind.as_str()),
                    crate::i18n::Lang::Ja => format!("、{}", sup.kind.as_str()),
                });
            let _ = writeln!(
                out,
                "  {}  {}  {:<20}  {}",
                pad(&clean(f.resource.name()), width),
                pad(&f.control, control_width),
                f.status.as_str(),
                reason(&format!(
                    "{} {}{}",
                    words.reason,
                    clean(&sup.reason),
                    clean(&format!("{expires}{at}"))
                ))
            );
        }
    }
    for n in report.notes.iter().filter(|_| !quiet) {
        let _ = writeln!(
            out,
            "\n{} {}",
            paint(DIM, words.note),
            clean_lines(&n.message)
        );
    }
    let s = &report.summary;
    let word = crate::i18n::verdict_word(s.verdict, lang);
    let verdict = match s.verdict {
        Verdict::Pass => paint(GREEN, word),
        Verdict::Fail => paint(RED, word),
    };
    let counts = crate::i18n::counts(s, lang);
    let _ = match lang {
        crate::i18n::Lang::En => writeln!(out, "\n{counts}: {verdict}"),
        crate::i18n::Lang::Ja => writeln!(out, "\n{counts}: 判定 {verdict}"),
    };
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{display_width, pad, wrap};

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("web"), 3);
        assert_eq!(display_width("東京"), 4);
        assert_eq!(display_width("ｗｅｂ"), 6);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("aws_instance.web[\"本番\"]"), 24);
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(pad("tokyo", 6), "tokyo ");
    }

    #[test]
    fn wrapping_breaks_at_spaces_within_the_width() {
        let text = "IMDSv1 is reachable: nothing sets `http_tokens`, so EC2's default applies";
        let wrapped = wrap(text, 30, "  ");
        for (i, line) in wrapped.split('\n').enumerate() {
            let body = if i == 0 {
                line
            } else {
                line.strip_prefix("  ").unwrap()
            };
            assert!(display_width(body) <= 30, "{line:?}");
        }
        assert_eq!(wrapped.replace("\n  ", " "), text);
        // A word longer than the line is kept whole.
        assert_eq!(
            wrap("a verylongwordindeed b", 5, ""),
            "a\nverylongwordindeed\nb"
        );
    }
}
