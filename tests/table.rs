//! The test table of issue 2: every fixture and every corpus file, checked against the
//! hand-written intent in `tests/expectations.txt`, and snapshotted whole (one snapshot per
//! input under `tests/snapshots/table/`, a summary table on top of the JSON report).
//!
//! Update snapshots with `cargo insta review` (or `INSTA_UPDATE=always cargo test`) only after
//! the expectations agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{Case, all_inputs, cases, evaluate, subject, tests_dir};
use imdsv2_policy::{Report, Status};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One row of `tests/expectations.txt`.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    subject: String,
    status: String,
    source: String,
    decided_by: String,
    extras: Vec<(String, String)>,
}

fn expectations() -> BTreeMap<String, Vec<Row>> {
    let text = std::fs::read_to_string(tests_dir().join("expectations.txt")).unwrap();
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split(" | ").map(str::trim).collect();
        assert!(
            cols.len() == 6 || cols.len() == 5,
            "expectations.txt:{line_no}: expected 6 columns separated by ` | `, got {}",
            cols.len()
        );
        let extras = cols
            .get(5)
            .unwrap_or(&"")
            .split_whitespace()
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or_else(|| {
                    panic!("expectations.txt:{line_no}: `{kv}` is not KEY=VALUE")
                });
                (k.to_owned(), v.to_owned())
            })
            .collect();
        out.entry(cols[0].to_owned()).or_default().push(Row {
            line: line_no,
            subject: cols[1].to_owned(),
            status: cols[2].to_owned(),
            source: cols[3].to_owned(),
            decided_by: cols[4].trim_end_matches(" |").to_owned(),
            extras,
        });
    }
    out
}

impl Row {
    /// The control the row is about: `control=ID` among its extras, else EC2.8.
    fn control(&self) -> &str {
        self.extras
            .iter()
            .find(|(k, _)| k == "control")
            .map_or("EC2.8", |(_, v)| v.as_str())
    }
}

/// Differences between one report and its rows, as readable lines.
fn check(key: &str, report: &Report, rows: &[Row]) -> Vec<String> {
    let mut problems = Vec::new();
    let expected: Vec<&Row> = rows.iter().filter(|r| r.status != "none").collect();
    for f in &report.findings {
        if !expected
            .iter()
            .any(|r| r.subject == subject(f) && r.control() == f.control)
        {
            problems.push(format!(
                "{key}: `{}` is {} ({}) for {} but has no row",
                subject(f),
                f.status.as_str(),
                f.effective.source.as_str(),
                f.control
            ));
        }
    }
    for row in rows {
        let at = format!("expectations.txt:{} {key} `{}`", row.line, row.subject);
        for (k, v) in row.extras.iter().filter(|(k, _)| k == "note") {
            let _ = k;
            if !report.notes.iter().any(|n| &n.id == v) {
                problems.push(format!("{at}: no report note `{v}`"));
            }
        }
        if row.status == "none" {
            continue;
        }
        let Some(f) = report
            .findings
            .iter()
            .find(|f| subject(f) == row.subject && f.control == row.control())
        else {
            problems.push(format!("{at}: no finding for this subject"));
            continue;
        };
        let decided = f
            .effective
            .decided_by
            .clone()
            .unwrap_or_else(|| "-".to_owned());
        let got = (
            f.status.as_str(),
            f.effective.source.as_str(),
            decided.as_str(),
        );
        let want = (
            row.status.as_str(),
            row.source.as_str(),
            row.decided_by.as_str(),
        );
        if got != want {
            problems.push(format!(
                "{at}: expected {want:?}, got {got:?}: {}",
                f.message
            ));
        }
        let rem = f.remediation.as_ref();
        for (k, v) in &row.extras {
            let actual: Option<String> = match k.as_str() {
                "patch" => Some(
                    rem.and_then(|r| r.terraform.as_ref())
                        .map_or_else(|| "none".to_owned(), |t| t.target.clone()),
                ),
                "hop" => rem.and_then(|r| r.terraform.as_ref()).map(|t| {
                    t.merge_patch["metadata_options"][0]["http_put_response_hop_limit"].to_string()
                }),
                "alt" => rem
                    .and_then(|r| r.alternatives.iter().find(|a| &a.target == v))
                    .map(|a| a.target.clone()),
                "region" => f.resource.region.clone(),
                "account" => f.resource.account.clone(),
                "note" | "control" => continue,
                other => panic!("{at}: unknown extra `{other}`"),
            };
            if actual.as_deref() != Some(v.as_str()) {
                problems.push(format!("{at}: expected {k}={v}, got {actual:?}"));
            }
        }
    }
    problems
}

#[test]
fn every_input_matches_its_expectations() {
    let table = expectations();
    let mut problems = Vec::new();
    let mut keys_seen = Vec::new();
    for rel in all_inputs() {
        for case in cases(&rel) {
            keys_seen.push(case.key.clone());
            let Some(rows) = table.get(&case.key) else {
                problems.push(format!("{}: no rows in expectations.txt", case.key));
                continue;
            };
            problems.extend(check(&case.key, &evaluate(&case), rows));
        }
    }
    for key in table.keys() {
        if !keys_seen.contains(key) {
            problems.push(format!(
                "expectations.txt names `{key}`, which is not an input"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The snapshot text: a table of the findings, then the JSON report.
fn snapshot_text(cases: &[Case]) -> String {
    let mut out = String::new();
    for case in cases {
        let report = evaluate(case);
        if cases.len() > 1 {
            let _ = writeln!(
                out,
                "## {}",
                case.key.rsplit('#').next().unwrap_or_default()
            );
        }
        for f in &report.findings {
            let line = format!(
                "{:<8} {:<21} {:<60} {}",
                f.status.as_str(),
                f.effective.source.as_str(),
                subject(f),
                f.effective.decided_by.as_deref().unwrap_or("")
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        if report.findings.is_empty() {
            let _ = writeln!(out, "(no findings)");
        }
        out.push('\n');
        out.push_str(&imdsv2_policy::to_json(&report));
        out.push('\n');
    }
    out
}

fn snapshot_name(rel: &str) -> String {
    rel.replace('/', "__")
}

#[test]
fn snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/table");
    settings.set_omit_expression(true);
    settings.bind(|| {
        for rel in all_inputs() {
            let cases = cases(&rel);
            insta::assert_snapshot!(snapshot_name(&rel), snapshot_text(&cases));
        }
    });
}

#[test]
fn evaluation_is_deterministic() {
    for rel in all_inputs() {
        for case in cases(&rel) {
            let a = imdsv2_policy::to_json(&evaluate(&case));
            let b = imdsv2_policy::to_json(&evaluate(&case));
            assert!(a == b, "{}: two evaluations differ", case.key);
        }
    }
}

/// Values a report must never repeat: plan JSON holds secrets in clear text.
fn secrets(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    const SECRET_KEYS: &[&str] = &[
        "password",
        "user_data",
        "user_data_base64",
        "secret_key",
        "private_key",
    ];
    match v {
        serde_json::Value::String(s) if SECRET_KEYS.contains(&key) && s.len() >= 8 => {
            out.push(s.clone())
        }
        serde_json::Value::Object(o) => {
            for (k, c) in o {
                secrets(c, k, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|c| secrets(c, key, out)),
        _ => {}
    }
}

#[test]
fn reports_never_echo_secrets() {
    let mut checked = 0;
    for rel in all_inputs() {
        for case in cases(&rel) {
            let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&case.bytes) else {
                continue;
            };
            let mut found = Vec::new();
            secrets(&doc, "", &mut found);
            // Root variables that hold secrets too: `db_password` and the like.
            if let Some(vars) = doc.get("variables").and_then(|v| v.as_object()) {
                let secret = |name: &str| {
                    ["password", "secret", "token"]
                        .iter()
                        .any(|w| name.contains(w))
                };
                for (_, v) in vars.iter().filter(|(name, _)| secret(name)) {
                    if let Some(s) = v
                        .get("value")
                        .and_then(|v| v.as_str())
                        .filter(|s| s.len() >= 8)
                    {
                        found.push(s.to_owned());
                    }
                }
            }
            let report = evaluate(&case);
            let outputs = [
                imdsv2_policy::to_json(&report),
                imdsv2_policy::to_text(&report, false),
            ];
            for secret in &found {
                checked += 1;
                for out in &outputs {
                    assert!(
                        !out.contains(secret.as_str()),
                        "{}: the report repeats `{secret}`",
                        case.key
                    );
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} secrets were looked for");
}

#[test]
fn the_table_covers_every_status_and_source() {
    // A guard on the table itself: if a refactoring dropped a layer, this would say so.
    let mut seen = std::collections::BTreeSet::new();
    for rel in all_inputs().iter().filter(|r| r.starts_with("fixtures/")) {
        for case in cases(rel) {
            for f in evaluate(&case).findings {
                seen.insert((f.status, f.effective.source.as_str()));
            }
        }
    }
    for source in [
        "resource",
        "launch-template",
        "launch-configuration",
        "account-default",
        "ami",
        "aws-default",
    ] {
        assert!(
            seen.iter()
                .any(|(s, src)| *s == Status::Pass && *src == source)
                || source == "aws-default",
            "no passing fixture decided by `{source}`"
        );
        assert!(
            seen.iter()
                .any(|(s, src)| *s != Status::Pass && *src == source),
            "no failing or unknown fixture decided by `{source}`"
        );
    }
}
