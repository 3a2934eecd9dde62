//! The fuzz targets: how each turns arbitrary bytes into an input, and the invariants it
//! asserts beyond "no panic". One file for both users: the fuzzers (`fuzz/fuzz_targets/`, each
//! one line calling a function here) and the regression test that replays the inputs they
//! found (`tests/fuzz_regressions.rs` includes this file), so a kept input is checked by
//! exactly the code that caught it. A failed invariant panics: that panic is the finding.

use imdsv2_policy::report::model::{InputKind, Report, Status, Verdict};
use imdsv2_policy::report::{OutputFormat, RenderOptions, github, render_to};
use imdsv2_policy::{Error, ErrorCode, Options};
use std::collections::BTreeMap;

/// Every target, by the name `cargo fuzz run` and `tests/fuzz-regressions/` use.
pub const TARGETS: &[&str] = &[
    "plan", "state", "describe", "source", "ignore", "options", "fix",
];

/// Runs one target's checks on one input.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "plan" => plan(data),
        "state" => state(data),
        "describe" => describe(data),
        "source" => source(data),
        "ignore" => ignore(data),
        "options" => options(data),
        "fix" => fix(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

/// Terraform plan JSON (`terraform show -json PLANFILE`).
pub fn plan(data: &[u8]) {
    document(data, InputKind::TerraformPlan);
}

/// A raw `terraform.tfstate` (format version 4).
pub fn state(data: &[u8]) {
    document(data, InputKind::TerraformStateFile);
}

/// `aws ec2 describe-instances` output: one document, an array of pages, or NDJSON. Pages
/// one a line that the CLI's streaming reader takes must give `evaluate`'s report, byte for
/// byte (read in batches of three instances, two runs merged at a time, so that one input
/// goes through several runs and merge levels).
pub fn describe(data: &[u8]) {
    document(data, InputKind::Ec2DescribeInstances);
    #[cfg(all(unix, not(target_arch = "wasm32")))]
    streamed_as_whole(data);
}

/// The streaming reader (native, unix only) against `evaluate`, on the same bytes.
#[cfg(all(unix, not(target_arch = "wasm32")))]
fn streamed_as_whole(data: &[u8]) {
    let path =
        std::env::temp_dir().join(format!("imdsv2-fuzz-describe-{}.jsonl", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let options = Options::default();
    let Some(prepared) = imdsv2_policy::stream::prepare_in(&path, &options, 3, 2) else {
        return;
    };
    let mut streamed = Vec::new();
    prepared
        .write_json(&mut streamed)
        .unwrap_or_else(|e| panic!("the streamed report is not written: {e}"));
    let whole = imdsv2_policy::evaluate(data, &options)
        .unwrap_or_else(|e| panic!("the streaming reader reads what evaluate refuses: {e:?}"));
    assert!(
        streamed == imdsv2_policy::to_json(&whole).into_bytes(),
        "the streamed report differs from evaluate's"
    );
}

/// A Terraform source directory (`.tf`, `.tf.json`, `.tfvars`), through
/// `evaluate_sources`, the API the CLI and every host use for files held in memory.
pub fn source(data: &[u8]) {
    let files = files(data);
    // The pass that refuses a file left open before hcl-edit reads it never refuses a file
    // hcl-edit reads. Checked where hcl-edit answers quickly: with up to 8 constructs open (it
    // can take twice as long for each one more, the reason for the pass).
    for (name, text) in &files {
        if name.ends_with(".json") {
            continue;
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let found = imdsv2_policy::read::source::unclosed::find(text);
        if let Some(open) = found.filter(|o| o.open <= 8) {
            assert!(
                hcl_edit::parser::parse_body(text).is_err(),
                "`{name}` is refused as left open ({open:?}), but hcl-edit reads it"
            );
        }
    }
    checked(imdsv2_policy::evaluate_sources(&files, &Options::default()));
}

/// The ignore file (`--ignore-file`); what it accepts is then applied to a small
/// configuration with a failing, a passing and an unjudged subject.
pub fn ignore(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let entries = match imdsv2_policy::suppress::parse_ignore_file(".imdsv2-ignore", &text) {
        Ok(entries) => entries,
        Err(e) => {
            check_error(&e);
            assert_eq!(e.code, ErrorCode::InvalidIgnore, "{e:?}");
            let at = e.location.as_ref().and_then(|l| l.line);
            assert!(at.is_some(), "an ignore-file error without its line: {e:?}");
            return;
        }
    };
    let lines = text.lines().count();
    for entry in &entries {
        let line = entry.location.as_ref().map_or(0, |l| l.line);
        assert!(
            (1..=lines).contains(&line),
            "entry {entry:?} placed outside the file's {lines} lines"
        );
    }
    // What the file parser accepts, the check of the `ignore` option accepts too: otherwise
    // the CLI would read a file and then reject it.
    if let Err(e) = imdsv2_policy::suppress::from_entries(&entries) {
        panic!("the ignore file parsed, but its entries are rejected: {e:?}");
    }
    let options = Options {
        ignore: entries,
        today: Some("2026-06-30".to_owned()),
        ..Options::default()
    };
    round_trip(&options);
    checked(imdsv2_policy::evaluate_sources(&sample_files(), &options));
}

/// The options as JSON (what the wasm, WASI and Extism shells receive), then used on a small
/// plan and a small configuration.
pub fn options(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = match Options::from_json(&text) {
        Ok(options) => options,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    round_trip(&options);
    checked(imdsv2_policy::evaluate(SAMPLE_PLAN, &options));
    checked(imdsv2_policy::evaluate_sources(&sample_files(), &options));
}

/// `fix` on a source directory: the edits make the file content, the fixed files read, the
/// fix of the fixed files changes nothing (applying it twice is applying it once), and what
/// still fails after it is a manual step the fix reported.
pub fn fix(data: &[u8]) {
    let files = files(data);
    let options = Options::default();
    let result = match imdsv2_policy::fix_sources(&files, &options) {
        Ok(result) => result,
        Err(e) => {
            check_error(&e);
            assert!(
                !e.help.as_deref().unwrap_or_default().contains("a bug"),
                "fix reports an internal error: {e:?}"
            );
            return;
        }
    };
    let mut fixed = files.clone();
    for file in &result.files {
        let original = files
            .get(&file.file)
            .unwrap_or_else(|| panic!("fix changes `{}`, which is not an input", file.file));
        assert_ne!(original, &file.content, "a fixed file that does not change");
        assert_eq!(
            spliced(original, &file.edits),
            file.content,
            "the edits of `{}` do not make its content",
            file.file
        );
        fixed.insert(file.file.clone(), file.content.clone());
    }
    let again = imdsv2_policy::fix_sources(&fixed, &options)
        .unwrap_or_else(|e| panic!("the fixed files no longer fix: {e:?}"));
    let changed: Vec<&str> = again.files.iter().map(|f| f.diff.as_str()).collect();
    assert!(
        changed.is_empty(),
        "fix is not idempotent: the second fix changes\n{}",
        changed.concat()
    );
    let after = imdsv2_policy::evaluate_sources(&fixed, &options)
        .unwrap_or_else(|e| panic!("the fixed files no longer read: {e:?}"));
    check_report(&after);
    for f in after
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail && f.suppression.is_none())
    {
        let name = f.resource.name();
        let quoted = format!("`{name}`");
        // `fix` edits configuration blocks: its manual step names the block, which covers
        // every instance of it (`aws_instance.web` for `aws_instance.web[0]`).
        let block = imdsv2_policy::address::config_address(name);
        let last = imdsv2_policy::address::without_last_key(name);
        let patch_target = f
            .remediation
            .as_ref()
            .and_then(|r| r.terraform.as_ref())
            .map(|t| t.target.as_str());
        let spoken_for = result.manual.iter().any(|m| {
            [name, block.as_str(), last.as_str()].contains(&m.target.as_str())
                || Some(m.target.as_str()) == patch_target
                || m.message.contains(&quoted)
                || m.message.contains(&format!("`{block}`"))
        });
        assert!(
            spoken_for,
            "{name} ({}) still fails after the fix and no manual step says so: {}\nmanual: {:?}",
            f.control, f.message, result.manual
        );
    }
}

/// A source directory from bytes: files separated by byte 0xFF (never in UTF-8 text); a
/// file named by what comes before a 0xFE byte in it, or else `main.tf` (`main.tf.json`
/// when it starts with `{`), then `fN.tf` / `fN.tf.json`.
pub fn files(data: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, part) in data.split(|&b| b == 0xFF).enumerate() {
        let (name, content) = match part.iter().position(|&b| b == 0xFE) {
            Some(at) => (
                String::from_utf8_lossy(part.get(..at).unwrap_or_default()).into_owned(),
                part.get(at + 1..).unwrap_or_default(),
            ),
            None => {
                let json = part.trim_ascii_start().starts_with(b"{");
                let stem = if i == 0 {
                    "main".to_owned()
                } else {
                    format!("f{i}")
                };
                (
                    format!("{stem}.tf{}", if json { ".json" } else { "" }),
                    part,
                )
            }
        };
        out.insert(name, String::from_utf8_lossy(content).into_owned());
    }
    out
}

/// The report of a successful evaluation is checked; an error must be a proper error.
fn checked(result: Result<Report, Error>) {
    match result {
        Ok(report) => check_report(&report),
        Err(e) => check_error(&e),
    }
}

/// The document through `evaluate`, read as the target's kind (`--input-kind`), so the fuzzer
/// stays in that reader.
fn document(data: &[u8], kind: InputKind) {
    let options = Options {
        input_kind: Some(kind),
        ..Options::default()
    };
    checked(imdsv2_policy::evaluate(data, &options));
}

/// What every report must be, whatever the input.
pub fn check_report(report: &Report) {
    let open = |s: Status| {
        report
            .findings
            .iter()
            .filter(|f| f.status == s && f.suppression.is_none())
            .count()
    };
    let s = &report.summary;
    assert_eq!(
        (s.pass, s.fail, s.unknown),
        (
            open(Status::Pass),
            open(Status::Fail),
            open(Status::Unknown)
        ),
        "the summary does not count the findings"
    );
    let suppressed = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_some())
        .count();
    assert_eq!(
        s.suppressed, suppressed,
        "the summary miscounts suppressions"
    );
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.status == Status::Unknown && f.unjudged && f.suppression.is_none())
    {
        assert_eq!(
            s.verdict,
            Verdict::Fail,
            "verdict `pass` with `{}` unknown and unjudged",
            f.resource.name()
        );
    }
    if s.fail > 0 {
        assert_eq!(
            s.verdict,
            Verdict::Fail,
            "verdict `pass` with a failing finding"
        );
    }
    for f in &report.findings {
        assert!(
            !f.unjudged || f.status == Status::Unknown,
            "an unjudged finding that is not unknown: {f:?}"
        );
    }
    for name in OutputFormat::NAMES {
        let format =
            OutputFormat::parse(name).unwrap_or_else(|| panic!("format `{name}` does not parse"));
        let render = RenderOptions {
            color: true,
            input_name: Some("dir/input.json".to_owned()),
            aws_account_id: Some("111122223333".to_owned()),
            aws_region: Some("eu-west-1".to_owned()),
            timestamp: Some("2026-12-01T09:30:00Z".to_owned()),
            ..RenderOptions::default()
        };
        if let Err(e) = imdsv2_policy::report::renderable(report, format, &render) {
            // Only an account or region the input itself gives can stop ASFF here.
            assert!(
                format == OutputFormat::Asff
                    && (e.message.contains("which is not an account id")
                        || e.message.contains("which is not a region name")),
                "`{name}` refused: {e}"
            );
            check_error(&e);
            continue;
        }
        let mut out = Vec::new();
        if let Err(e) = render_to(report, format, &render, &mut out) {
            panic!("`{name}` does not render: {e}");
        }
        let text = String::from_utf8(out).unwrap_or_else(|e| panic!("`{name}` is not utf-8: {e}"));
        match format {
            OutputFormat::Json => {
                let back: Report = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("the json report does not read back: {e}"));
                assert_eq!(
                    &back, report,
                    "the json report reads back as another report"
                );
            }
            OutputFormat::Sarif => {
                let sarif: serde_json::Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("the sarif output is not json: {e}"));
                assert_eq!(sarif["version"], "2.1.0", "sarif without its version");
            }
            OutputFormat::Junit => {
                assert!(
                    text.starts_with("<?xml ") && text.ends_with("</testsuites>\n"),
                    "junit output is not one document"
                );
                assert!(
                    !text
                        .chars()
                        .any(|c| (c as u32) < 0x20 && !matches!(c, '\n' | '\t')),
                    "junit output holds a character XML 1.0 cannot"
                );
            }
            OutputFormat::Asff => {
                let mut findings = 0;
                for line in text.lines() {
                    let body: serde_json::Value = serde_json::from_str(line)
                        .unwrap_or_else(|e| panic!("an asff body is not json: {e}"));
                    let n = body["Findings"].as_array().map_or(0, Vec::len);
                    assert!((1..=100).contains(&n), "an asff body of {n} findings");
                    findings += n;
                }
                assert_eq!(
                    findings,
                    report.findings.len(),
                    "an asff finding per finding"
                );
            }
            OutputFormat::Csv => {
                assert!(
                    text.ends_with("\r\n") && text.matches("\r\n").count() > report.findings.len(),
                    "csv output without a CRLF line per finding"
                );
                assert_eq!(
                    text.chars().filter(|c| *c == '"').count() % 2,
                    0,
                    "csv output with an unclosed quote"
                );
            }
            OutputFormat::Markdown => {
                assert!(
                    !text.contains('\u{1b}'),
                    "markdown output holds an escape character from the input"
                );
            }
            OutputFormat::Text | OutputFormat::Github => {}
        }
    }
    let summary = github::github_step_summary(report);
    assert!(
        summary.len() <= github::STEP_SUMMARY_MAX_BYTES,
        "the step summary is {} bytes",
        summary.len()
    );
}

/// What every error must be: a code, a message in the project's style, and JSON that reads
/// back as the same error (hosts receive errors as data).
pub fn check_error(e: &Error) {
    assert!(
        !e.code.as_str().is_empty(),
        "an error without a code: {e:?}"
    );
    let m = e.message.as_str();
    assert!(!m.trim().is_empty(), "an error without a message: {e:?}");
    assert!(
        !m.chars().next().is_some_and(char::is_uppercase),
        "an error message that starts with a capital: {m}"
    );
    assert!(
        !m.ends_with('.'),
        "an error message with a final period: {m}"
    );
    let json = serde_json::to_string(e).unwrap_or_else(|x| panic!("the error as json: {x}"));
    let back: Error = serde_json::from_str(&json)
        .unwrap_or_else(|x| panic!("the error's json does not read back: {x}: {json}"));
    assert_eq!(&back, e, "the error reads back as another error");
}

/// Options serialized and read again are the same options.
fn round_trip(options: &Options) {
    let json = serde_json::to_string(options).unwrap_or_else(|e| panic!("options as json: {e}"));
    match Options::from_json(&json) {
        Ok(back) => assert_eq!(&back, options, "the options read back differently: {json}"),
        Err(e) => panic!("the options' own json is rejected: {e:?}: {json}"),
    }
}

/// The original with the edits spliced in, as a user applying them by offset would.
fn spliced(original: &str, edits: &[imdsv2_policy::fix::Edit]) -> String {
    let (bom, text) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let mut edits: Vec<_> = edits.iter().collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = bom.to_owned();
    let mut at = 0;
    for e in edits {
        let keep = text
            .get(at..e.start)
            .unwrap_or_else(|| panic!("edit {e:?} overlaps or is off a char boundary"));
        out.push_str(keep);
        out.push_str(&e.replacement);
        at = e.end;
    }
    out.push_str(
        text.get(at..)
            .unwrap_or_else(|| panic!("an edit ends past the text")),
    );
    out
}

/// A small plan for the `options` target: a failing instance and a template.
const SAMPLE_PLAN: &[u8] = include_bytes!("../../tests/fixtures/plan/seed_instance.json");

/// A small configuration for the `ignore` and `options` targets: a failing instance, a
/// passing one, a template, and a module call whose files are not here (unjudged).
fn sample_files() -> BTreeMap<String, String> {
    BTreeMap::from([(
        "main.tf".to_owned(),
        r#"resource "aws_instance" "web" {
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "ok" {
  ami = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_launch_template" "lt" {
  metadata_options {
    http_tokens = "optional"
  }
}

module "remote" {
  source = "git::https://example.com/modules/ec2.git"
}
"#
        .to_owned(),
    )])
}
