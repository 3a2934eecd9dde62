//! The JSON report of many findings, written a run of findings at a time: the findings are
//! nearly all of its text (of the 39.5 MB report of a plan of 50,000 instances), and each is
//! rendered alone, so where there are threads the runs are rendered on every core and
//! written in order (`crate::par::write_in_runs`). The bytes are `serde_json`'s pretty
//! printer's for the whole report, which the tests compare.

use super::model::Report;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Findings rendered at a time: about 800 KB of text.
pub const RUN: usize = 1024;

/// From this many findings on, the report is written this way (below, the pretty printer
/// writes it whole, which is as fast on one core).
pub const MANY: usize = 4096;

/// What the pretty printer writes for the report with no findings, where they go.
const NO_FINDINGS: &str = "\n  \"findings\": []";

/// [`super::write_json`]'s bytes. `run` findings at a time (the tests try small runs).
pub fn write_json<W: Write>(report: &Report, w: &mut W, run: usize) -> io::Result<()> {
    // The report around its findings, as the pretty printer writes it: `findings` is the
    // only list that is written when empty, and a raw line break is never inside a string,
    // so the place is certain.
    let shell = Report {
        tool: report.tool.clone(),
        input: report.input.clone(),
        summary: report.summary.clone(),
        findings: Vec::new(),
        notes: report.notes.clone(),
        groups: report.groups.clone(),
    };
    let text = serde_json::to_string_pretty(&shell).map_err(io::Error::other)?;
    let (Some(at), false) = (text.find(NO_FINDINGS), report.findings.is_empty()) else {
        serde_json::to_writer_pretty(&mut *w, report).map_err(io::Error::other)?;
        return w.write_all(b"\n");
    };
    let (head, tail) = text.split_at(at + NO_FINDINGS.len());
    // `head` ends in `[]`: the list opens there, and closes before `tail`.
    w.write_all(head.trim_end_matches("]").as_bytes())?;
    crate::par::write_in_runs(&report.findings, run, render, |b| w.write_all(b))?;
    w.write_all(b"\n  ]")?;
    w.write_all(tail.as_bytes())?;
    w.write_all(b"\n")
}

/// Findings `start..` as the pretty printer writes them as elements of the report's list.
fn render(start: usize, run: &[super::model::Finding], buf: &mut Vec<u8>) -> io::Result<()> {
    for (i, f) in run.iter().enumerate() {
        buf.extend_from_slice(if start + i == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, Indented::at(2));
        f.serialize(&mut ser).map_err(io::Error::other)?;
    }
    Ok(())
}

/// `serde_json`'s `PrettyFormatter` (two spaces) starting `level` levels deep: a value
/// inside the report's lists. Its methods are that formatter's.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn at(level: usize) -> Self {
        Indented {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// `[` or `{`.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(mark)
    }

    /// `]` or `}`, on a line of its own after any value.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(mark)
    }

    /// An element or a key: on a line of its own.
    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(report: &Report) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(report).unwrap();
        out.push(b'\n');
        out
    }

    /// The report of every JSON document among the fixtures and the corpus that evaluates:
    /// findings with fixes, notes, groups, none at all.
    fn reports() -> Vec<Report> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "json") {
                    out.push(p);
                }
            }
        }
        let mut paths = Vec::new();
        for dir in ["tests/fixtures", "tests/corpus"] {
            walk(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
                &mut paths,
            );
        }
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter_map(|b| crate::evaluate(&b, &crate::Options::default()).ok())
            .collect()
    }

    #[test]
    fn the_report_is_the_pretty_printers_byte_for_byte_at_every_run_size() {
        let all = reports();
        assert!(all.len() > 20, "{} reports", all.len());
        assert!(all.iter().any(|r| r.findings.is_empty()));
        assert!(
            all.iter()
                .any(|r| !r.notes.is_empty() && !r.groups.is_empty())
        );
        assert!(
            all.iter()
                .any(|r| r.findings.iter().any(|f| f.remediation.is_some()))
        );
        for (n, report) in all.iter().enumerate() {
            let want = pretty(report);
            for run in [1, 2, 3, RUN] {
                let mut got = Vec::new();
                write_json(report, &mut got, run).unwrap();
                assert!(got == want, "report {n}, runs of {run}");
            }
        }
    }
}
