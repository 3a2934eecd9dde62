//! The `.tf` fixtures of issue 5, one directory per case under `tests/fixtures/source/`:
//!
//! - `before/`: the files as written (`.tf`, `.tfvars`);
//! - `fix.diff`: the unified diff `fix` prints (absent when there is nothing to fix);
//! - `after/`: every file the fix changes, as it must read afterwards;
//! - `manual.txt`: the manual steps, one `target: message` a line (absent when none);
//! - `findings.txt`: `address status source file:line:column [suppressed]` before and after.
//!
//! Every case is also fixed a second time (nothing may change) and checked for bytes changed
//! outside the blocks the fix says it edits. `UPDATE_FIXTURES=1 cargo test --test
//! source_fixtures` rewrites the expectations; review the diff before committing it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use hcl_edit::Span;
use imdsv2_policy::fix::FixResult;
use imdsv2_policy::{Options, Report, evaluate_sources, fix_sources};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/source")
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    assert!(
        v.len() >= 15,
        "expected the source fixtures under {}",
        root().display()
    );
    v
}

fn name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

fn load(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return files;
    }
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        files.insert(n, std::fs::read_to_string(&p).unwrap());
    }
    files
}

/// A fixed date, so expiries read the same every day.
fn options() -> Options {
    Options {
        today: Some("2026-01-15".to_owned()),
        ..Options::default()
    }
}

fn update() -> bool {
    std::env::var_os("UPDATE_FIXTURES").is_some()
}

fn findings_text(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        let at = f
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
            .unwrap_or_default();
        let sup = if f.suppression.is_some() {
            " suppressed"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{} {} {} {at}{sup}",
            f.resource.name(),
            f.status.as_str(),
            f.effective.source.as_str()
        );
    }
    s
}

fn manual_text(r: &FixResult) -> String {
    r.manual
        .iter()
        .map(|m| format!("{}: {}\n", m.target, m.message))
        .collect()
}

/// Compares, or writes when updating; returns a failure message.
fn expect(path: &Path, actual: &str, failures: &mut Vec<String>) {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return;
    }
    if update() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, actual).unwrap();
        }
        return;
    }
    failures.push(format!(
        "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
        path.strip_prefix(root()).unwrap_or(path).display()
    ));
}

#[test]
fn every_fixture_fixes_as_expected() {
    let mut failures = Vec::new();
    for case in cases() {
        let before = load(&case.join("before"));
        let result =
            fix_sources(&before, &options()).unwrap_or_else(|e| panic!("{}: {e}", name(&case)));
        expect(&case.join("fix.diff"), &result.diff, &mut failures);
        expect(
            &case.join("manual.txt"),
            &manual_text(&result),
            &mut failures,
        );
        let mut after = before.clone();
        for f in &result.files {
            after.insert(f.file.clone(), f.content.clone());
        }
        if update() {
            let _ = std::fs::remove_dir_all(case.join("after"));
        }
        for f in &result.files {
            expect(&case.join("after").join(&f.file), &f.content, &mut failures);
        }
        let expected_after = load(&case.join("after"));
        for n in expected_after.keys() {
            if !result.files.iter().any(|f| &f.file == n) && !update() {
                failures.push(format!(
                    "{}: `after/{n}` exists, but the fix leaves `{n}` alone",
                    name(&case)
                ));
            }
        }
        let report_before = evaluate_sources(&before, &options()).unwrap();
        let report_after = evaluate_sources(&after, &options()).unwrap();
        let text = format!(
            "before:\n{}after:\n{}",
            findings_text(&report_before),
            findings_text(&report_after)
        );
        expect(&case.join("findings.txt"), &text, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_second_run_changes_nothing() {
    for case in cases() {
        let mut files = load(&case.join("before"));
        let first = fix_sources(&files, &options()).unwrap();
        for f in &first.files {
            files.insert(f.file.clone(), f.content.clone());
        }
        let second = fix_sources(&files, &options()).unwrap();
        assert!(
            second.files.is_empty() && second.diff.is_empty(),
            "{}: the second run changes something:\n{}",
            name(&case),
            second.diff
        );
        assert!(
            manual_text(&second).lines().count() <= manual_text(&first).lines().count(),
            "{}: the second run asks for more by hand than the first:\n{}",
            name(&case),
            manual_text(&second)
        );
    }
}

/// The block an edit target names, found by parsing the original again: `resource` blocks
/// by their labels, `variable` blocks for `var.x`, the `locals` block holding `local.x`.
fn block_of(text: &str, target: &str) -> Option<Range<usize>> {
    let body = hcl_edit::parser::parse_body(text).unwrap();
    let parts: Vec<&str> = target.split('.').collect();
    for b in body.blocks() {
        let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
        let hit = match (b.ident.value().as_str(), parts.as_slice()) {
            ("variable", ["var", n]) => labels == [*n],
            ("locals", ["local", n]) => b.body.has_attribute(n),
            ("resource", [t, n]) => labels == [*t, *n],
            _ => false,
        };
        if hit {
            return b.span();
        }
    }
    None
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count()
}

#[test]
fn no_byte_changes_outside_the_edited_blocks() {
    for case in cases() {
        let before = load(&case.join("before"));
        let result = fix_sources(&before, &options()).unwrap();
        for f in &result.files {
            let old = &before[&f.file];
            let new = &f.content;
            let mut blocks: Vec<Range<usize>> = f
                .edits
                .iter()
                .map(|e| {
                    block_of(old, &e.target)
                        .unwrap_or_else(|| panic!("{}: no block for `{}`", name(&case), e.target))
                })
                .collect();
            blocks.sort_by_key(|r| r.start);
            blocks.dedup();
            // Byte level: the text between edited blocks is the same, shifted by what the edits
            // inside the blocks before it added.
            let mut shift: isize = 0;
            let mut prev_end = 0usize;
            for b in &blocks {
                let seg = &old[prev_end..b.start];
                let at = (prev_end as isize + shift) as usize;
                assert_eq!(
                    new.get(at..at + seg.len()),
                    Some(seg),
                    "{}: `{}` changed outside the edited blocks (before byte {})",
                    name(&case),
                    f.file,
                    b.start
                );
                for e in f
                    .edits
                    .iter()
                    .filter(|e| b.start <= e.start && e.end <= b.end)
                {
                    shift += e.replacement.len() as isize - (e.end - e.start) as isize;
                }
                prev_end = b.end;
            }
            let tail = &old[prev_end..];
            assert!(
                new.ends_with(tail),
                "{}: `{}` changed after the last edited block",
                name(&case),
                f.file
            );
            assert_eq!(
                new.len() as isize,
                old.len() as isize + shift,
                "{}: edits outside the blocks",
                name(&case)
            );
            // Line level, from a diff that knows nothing of the edits: every changed line of the
            // original lies inside an edited block.
            let line_ranges: Vec<(usize, usize)> = blocks
                .iter()
                .map(|b| (line_of(old, b.start), line_of(old, b.end.saturating_sub(1))))
                .collect();
            let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
            for op in diff.ops() {
                let (tag, old_range, _) = op.as_tag_tuple();
                if tag == similar::DiffTag::Equal {
                    continue;
                }
                let inside = line_ranges.iter().any(|&(first, last)| {
                    if old_range.is_empty() {
                        // An insertion before line `start`: inside when between the first and last lines.
                        first < old_range.start && old_range.start <= last
                    } else {
                        first <= old_range.start && old_range.end - 1 <= last
                    }
                });
                assert!(
                    inside,
                    "{}: `{}` lines {:?} changed outside the edited blocks {line_ranges:?}",
                    name(&case),
                    f.file,
                    old_range
                );
            }
        }
    }
}

#[test]
fn crlf_fixture_keeps_crlf() {
    let case = root().join("crlf_line_endings");
    let before = load(&case.join("before"));
    assert!(
        before["main.tf"].contains("\r\n"),
        "the fixture lost its CR LF line endings"
    );
    let result = fix_sources(&before, &options()).unwrap();
    let after = &result.files[0].content;
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "a bare LF crept in:\n{after:?}"
    );
}
