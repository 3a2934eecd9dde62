//! The unified diffs of `fix` (src/diff.rs) against the `similar` crate's: the same text for
//! every `.tf` fixture's fix; for thousands of generated edits, a diff that turns the old text
//! into the new one and changes as few lines as similar's (where two shortest scripts exist,
//! the two may pick different ones).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use imdsv2_policy::diff::unified;

fn reference(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header("a/f.tf", "b/f.tf")
        .to_string()
}

/// Applies a unified diff written by `unified` to `old`.
fn apply(old: &str, diff: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut at = 0;
    let mut lines = diff.split_inclusive('\n').skip(2).peekable();
    while let Some(header) = lines.next() {
        let start: usize = header
            .trim_start_matches("@@ -")
            .split([',', ' '])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let old_len: usize = header
            .trim_start_matches("@@ -")
            .split(' ')
            .next()
            .unwrap()
            .split(',')
            .nth(1)
            .map_or(1, |n| n.parse().unwrap());
        let start = if old_len == 0 { start } else { start - 1 };
        for l in &old_lines[at..start] {
            out.push_str(l);
        }
        at = start;
        while let Some(l) = lines.peek() {
            if l.starts_with("@@") {
                break;
            }
            let l = lines.next().unwrap();
            let no_newline = lines.peek().is_some_and(|n| n.starts_with('\\'));
            if no_newline {
                lines.next();
            }
            let body = if no_newline {
                &l[1..l.len() - 1]
            } else {
                &l[1..]
            };
            match l.as_bytes()[0] {
                b' ' => {
                    out.push_str(body);
                    at += 1;
                }
                b'-' => at += 1,
                b'+' => out.push_str(body),
                _ => panic!("bad line {l:?}"),
            }
        }
    }
    for l in &old_lines[at..] {
        out.push_str(l);
    }
    out
}

/// Lines added or removed.
fn changed(diff: &str) -> usize {
    diff.lines()
        .skip(2)
        .filter(|l| l.starts_with('+') || l.starts_with('-'))
        .count()
}

fn check(old: &str, new: &str, exact: bool, problems: &mut Vec<String>) {
    let ours = unified("a/f.tf", "b/f.tf", old, new, 3);
    let theirs = reference(old, new);
    if (exact && ours != theirs) || changed(&ours) != changed(&theirs) {
        problems.push(format!(
            "old:\n{old}\nnew:\n{new}\nours:\n{ours}\nsimilar:\n{theirs}"
        ));
        return;
    }
    if !ours.is_empty() && apply(old, &ours) != new {
        problems.push(format!("the diff does not apply:\n{ours}"));
    }
}

#[test]
fn fixture_fixes_match_similar() {
    let mut problems = Vec::new();
    let mut n = 0;
    let root = common::tests_dir().join("fixtures/source");
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let (before, after) = (dir.join("before"), dir.join("after"));
        if !after.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&after).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap();
            let old = std::fs::read_to_string(before.join(name)).unwrap_or_default();
            let new = std::fs::read_to_string(&file).unwrap();
            check(&old, &new, true, &mut problems);
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} fixture files");
    assert!(problems.is_empty(), "{}", problems.join("\n----\n"));
}

#[test]
fn generated_edits_apply_and_are_shortest() {
    // A small LCG: the same cases every run.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % bound
    };
    // Few distinct lines, so repeats (the hard case for a diff) are common.
    let vocabulary = [
        "}\n",
        "  }\n",
        "resource \"x\" \"y\" {\n",
        "  a = 1\n",
        "\n",
        "  b = \"2\"\n",
    ];
    let mut problems = Vec::new();
    for case in 0..3000 {
        let len = next(30) as usize;
        let old: Vec<&str> = (0..len).map(|_| vocabulary[next(6) as usize]).collect();
        let mut new = old.clone();
        for _ in 0..=next(4) {
            let at = next(new.len() as u64 + 1) as usize;
            match next(3) {
                0 => {
                    let block = [
                        "  metadata_options {\n",
                        "    http_tokens = \"required\"\n",
                        "  }\n",
                    ];
                    for (i, l) in block.iter().enumerate() {
                        new.insert(at + i, l);
                    }
                }
                1 if at < new.len() => {
                    new.remove(at);
                }
                _ => new.insert(at, vocabulary[next(6) as usize]),
            }
        }
        let mut old = old.concat();
        let mut new = new.concat();
        // Some files end without a newline.
        if case % 7 == 0 {
            old.pop();
        }
        if case % 11 == 0 {
            new.pop();
        }
        check(&old, &new, false, &mut problems);
        if problems.len() > 3 {
            break;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n----\n"));
}

#[test]
fn identical_texts_have_no_diff() {
    assert_eq!(unified("a", "b", "x\n", "x\n", 3), "");
    assert_eq!(unified("a", "b", "", "", 3), "");
}

#[test]
fn very_different_texts_still_give_a_diff_that_applies() {
    // Past the search's limit the middle becomes one replacement.
    let old: String = (0..1500).map(|i| format!("old {i}\n")).collect();
    let new: String = (0..1500).map(|i| format!("new {i}\n")).collect();
    let old = format!("same\n{old}tail\n");
    let new = format!("same\n{new}tail\n");
    let ours = unified("a/f.tf", "b/f.tf", &old, &new, 3);
    assert_eq!(apply(&old, &ours), new);
    assert_eq!(changed(&ours), 3000);
}
