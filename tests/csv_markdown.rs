//! CSV and Markdown output: for every report in the test table the CSV reads back, strictly
//! as RFC 4180 says, into a header and a row per finding with the finding's values; input
//! text cannot start a formula or break a cell or a table; Markdown snapshots for a few
//! fixtures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{all_inputs, cases, evaluate, tests_dir};
use imdsv2_policy::report::csv::COLUMNS;
use imdsv2_policy::report::{OutputFormat, RenderOptions, render};
use imdsv2_policy::{Options, Report};

/// RFC 4180, strictly: records end in CRLF (the last one too), a field is quoted whole or
/// not at all, a quote inside a quoted field is doubled, and CR, LF, `,` and `"` appear bare
/// nowhere else. Written here from the RFC so the test does not trust the writer.
fn read_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_start = true;
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => {
                at_start = false;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                        None => return Err(format!("record {line}: unclosed quote")),
                    }
                }
                match chars.peek() {
                    Some(',' | '\r') | None => {}
                    Some(c) => return Err(format!("record {line}: `{c}` after a closing quote")),
                }
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err(format!("record {line}: CR without LF"));
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
                line += 1;
            }
            '\n' => return Err(format!("record {line}: a bare LF")),
            '"' => return Err(format!("record {line}: a quote inside an unquoted field")),
            c => {
                at_start = false;
                field.push(c);
            }
        }
    }
    if !record.is_empty() || !field.is_empty() {
        return Err("the last record does not end in CRLF".to_owned());
    }
    Ok(records)
}

/// A cell as the writer defuses it: a leading `'` before what would start a formula.
fn defused(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn csv(report: &Report) -> String {
    render(report, OutputFormat::Csv, &RenderOptions::default())
}

#[test]
fn every_report_reads_back_as_rfc_4180_with_a_row_per_finding() {
    let mut reports = 0;
    for rel in all_inputs() {
        for case in cases(&rel) {
            let report = evaluate(&case);
            let text = csv(&report);
            assert!(!text.starts_with('\u{feff}'), "{}: no BOM", case.key);
            let records = read_csv(&text).unwrap_or_else(|e| panic!("{}: {e}", case.key));
            assert_eq!(records[0], COLUMNS, "{}", case.key);
            assert_eq!(records.len(), report.findings.len() + 1, "{}", case.key);
            for (row, f) in records[1..].iter().zip(&report.findings) {
                assert_eq!(row.len(), COLUMNS.len(), "{}", case.key);
                let col =
                    |name: &str| row[COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
                assert_eq!(col("control"), f.control);
                assert_eq!(col("status"), f.status.as_str());
                assert_eq!(col("severity"), f.severity.as_str());
                assert_eq!(col("resource_type"), defused(&f.resource.resource_type));
                assert_eq!(
                    col("address"),
                    defused(f.resource.address.as_deref().unwrap_or_default())
                );
                assert_eq!(col("id"), f.resource.id.as_deref().unwrap_or_default());
                assert_eq!(
                    col("suppressed"),
                    defused(f.suppression.as_ref().map_or("", |s| s.reason.as_str()))
                );
                assert_eq!(
                    col("http_tokens"),
                    defused(f.effective.http_tokens.as_deref().unwrap_or_default())
                );
                assert_eq!(
                    col("hop_limit"),
                    defused(
                        &f.effective
                            .hop_limit
                            .map(|h| h.to_string())
                            .unwrap_or_default()
                    )
                );
                assert_eq!(col("source"), f.effective.source.as_str());
                assert_eq!(col("message"), defused(&f.message), "{}", case.key);
                assert_eq!(
                    col("remediation"),
                    f.remediation.as_ref().map_or("", |r| r.summary.as_str())
                );
            }
            // Deterministic: the same report, the same bytes.
            assert_eq!(csv(&report), text);
            reports += 1;
        }
    }
    assert!(reports > 50, "the table has {reports} reports");
}

fn fixture(rel: &str, options: &Options) -> Report {
    let bytes = std::fs::read(tests_dir().join(rel)).unwrap();
    imdsv2_policy::evaluate(&bytes, options).unwrap()
}

/// The modules fixture with hostile text where the user's files put text.
fn hostile() -> Report {
    let options = Options::from_json(
        r#"{"ignore": [{"target": "aws_instance.each", "reason": "=cmd|' /C calc'!A0, \"legacy\"\nsee ticket"}]}"#,
    )
    .unwrap();
    let mut report = fixture("fixtures/plan/modules_keys.json", &options);
    let f = &mut report.findings[0];
    f.resource.address = Some("=HYPERLINK(\"http://evil\",\"x\")".to_owned());
    f.resource.name_tag = Some("@SUM(1+1)".to_owned());
    f.resource.region = Some("+us-east-1".to_owned());
    f.resource.account = Some("-1".to_owned());
    f.message = "\tfirst line\r\nsecond, \"quoted\"".to_owned();
    report
}

#[test]
fn csv_cells_cannot_start_formulas_or_break_rows() {
    let report = hostile();
    let text = csv(&report);
    // The quoted message holds a CRLF of its own: the record goes on past it.
    let second = text.split("\r\n").nth(1).unwrap();
    assert_eq!(
        second,
        "EC2.8,pass,high,,aws_instance,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,'@SUM(1+1),'-1,'+us-east-1,,,,required,enabled,1,resource,,\"'\tfirst line"
    );
    let records = read_csv(&text).unwrap();
    assert_eq!(records.len(), report.findings.len() + 1);
    assert_eq!(records[1][18], "'\tfirst line\r\nsecond, \"quoted\"");
    let suppressed: Vec<&Vec<String>> = records[1..].iter().filter(|r| !r[3].is_empty()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        suppressed[0][3],
        "'=cmd|' /C calc'!A0, \"legacy\"\nsee ticket"
    );
    assert_eq!(suppressed[0][5], "aws_instance.each[\"k.1\"]");
    assert!(text.contains(",\"'=cmd|' /C calc'!A0, \"\"legacy\"\"\nsee ticket\","));
}

#[test]
fn markdown_escapes_what_comes_from_the_input() {
    let mut report = hostile();
    // A failing finding with a name that tries to close the table, the code span and the
    // HTML of its `<details>` block.
    let i = report
        .findings
        .iter()
        .position(|f| f.status == imdsv2_policy::Status::Fail && f.suppression.is_none())
        .unwrap();
    let g = report
        .groups
        .iter_mut()
        .find(|g| g.findings.contains(&i))
        .unwrap();
    g.subject = "aws_instance.x[\"a|b`</summary><script>\u{1b}[2J\nc\"]".to_owned();
    let md = render(&report, OutputFormat::Markdown, &RenderOptions::default());
    let row = md
        .lines()
        .find(|l| l.contains("aws\\_instance.x") || l.contains("aws_instance.x"))
        .unwrap();
    assert_eq!(
        row,
        "| ❌ fail | `EC2.8` | aws\\_instance.x\\[\"a\\|b\\`\\</summary\\>\\<script\\>\\\\u{1b}\\[2J c\"\\] | 1 | IMDSv1 is reachable: `http_tokens` is `optional` in the resource's own `metadata_options` |"
    );
    assert!(md.contains(
        "<summary>❌ fail <code>EC2.8</code> <code>aws_instance.x[&quot;a|b`&lt;/summary&gt;&lt;script&gt;\\u{1b}[2J c&quot;]</code></summary>"
    ));
    assert!(!md.contains("<script>"));
    assert!(!md.contains('\u{1b}'));
    // Every table row has the same five cells: nothing in a cell added a column.
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let bars = line.len() - line.replace('|', "").len() - line.matches("\\|").count();
        assert_eq!(bars, 6, "{line}");
    }
    // The suppressed group says why, on one line, defused.
    assert!(md.contains(
        "| 🔇 suppressed (fail) | `EC2.8` | `aws_instance.each` | 1 | suppressed: =cmd\\|' /C calc'\\!A0, \"legacy\" see ticket |"
    ));
}

#[test]
fn markdown_quiet_keeps_what_fails() {
    let report = fixture("fixtures/plan/modules_keys.json", &Options::default());
    let options = RenderOptions {
        quiet: true,
        ..RenderOptions::default()
    };
    let md = render(&report, OutputFormat::Markdown, &options);
    assert!(md.contains("❌ fail"));
    assert!(!md.contains("✅ pass |"));
    assert!(!md.contains("### Notes"));
    let full = render(&report, OutputFormat::Markdown, &RenderOptions::default());
    assert!(full.contains("✅ pass |"));
    assert!(full.contains("### Notes"));
}

#[test]
fn markdown_snapshots() {
    for (rel, name) in [
        ("fixtures/plan/modules_keys.json", "modules_keys"),
        (
            "fixtures/plan/account_defaults_tf014_modules.json",
            "tf014_modules",
        ),
        ("fixtures/ec2/flat_instances.json", "ec2_flat_instances"),
    ] {
        let report = fixture(rel, &Options::default());
        let options = RenderOptions {
            input_name: Some(rel.rsplit('/').next().unwrap().to_owned()),
            ..RenderOptions::default()
        };
        insta::assert_snapshot!(
            format!("markdown_{name}"),
            render(&report, OutputFormat::Markdown, &options)
        );
    }
    insta::assert_snapshot!(
        "markdown_suppressed_and_hostile",
        render(
            &hostile(),
            OutputFormat::Markdown,
            &RenderOptions::default()
        )
    );
    insta::assert_snapshot!("csv_hostile", csv(&hostile()).replace("\r\n", "⏎\n"));
}
