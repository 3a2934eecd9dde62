//! The native command line, run as a user would: exit codes, standard input, options, and the
//! exact text of usage and input errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs the binary in `tests/fixtures`, with `input` on standard input.
fn run(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args(args)
        .current_dir(fixtures())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        if let Some(bytes) = input {
            stdin.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn first_line(o: &Output) -> String {
    stderr(o).lines().next().unwrap_or_default().to_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

#[test]
fn exit_0_when_nothing_fails() {
    let o = run(
        &["check", "plan/seed_instance.json", "--format", "json"],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["summary"]["verdict"], "pass");
    assert!(o.stderr.is_empty());
}

#[test]
fn exit_1_when_something_fails() {
    let o = run(
        &[
            "check",
            "plan/instance_own_metadata.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["summary"]["verdict"], "fail");
    // Text is the default format, and says the same.
    let o = run(&["check", "plan/instance_own_metadata.json"], None);
    assert_eq!(code(&o), 1);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("aws_instance.optional")
    );
}

#[test]
fn unknown_fails_only_with_fail_on_unknown() {
    let o = run(
        &[
            "check",
            "plan/instance_tokens_unknown.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 0);
    assert_eq!(json(&o)["summary"]["unknown"], 2);
    let o = run(
        &[
            "check",
            "plan/instance_tokens_unknown.json",
            "--fail-on-unknown",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["summary"]["verdict"], "fail");
}

#[test]
fn endpoint_disabled_pass_is_an_option() {
    assert_eq!(
        code(&run(&["check", "plan/endpoint_disabled.json"], None)),
        1
    );
    assert_eq!(
        code(&run(
            &[
                "check",
                "plan/endpoint_disabled.json",
                "--endpoint-disabled",
                "pass"
            ],
            None
        )),
        0
    );
}

#[test]
fn standard_input_reads_like_a_file() {
    for file in [
        "plan/lt_versions.json",
        "ec2/pages_lines.jsonl",
        "plan/encoding_utf16le_bom.json",
    ] {
        let bytes = std::fs::read(fixtures().join(file)).unwrap();
        let from_file = run(&["check", file, "--format", "json"], None);
        let from_stdin = run(&["check", "-", "--format", "json"], Some(&bytes));
        assert_eq!(code(&from_file), code(&from_stdin), "{file}");
        assert!(
            from_file.stdout == from_stdin.stdout,
            "{file}: standard input gives another report"
        );
    }
}

/// `resource_changes` is read in the document's one pass: entries of types no control reads are
/// counted (the note says how many resources the input holds), and a second `type` key after
/// an irrelevant one is never read as the first: the entry is kept and judged (here: refused,
/// since its address names another type), never dropped.
#[test]
fn changes_of_other_types_are_counted_and_a_later_type_key_is_not_skipped() {
    let plan = br#"{"format_version":"1.2","resource_changes":[
        {"address":"aws_s3_bucket.a","type":"aws_s3_bucket","change":{"actions":["create"],"after":{"bucket":"x"}}},
        {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","change":{"actions":["create"]}}]}"#;
    let o = run(&["check", "-", "--format", "json"], Some(plan));
    assert_eq!(code(&o), 0);
    let notes = json(&o)["notes"].to_string();
    assert!(notes.contains("the input holds 2 resources"), "{notes}");

    let twice = br#"{"format_version":"1.2","resource_changes":[
        {"address":"aws_s3_bucket.a","type":"aws_s3_bucket","change":{"actions":["create"]},"type":"aws_instance"}]}"#;
    let o = run(&["check", "-"], Some(twice));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("at `$.resource_changes[0].address`"),
        "{}",
        stderr(&o)
    );
    let bad_change = br#"{"format_version":"1.2","resource_changes":[
        {"address":"aws_s3_bucket.a","type":"aws_s3_bucket","change":{"actions":["create"]}},
        {"address":"aws_instance.a","type":"aws_instance","change":{"actions":["create"],"after":{"metadata_options":"x"}}}]}"#;
    let o = run(&["check", "-"], Some(bad_change));
    assert_ne!(code(&o), 0, "{}", stderr(&o));
}

/// Files of 16 MiB and more are mapped into memory rather than read (src/main.rs): the report,
/// and the error of a broken file, are the ones standard input gives.
#[test]
fn a_large_file_is_mapped_and_judged_like_standard_input() {
    let mut plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixtures().join("plan/lt_versions.json")).unwrap())
            .unwrap();
    let padding = serde_json::json!({
        "address": "aws_iam_policy.big",
        "mode": "managed",
        "type": "aws_iam_policy",
        "name": "big",
        "values": { "policy": "{\"Statement\":[]}".repeat((17 << 20) / 16) }
    });
    plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap()
        .push(padding);
    let bytes = serde_json::to_vec(&plan).unwrap();
    assert!(bytes.len() >= 16 << 20);
    let dir = std::env::temp_dir().join(format!("imdsv2-mapped-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let whole = dir.join("plan.json");
    std::fs::write(&whole, &bytes).unwrap();
    let cut = dir.join("cut.json");
    std::fs::write(&cut, &bytes[..bytes.len() - 3]).unwrap();
    for (file, input) in [(&whole, &bytes[..]), (&cut, &bytes[..bytes.len() - 3])] {
        let from_file = run(&["check", file.to_str().unwrap(), "--format", "json"], None);
        let from_stdin = run(&["check", "-", "--format", "json"], Some(input));
        assert_eq!(code(&from_file), code(&from_stdin), "{}", file.display());
        assert!(
            from_file.stdout == from_stdin.stdout,
            "{}: the mapped file gives another report",
            file.display()
        );
        let name = file.to_str().unwrap();
        assert_eq!(
            stderr(&from_file).replace(&format!("{name}: "), ""),
            stderr(&from_stdin),
            "{}",
            file.display()
        );
    }
    assert_eq!(code(&run(&["check", whole.to_str().unwrap()], None)), 1);
    assert_eq!(code(&run(&["check", cut.to_str().unwrap()], None)), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_exits_2_with_the_file_name_and_place() {
    let o = run(&["check", "bad/not_json.json"], None);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "error[invalid-json]: bad/not_json.json: the input is not valid JSON: expected value (line 1, column 1)\n  \
         help: expected Terraform plan or state JSON (`terraform show -json`), or DescribeInstances JSON\n"
    );
    let o = run(&["check", "bad/actions_not_array.json"], None);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "error[invalid-document]: bad/actions_not_array.json: unexpected value: the string `\"create\"`, expected \
         an array (line 12, column 27, at `$.resource_changes[0].change.actions`)\n"
    );
    // From standard input there is no file name to give.
    let o = run(&["check", "-"], Some(b"{\"format_version\": \"2.0\"}"));
    assert_eq!(code(&o), 2);
    assert_eq!(
        first_line(&o),
        "error[unsupported-format-version]: `format_version` is `2.0`; this tool reads Terraform JSON format 0.x \
         and 1.x (at `$.format_version`)"
    );
    let o = run(&["check", "-"], Some(b""));
    assert_eq!(code(&o), 2);
    assert_eq!(first_line(&o), "error[invalid-json]: the input is empty");
}

#[test]
fn a_missing_file_exits_2() {
    let o = run(&["check", "no/such/plan.json"], None);
    assert_eq!(code(&o), 2);
    assert!(
        first_line(&o).starts_with("error[io]: cannot read `no/such/plan.json`: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2_and_print_the_usage() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "error[usage]: no command given"),
        (
            &["check"],
            "error[usage]: `check` needs a file, a directory, or `-` for standard input",
        ),
        (
            &["check", "plan/seed_instance.json", "--frob"],
            "error[usage]: unknown option `--frob`",
        ),
        (
            &["check", "plan/seed_instance.json", "--format"],
            "error[usage]: `--format` needs a value",
        ),
        (
            &[
                "check",
                "plan/seed_instance.json",
                "--endpoint-disabled",
                "maybe",
            ],
            "error[usage]: unknown `--endpoint-disabled` value `maybe`; expected `fail` or `pass`",
        ),
        (
            &["check", "plan/seed_instance.json", "--color", "sometimes"],
            "error[usage]: unknown `--color` value `sometimes`; expected `auto`, `always` or `never`",
        ),
        (
            &["schema", "policy"],
            "error[usage]: unknown schema `policy`; expected `report`, `options` or `request`",
        ),
    ];
    for (args, want) in cases {
        let o = run(args, None);
        assert_eq!(code(&o), 2, "{args:?}");
        assert_eq!(first_line(&o), *want, "{args:?}");
        assert!(stderr(&o).contains("\nusage:"), "{args:?}: no usage text");
    }
    let o = run(&["frobnicate"], None);
    assert_eq!(code(&o), 2);
    assert!(
        first_line(&o).starts_with("error[usage]: unknown command `frobnicate`; expected `check`"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &["check", "plan/seed_instance.json", "--format", "yaml"],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(
        first_line(&o)
            .starts_with("error[usage]: unknown format `yaml`; expected one of `text`, `json`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_forced_input_kind_that_does_not_fit_exits_2() {
    let o = run(
        &[
            "check",
            "ec2/flat_instances.json",
            "--input-kind",
            "terraform-state",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert_eq!(
        first_line(&o),
        "error[unsupported-input]: ec2/flat_instances.json: the input is a JSON array, not a `terraform-state` document (at `$`)"
    );
}

#[test]
fn schema_prints_the_committed_schema() {
    let o = run(&["schema"], None);
    assert_eq!(code(&o), 0);
    let committed =
        std::fs::read_to_string(fixtures().join("../../schema/report.schema.json")).unwrap();
    assert!(
        String::from_utf8(o.stdout).unwrap() == committed,
        "run `cargo run -- schema > schema/report.schema.json`"
    );
}

#[test]
fn version_and_help_exit_0() {
    let o = run(&["--version"], None);
    assert_eq!(code(&o), 0);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!("imdsv2-policy {}\n", env!("CARGO_PKG_VERSION"))
    );
    let o = run(&["--help"], None);
    assert_eq!(code(&o), 0);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .starts_with("imdsv2-policy: ")
    );
}

/// `--max-input-bytes` refuses a larger input before it is read: a file by its size, standard
/// input by counting it (the bytes over the limit are counted, not kept, so the size is exact).
#[test]
fn max_input_bytes_refuses_larger_input_with_its_size() {
    let plan = "plan/seed_instance.json";
    let size = std::fs::metadata(fixtures().join(plan)).unwrap().len();
    let limit = (size - 1).to_string();
    let msg = format!(
        "the input is {size} bytes, more than the limit set by `maxInputBytes`: {} bytes\n  help: raise `maxInputBytes` (`--max-input-bytes` on the command line), or leave it out\n",
        size - 1
    );
    let file = run(&["check", plan, "--max-input-bytes", &limit], None);
    assert_eq!(code(&file), 2);
    assert!(file.stdout.is_empty());
    assert_eq!(
        stderr(&file),
        format!("error[input-too-large]: {plan}: {msg}")
    );
    let bytes = std::fs::read(fixtures().join(plan)).unwrap();
    let stdin = run(&["check", "-", "--max-input-bytes", &limit], Some(&bytes));
    assert_eq!(code(&stdin), 2);
    assert_eq!(stderr(&stdin), format!("error[input-too-large]: {msg}"));
    let at = run(
        &["check", plan, "--max-input-bytes", &size.to_string()],
        None,
    );
    assert_eq!(code(&at), 0, "{}", stderr(&at));
    let bad = run(&["check", plan, "--max-input-bytes", "1k"], None);
    assert_eq!(code(&bad), 2);
    assert_eq!(
        first_line(&bad),
        "error[usage]: invalid `--max-input-bytes` value `1k`; expected a whole number of bytes"
    );
}
