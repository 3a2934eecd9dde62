//! Unified diffs of fixed files: Myers' shortest edit script over lines, grouped into hunks
//! with context, written as `diff -u` and `git diff` do (`\ No newline at end of file`
//! included), so `git apply` and `patch` take them.
//!
//! A fix changes a few lines of a file, so the edit script is short and the greedy O(ND)
//! search is fast; should a pair of files differ in more than [`MAX_EDITS`] lines, the part
//! between their common start and end is written as one replacement (still a correct diff,
//! only not the shortest). `tests/diff.rs` holds it to the `similar` crate: the same text on
//! every fixture's fix, and as few changed lines on thousands of generated edits (where two
//! shortest scripts exist, the two may choose differently). Writing it here keeps that
//! crate's ~20 KB (gzipped) out of the wasm module.

use std::fmt::Write as _;

/// Beyond this many inserted plus deleted lines, the middle is one replacement.
const MAX_EDITS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal,
    Delete,
    Insert,
}

/// One line-level step: `Equal` and `Delete` consume a line of the old text, `Equal` and
/// `Insert` one of the new.
#[derive(Debug, Clone, Copy)]
struct Step {
    op: Op,
    old: usize,
    new: usize,
}

/// `--- a`, `+++ b` and the hunks turning `old` into `new` with `context` lines of context
/// around each change; empty when the texts are the same.
pub fn unified(a: &str, b: &str, old: &str, new: &str, context: usize) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let steps = script(&old_lines, &new_lines);
    let mut out = String::new();
    for hunk in hunks(&steps, context) {
        if out.is_empty() {
            let _ = writeln!(out, "--- {a}");
            let _ = writeln!(out, "+++ {b}");
        }
        write_hunk(&mut out, hunk, &old_lines, &new_lines);
    }
    out
}

/// The edit script: common start, Myers over the middle, common end.
fn script(a: &[&str], b: &[&str]) -> Vec<Step> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_rest, b_rest) = (
        a.get(prefix..).unwrap_or_default(),
        b.get(prefix..).unwrap_or_default(),
    );
    let suffix = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = a_rest.get(..a_rest.len() - suffix).unwrap_or_default();
    let b_mid = b_rest.get(..b_rest.len() - suffix).unwrap_or_default();

    let mut steps: Vec<Step> = (0..prefix)
        .map(|i| Step {
            op: Op::Equal,
            old: i,
            new: i,
        })
        .collect();
    let middle = myers(a_mid, b_mid).unwrap_or_else(|| {
        let deletes = (0..a_mid.len()).map(|i| Step {
            op: Op::Delete,
            old: i,
            new: 0,
        });
        let inserts = (0..b_mid.len()).map(|j| Step {
            op: Op::Insert,
            old: a_mid.len(),
            new: j,
        });
        deletes.chain(inserts).collect()
    });
    steps.extend(middle.into_iter().map(|s| Step {
        op: s.op,
        old: s.old + prefix,
        new: s.new + prefix,
    }));
    let (a_end, b_end) = (prefix + a_mid.len(), prefix + b_mid.len());
    steps.extend((0..suffix).map(|i| Step {
        op: Op::Equal,
        old: a_end + i,
        new: b_end + i,
    }));
    steps
}

/// Myers' greedy search for a shortest edit script, or `None` past [`MAX_EDITS`]. Round `d`
/// keeps the furthest-reaching x of each diagonal `k` in -d..=d; the rounds are kept (as
/// windows of that width, O(D²) in all) to walk back from the end.
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<Step>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDITS) as isize;
    let width = 2 * max as usize + 3;
    let offset = max + 1;
    let mut v = vec![0isize; width];
    let at = |v: &[isize], k: isize| v.get((k + offset) as usize).copied().unwrap_or(0);
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut end = None;
    'search: for d in 0..=max {
        trace.push((-d..=d).map(|k| at(&v, k)).collect());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && at(&v, k - 1) < at(&v, k + 1)) {
                at(&v, k + 1)
            } else {
                at(&v, k - 1) + 1
            };
            let mut y = x - k;
            while x < n && y < m && a.get(x as usize) == b.get(y as usize) {
                x += 1;
                y += 1;
            }
            if let Some(slot) = v.get_mut((k + offset) as usize) {
                *slot = x;
            }
            if x >= n && y >= m {
                end = Some(d);
                break 'search;
            }
            k += 2;
        }
    }
    let end = end?;

    // Walk back: each round's move (an insert or a delete), then the diagonal before it.
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..=end).rev() {
        let row = trace.get(d as usize)?;
        let before = |k: isize| row.get((k + d) as usize).copied().unwrap_or(0);
        let k = x - y;
        let prev_k = if k == -d || (k != d && before(k - 1) < before(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = if d == 0 { 0 } else { before(prev_k) };
        let prev_y = if d == 0 { 0 } else { prev_x - prev_k };
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            steps.push(Step {
                op: Op::Equal,
                old: x as usize,
                new: y as usize,
            });
        }
        if d > 0 {
            if x == prev_x {
                steps.push(Step {
                    op: Op::Insert,
                    old: x as usize,
                    new: prev_y as usize,
                });
            } else {
                steps.push(Step {
                    op: Op::Delete,
                    old: prev_x as usize,
                    new: y as usize,
                });
            }
        }
        x = prev_x;
        y = prev_y;
    }
    steps.reverse();
    Some(steps)
}

/// The steps in hunks: each change with up to `context` equal lines around it, changes less
/// than twice that apart in one hunk.
fn hunks(steps: &[Step], context: usize) -> Vec<&[Step]> {
    let changes: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.op != Op::Equal)
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&first) = changes.get(i) {
        let mut last = first;
        while let Some(&next) = changes.get(i + 1) {
            if next - last - 1 > 2 * context {
                break;
            }
            last = next;
            i += 1;
        }
        let start = first.saturating_sub(context);
        let end = (last + 1 + context).min(steps.len());
        if let Some(hunk) = steps.get(start..end) {
            out.push(hunk);
        }
        i += 1;
    }
    out
}

fn write_hunk(out: &mut String, hunk: &[Step], old: &[&str], new: &[&str]) {
    let (Some(first), Some(_)) = (hunk.first(), hunk.last()) else {
        return;
    };
    let old_len = hunk.iter().filter(|s| s.op != Op::Insert).count();
    let new_len = hunk.iter().filter(|s| s.op != Op::Delete).count();
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        range(first.old, old_len),
        range(first.new, new_len)
    );
    // Within a run of changes, the deleted lines come before the inserted ones.
    let mut i = 0;
    while let Some(step) = hunk.get(i) {
        if step.op == Op::Equal {
            line(out, ' ', old.get(step.old));
            i += 1;
            continue;
        }
        let run_end = hunk
            .iter()
            .skip(i)
            .position(|s| s.op == Op::Equal)
            .map_or(hunk.len(), |p| i + p);
        let run = hunk.get(i..run_end).unwrap_or_default();
        for s in run.iter().filter(|s| s.op == Op::Delete) {
            line(out, '-', old.get(s.old));
        }
        for s in run.iter().filter(|s| s.op == Op::Insert) {
            line(out, '+', new.get(s.new));
        }
        i = run_end;
    }
}

/// `start,len` (1-based; an empty range names the line before it), or `start` for one line.
fn range(start: usize, len: usize) -> String {
    match len {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        _ => format!("{},{len}", start + 1),
    }
}

fn line(out: &mut String, tag: char, text: Option<&&str>) {
    let text = text.copied().unwrap_or_default();
    out.push(tag);
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}
