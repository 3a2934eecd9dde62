//! The native CLI on Terraform source: `check PATH...`, `fix PATH [--write]`, suppressions
//! by comment and by `--ignore-file`, and their exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
}

/// A fresh directory of its own under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "imdsv2-policy-test-{}-{label}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn example() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/terraform/main.tf"),
    )
    .unwrap()
}

const PASSING: &str = r#"resource "aws_instance" "ok" {
  ami = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens = "required"
  }
}
"#;

#[test]
fn example_fix_then_check_passes_and_a_second_fix_prints_nothing() {
    let dir = Scratch::new("example");
    let main = dir.write("main.tf", &example());
    let other = dir.write("other.tf", PASSING);
    let other_modified = std::fs::metadata(&other).unwrap().modified().unwrap();

    let before = run(&["check", dir.s(), "--color", "never"]);
    assert_eq!(before.status.code(), Some(1), "{}", stdout(&before));
    // EC2.8 for the group and the instance, EC2.170 for the template.
    assert!(stdout(&before).contains("FAIL (3)"), "{}", stdout(&before));

    let dry = run(&["fix", dir.s()]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    let diff = stdout(&dry);
    // An absolute path stays as it is in the header (`patch -p0`).
    let name = format!("{}/main.tf", dir.s());
    assert!(
        diff.starts_with(&format!("--- {name}\n+++ {name}\n")),
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        // The instance's new block (6), `http_tokens` in the template (1), and
        // `update_default_version = true` so the fixed version is the default EC2.170 judges (2).
        9,
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .count(),
        0,
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(&main).unwrap(),
        example(),
        "a dry run wrote the file"
    );

    let write = run(&["fix", dir.s(), "--write"]);
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    assert_eq!(stdout(&write), diff, "--write prints the same diff");
    assert!(stderr(&write).contains("fixed: "), "{}", stderr(&write));
    let fixed = std::fs::read_to_string(&main).unwrap();
    assert!(
        fixed.contains("    http_tokens = \"required\"\n    # メタデータサービスを有効化"),
        "{fixed}"
    );

    let after = run(&["check", dir.s(), "--color", "never"]);
    assert_eq!(after.status.code(), Some(0), "{}", stdout(&after));
    assert!(
        stdout(&after).contains("0 fail, 0 unknown, 4 pass: pass"),
        "{}",
        stdout(&after)
    );

    let again = run(&["fix", dir.s(), "--write"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(stdout(&again), "", "the second run prints a diff");
    assert_eq!(stderr(&again), "", "the second run says something");
    assert_eq!(std::fs::read_to_string(&main).unwrap(), fixed);

    // The file with nothing to fix was never rewritten, and no temporary file is left.
    assert_eq!(
        std::fs::metadata(&other).unwrap().modified().unwrap(),
        other_modified
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["main.tf".to_owned(), "other.tf".to_owned()]);
}

#[test]
fn check_reports_file_line_column_in_json() {
    let dir = Scratch::new("json");
    dir.write("main.tf", &example());
    let o = run(&["check", dir.s(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["input"]["kind"], "terraform-source");
    let instance = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["address"] == "aws_instance.secure_instance")
        .unwrap();
    assert_eq!(instance["location"]["file"], format!("{}/main.tf", dir.s()));
    assert_eq!(instance["location"]["line"], 7);
    assert_eq!(instance["location"]["column"], 1);
    assert!(
        report["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "not-a-provider-resource"),
        "the seed article's bogus resource gets a note"
    );
}

#[test]
fn check_takes_several_tf_files_but_not_json_and_source_together() {
    let dir = Scratch::new("several");
    let a = dir.write("a.tf", PASSING);
    let b = dir.write(
        "b.tf",
        "resource \"aws_instance\" \"b\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n",
    );
    let o = run(&[
        "check",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("1 fail, 0 unknown, 1 pass: fail"),
        "{}",
        stdout(&o)
    );
    let j = dir.write("plan.json", "{}");
    let o = run(&["check", j.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is Terraform source, the other arguments are JSON documents"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_hcl_is_an_error_with_file_line_column() {
    let dir = Scratch::new("invalid");
    let f = dir.write(
        "main.tf",
        "resource \"aws_instance\" \"x\" {\n  ami = \n}\n",
    );
    let o = run(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with("error[invalid-hcl]: `"), "{err}");
    assert!(
        err.contains(&format!("({}:2:", f.to_str().unwrap())),
        "{err}"
    );
}

#[test]
fn fix_leaves_manual_steps_on_stderr_and_exits_1() {
    let dir = Scratch::new("manual");
    dir.write(
        "main.tf",
        "variable \"tokens\" {\n  type = string\n}\n\nresource \"aws_instance\" \"x\" {\n  ami = \"ami-0123456789abcdef0\"\n\n  metadata_options {\n    http_tokens = var.tokens\n  }\n}\n",
    );
    let o = run(&["fix", dir.s()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(
        err.contains("main.tf:1:1: manual step for `var.tokens`: "),
        "{err}"
    );
    assert!(err.contains("which has no default"), "{err}");

    let json = run(&["fix", dir.s(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["files"], serde_json::json!([]));
    assert_eq!(v["manual"][0]["target"], "var.tokens");
}

#[test]
fn suppression_by_comment_keeps_the_finding_and_passes_the_run() {
    let dir = Scratch::new("inline");
    dir.write(
        "main.tf",
        "# imdsv2-policy:ignore EC2.8 reason: vendor agent needs IMDSv1 until OPS-118\nresource \"aws_instance\" \"legacy\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n",
    );
    let o = run(&["check", dir.s(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(text.contains("SUPPRESSED (1)"), "{text}");
    assert!(
        text.contains("reason: vendor agent needs IMDSv1 until OPS-118, in-source at "),
        "{text}"
    );
    assert!(
        text.contains("0 fail, 0 unknown, 0 pass, 1 suppressed: pass"),
        "{text}"
    );

    let j = run(&["check", dir.s(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["findings"][0]["status"], "fail");
    assert_eq!(v["findings"][0]["suppression"]["kind"], "in-source");
    assert_eq!(v["findings"][0]["suppression"]["location"]["line"], 1);

    // A suppressed finding is not fixed either.
    let f = run(&["fix", dir.s()]);
    assert_eq!((f.status.code(), stdout(&f).as_str()), (Some(0), ""));
}

#[test]
fn a_suppression_without_reason_is_said_at_its_place_and_the_scan_goes_on() {
    let dir = Scratch::new("noreason");
    let f = dir.write("main.tf", "resource \"aws_instance\" \"legacy\" {\n  # imdsv2-policy:ignore EC2.8\n  ami = \"ami-0123456789abcdef0\"\n}\n");
    let o = run(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "the finding stays open");
    assert!(
        stdout(&o).contains(&format!("({}:2:3)", f.to_str().unwrap())),
        "{}",
        stdout(&o)
    );
    let o = run(&["fix", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("+  metadata_options {"),
        "{}",
        stdout(&o)
    );

    let ignore = dir.write(
        ".imdsv2-policy-ignore",
        "# comment\naws_instance.legacy EC2.8 expires:2030-01-01\n",
    );
    let ok = dir.write("ok.tf", PASSING);
    let o = run(&[
        "check",
        ok.to_str().unwrap(),
        "--ignore-file",
        ignore.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("the suppression has no reason"), "{err}");
    assert!(
        err.contains(&format!("({}:2:1)", ignore.to_str().unwrap())),
        "{err}"
    );
}

const PLAN: &str = r#"{"format_version":"1.2","resource_changes":[
 {"address":"aws_instance.web[0]","mode":"managed","type":"aws_instance","name":"web","index":0,
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}},
 {"address":"aws_instance.web[1]","mode":"managed","type":"aws_instance","name":"web","index":1,
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}},
 {"address":"aws_instance.db","mode":"managed","type":"aws_instance","name":"db",
  "change":{"actions":["create"],"after":{"ami":"ami-1"},"after_unknown":{}}}]}"#;

const INSTANCES: &str = r#"{"Reservations":[{"OwnerId":"123456789012","Instances":[
 {"InstanceId":"i-0aaa","State":{"Name":"running"},"Placement":{"AvailabilityZone":"eu-west-1a"},
  "MetadataOptions":{"State":"applied","HttpTokens":"optional","HttpEndpoint":"enabled","HttpPutResponseHopLimit":1}},
 {"InstanceId":"i-0bbb","State":{"Name":"running"},"Placement":{"AvailabilityZone":"eu-west-1a"},
  "MetadataOptions":{"State":"applied","HttpTokens":"optional","HttpEndpoint":"enabled","HttpPutResponseHopLimit":1}}]}]}"#;

#[test]
fn ignore_file_suppresses_plan_addresses_and_instance_ids() {
    let dir = Scratch::new("ignorefile");
    let plan = dir.write("plan.json", PLAN);
    let ec2 = dir.write("instances.json", INSTANCES);
    let ignore = dir.write(
        "ignore",
        "# address without key: every instance of it\naws_instance.web reason: blue/green cut-over this week\ni-0aaa EC2.8 expires:2099-01-01 reason: vendor appliance\n",
    );
    let o = run(&[
        "check",
        plan.to_str().unwrap(),
        "--ignore-file",
        ignore.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "aws_instance.db still fails");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["fail"], 1);
    assert_eq!(v["summary"]["suppressed"], 2);
    let web0 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["address"] == "aws_instance.web[0]")
        .unwrap();
    assert_eq!(web0["suppression"]["kind"], "external");
    assert_eq!(
        web0["suppression"]["reason"],
        "blue/green cut-over this week"
    );
    assert_eq!(web0["suppression"]["location"]["line"], 2);
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "unused-suppression"
                && n["message"].as_str().unwrap().contains("`i-0aaa`")),
        "the instance id matches nothing in a plan: {}",
        v["notes"]
    );

    let o = run(&[
        "check",
        ec2.to_str().unwrap(),
        "--ignore-file",
        ignore.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(1), "i-0bbb still fails");
    let text = stdout(&o);
    assert!(text.contains("SUPPRESSED (1)"), "{text}");
    assert!(text.contains("i-0aaa"), "{text}");
    assert!(
        text.contains("reason: vendor appliance, until 2099-01-01, external at "),
        "{text}"
    );
}

#[test]
fn an_expired_suppression_no_longer_applies_and_says_so() {
    let dir = Scratch::new("expired");
    let ec2 = dir.write("instances.json", INSTANCES);
    let ignore = dir.write(
        "ignore",
        "i-0aaa expires:2020-01-31 reason: old window\ni-0bbb reason: still accepted\n",
    );
    let o = run(&[
        "check",
        ec2.to_str().unwrap(),
        "--ignore-file",
        ignore.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            v["summary"]["fail"].clone(),
            v["summary"]["suppressed"].clone()
        ),
        (1.into(), 1.into())
    );
    let a = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource"]["id"] == "i-0aaa")
        .unwrap();
    assert!(a.get("suppression").is_none());
    assert!(
        a["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2020-01-31"),
        "{}",
        a["message"]
    );
    assert!(
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "expired-suppression")
    );
}

#[cfg(unix)]
const WEAK: &str = "resource \"aws_instance\" \"a\" {\n  ami = \"ami-0123456789abcdef0\"\n  metadata_options {\n    http_tokens = \"optional\"\n  }\n}\n";

/// `fix --write` on a symbolic link writes the link's target and keeps the link; the mode is
/// kept exactly; a read-only file is refused and nothing is written, in any file.
#[cfg(unix)]
#[test]
fn fix_write_follows_links_keeps_modes_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("links");
    let real = dir.write("real.tf.txt", WEAK);
    std::fs::create_dir_all(dir.path("conf")).unwrap();
    std::os::unix::fs::symlink(&real, dir.path("conf/main.tf")).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let conf = dir.path("conf");
    let o = run(&["fix", "--write", conf.to_str().unwrap()]);
    assert_eq!(o.status.code().unwrap(), 0, "{}", stderr(&o));
    let link = std::fs::symlink_metadata(dir.path("conf/main.tf")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.contains("http_tokens = \"required\""), "{text}");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);

    // Two files, one read-only: neither is written.
    let two = Scratch::new("readonly");
    let a = two.write("a.tf", WEAK);
    let b = two.write("b.tf", &WEAK.replace("\"a\"", "\"b\""));
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&["fix", "--write", two.s()]);
    assert_eq!(o.status.code().unwrap(), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is read-only; it was not written"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        WEAK,
        "a.tf was written"
    );
    let leftovers: Vec<_> = std::fs::read_dir(two.s())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A `dynamic "metadata_options"` without `content` is a manual step: `fix --write` adds no
/// block beside it, so a second run changes nothing (it added one each run before).
#[test]
fn fix_is_idempotent_on_a_dynamic_block_without_content() {
    let dir = Scratch::new("dynamic");
    let text = "resource \"aws_instance\" \"d\" {\n  ami = \"ami-1\"\n  dynamic \"metadata_options\" {\n    for_each = [1]\n  }\n}\n";
    let f = dir.write("main.tf", text);
    for _ in 0..2 {
        let o = run(&["fix", "--write", dir.s()]);
        assert_eq!(o.status.code().unwrap(), 1, "{}", stderr(&o));
        assert!(stderr(&o).contains("without `content`"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    }
}
