//! The command line behaves as the tools people know: help on every subcommand, `--flag=value`,
//! several outputs of one run, `--quiet`, `--soft-fail`, colour by `NO_COLOR` / `FORCE_COLOR`
//! / `TERM`, `fix --check`, and options from `.imdsv2-policy.json` and `.imdsv2-policy.toml`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"));
    c.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("TERM");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_in(&fixtures(), args, env)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A scratch directory under the system's temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("imdsv2-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn help_on_every_subcommand() {
    for (args, starts) in [
        (&["check", "--help"][..], "usage: imdsv2-policy check"),
        (&["check", "-h"][..], "usage: imdsv2-policy check"),
        (&["fix", "--help"][..], "usage: imdsv2-policy fix"),
        (&["help", "check"][..], "usage: imdsv2-policy check"),
        (
            &["controls", "--help"][..],
            "imdsv2-policy: AWS Security Hub",
        ),
        (&["--help"][..], "imdsv2-policy: AWS Security Hub"),
    ] {
        let o = run(args, &[]);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            text(&o.stdout).starts_with(starts),
            "{args:?}: {}",
            text(&o.stdout)
        );
        assert!(o.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn flag_equals_value_and_several_outputs() {
    let dir = Scratch::new("outputs");
    let sarif = dir.0.join("out.sarif");
    let txt = dir.0.join("out.txt");
    let o = run(
        &[
            "check",
            "plan/lt_by_reference.json",
            "--format=json",
            &format!("--format=sarif={}", sarif.display()),
            &format!("--format=text={}", txt.display()),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["summary"]["verdict"], "fail");
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let t = std::fs::read_to_string(&txt).unwrap();
    assert!(t.contains("FAIL ("), "{t}");
    assert!(!t.contains('\u{1b}'), "no colour in a file");
    // `-o` takes the one format without a file.
    let json_file = dir.0.join("out.json");
    let o = run(
        &[
            "check",
            "plan/lt_by_reference.json",
            "-f",
            "json",
            "-o",
            json_file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(j["summary"]["verdict"], "fail");
    // Two formats on standard output is a usage error.
    let o = run(
        &["check", "plan/seed_instance.json", "--format", "json,sarif"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn soft_fail_and_quiet() {
    let o = run(
        &[
            "check",
            "plan/lt_by_reference.json",
            "--soft-fail",
            "--quiet",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("FAIL ("), "{out}");
    assert!(!out.contains("PASS ("), "quiet leaves passes out: {out}");
    assert!(!out.contains("note:"), "quiet leaves notes out: {out}");
    // Bad input is still exit 2 with --soft-fail.
    let o = run(&["check", "bad/not_json.json", "--soft-fail"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn colour_follows_the_environment() {
    let args = ["check", "plan/seed_instance.json"];
    let has_colour = |env: &[(&str, &str)]| text(&run(&args, env).stdout).contains('\u{1b}');
    assert!(!has_colour(&[]), "not a terminal: no colour");
    assert!(has_colour(&[("FORCE_COLOR", "1")]));
    assert!(!has_colour(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!has_colour(&[("FORCE_COLOR", "0")]));
    assert!(
        has_colour(&[("TERM", "dumb"), ("FORCE_COLOR", "1")]),
        "FORCE_COLOR wins over TERM"
    );
    let o = run(
        &[
            "check",
            "plan/seed_instance.json",
            "--color=always",
            "--format=text",
        ],
        &[("NO_COLOR", "1")],
    );
    assert!(text(&o.stdout).contains('\u{1b}'), "the flag wins");
}

#[test]
fn fix_check_exits_1_when_a_change_is_due() {
    let dir = Scratch::new("fixcheck");
    let tf = dir.0.join("main.tf");
    let weak = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n";
    std::fs::write(&tf, weak).unwrap();
    let o = run_in(&dir.0, &["fix", "main.tf", "--check"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("would fix: main.tf"));
    assert_eq!(
        std::fs::read_to_string(&tf).unwrap(),
        weak,
        "--check changes nothing"
    );
    let o = run_in(&dir.0, &["fix", "main.tf", "--write"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run_in(&dir.0, &["fix", "main.tf", "--check"], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "fixed: nothing left, {}",
        text(&o.stderr)
    );
}

#[test]
fn options_from_the_nearest_config_file() {
    let dir = Scratch::new("config");
    let sub = dir.0.join("infra/app");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0123456789abcdef0\"\n  metadata_options {\n    http_endpoint = \"disabled\"\n  }\n}\n",
    )
    .unwrap();
    // Without a config: the endpoint-disabled instance fails (as AWS words EC2.8).
    let o = run_in(&sub, &["check", "main.tf", "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(
        dir.0.join(".imdsv2-policy.json"),
        r#"{"endpointDisabled": "pass", "controls": ["EC2.8"]}"#,
    )
    .unwrap();
    let o = run_in(&sub, &["check", "main.tf", "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // A flag wins over the file; `--config none` ignores it.
    let o = run_in(
        &sub,
        &["check", "main.tf", "--endpoint-disabled", "fail"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run_in(&sub, &["check", "main.tf", "--config", "none"], &[]);
    assert_eq!(o.status.code(), Some(1));
    // A bad file is an error naming it.
    std::fs::write(
        dir.0.join(".imdsv2-policy.json"),
        r#"{"endpointDisabled": "maybe"}"#,
    )
    .unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains(".imdsv2-policy.json"),
        "{}",
        text(&o.stderr)
    );
}

/// `.imdsv2-policy.toml`: the same options object in TOML, validated alike, with the
/// error's line:column; a directory holding both files is an error, not a guess.
#[test]
fn options_from_a_toml_config_file() {
    let dir = Scratch::new("config-toml");
    let sub = dir.0.join("infra");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0123456789abcdef0\"\n  metadata_options {\n    http_endpoint = \"disabled\"\n  }\n}\n",
    )
    .unwrap();
    let toml = dir.0.join(".imdsv2-policy.toml");
    std::fs::write(
        &toml,
        "# shared by CI and editors\nendpointDisabled = \"pass\"\ncontrols = [\"EC2.8\"]\n\n[[ignore]]\ntarget = \"aws_instance.other\"\nreason = \"a test\"\n",
    )
    .unwrap();
    let o = run_in(&sub, &["check", "main.tf", "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        1,
        "EC2.8 only"
    );

    // A typo in a security option is refused at its place.
    std::fs::write(&toml, "controls = [\"EC2.8\"]\nfailOnUnknwn = true\n").unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains(".imdsv2-policy.toml"), "{err}");
    assert!(err.contains("failOnUnknwn"), "{err}");
    assert!(err.contains("line 2, column 1"), "the key's place: {err}");

    // Not TOML at all: still a clear error with a place.
    std::fs::write(&toml, "controls = [\"EC2.8\"\n").unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("invalid options"),
        "{}",
        text(&o.stderr)
    );

    // A bare TOML date is not the string the option takes: said so, with the fix.
    std::fs::write(&toml, "today = 2026-12-01\n").unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr)
            .contains("`2026-12-01` is a TOML date or time; expected a string (`\"2026-12-01\"`)"),
        "{}",
        text(&o.stderr)
    );

    // Both in one directory: which one wins would be a guess.
    std::fs::write(&toml, "controls = [\"EC2.8\"]\n").unwrap();
    std::fs::write(dir.0.join(".imdsv2-policy.json"), "{}").unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("two config files in one directory"),
        "{}",
        text(&o.stderr)
    );
    // `--config FILE` names one; the nearer directory wins over a farther one.
    let o = run_in(
        &sub,
        &["check", "main.tf", "--config", "../.imdsv2-policy.toml"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    std::fs::write(
        sub.join(".imdsv2-policy.toml"),
        "endpointDisabled = \"pass\"\n",
    )
    .unwrap();
    let o = run_in(&sub, &["check", "main.tf"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// `.imdsv2-policy-ignore` at the repository root is read without `--ignore-file`.
#[test]
fn the_repository_ignore_file_is_picked_up() {
    let dir = Scratch::new("ignorefile");
    std::fs::create_dir_all(dir.0.join(".git")).unwrap();
    let sub = dir.0.join("infra");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n",
    )
    .unwrap();
    let o = run_in(&sub, &["check", "main.tf", "--config", "none"], &[]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(
        dir.0.join(".imdsv2-policy-ignore"),
        "aws_instance.web EC2.8 reason: bastion, IMDS off by firewall\n",
    )
    .unwrap();
    let o = run_in(
        &sub,
        &["check", "main.tf", "--config", "none", "--control", "EC2.8"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("SUPPRESSED (1)"));
}

/// A 25-instance `count` block is one group with one fix: one row in text (every finding
/// with `--verbose`), one row in the step summary, and every finding still in JSON.
#[test]
fn a_count_block_is_one_group() {
    let dir = Scratch::new("group");
    std::fs::write(
        dir.0.join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  count = 25\n  ami   = \"ami-0123456789abcdef0\"\n}\n",
    )
    .unwrap();
    let summary = dir.0.join("summary.md");
    let args = ["check", "main.tf", "--config", "none", "--control", "EC2.8"];
    let o = run_in(
        &dir.0,
        &args,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    let out = text(&o.stdout);
    assert_eq!(
        out.matches("aws_instance.web").count(),
        2,
        "one row and one fix: {out}"
    );
    assert!(out.contains("aws_instance.web ×25"), "{out}");
    assert_eq!(out.matches("metadata_options {").count(), 1, "{out}");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(md.matches("| `aws_instance.web` ×25 |").count(), 1, "{md}");
    let o = run_in(&dir.0, &[&args[..], &["--verbose"]].concat(), &[]);
    let rows = text(&o.stdout)
        .lines()
        .filter(|l| l.starts_with("  aws_instance.web["))
        .count();
    assert_eq!(rows, 25);
    let o = run_in(&dir.0, &[&args[..], &["--format", "json"]].concat(), &[]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["findings"].as_array().unwrap().len(), 25);
    assert_eq!(j["groups"].as_array().unwrap().len(), 1);
    assert_eq!(j["groups"][0]["subject"], "aws_instance.web");
    assert_eq!(j["groups"][0]["findings"].as_array().unwrap().len(), 25);
}

#[test]
fn text_has_a_header_and_wraps_the_reason_to_the_terminal_width() {
    let plan = std::fs::read("tests/corpus/plan-source/test_issue-456/plan.out.json").unwrap();
    let report = imdsv2_policy::evaluate(&plan, &imdsv2_policy::Options::default()).unwrap();
    let render = |width: Option<usize>| {
        imdsv2_policy::report::render(
            &report,
            imdsv2_policy::report::OutputFormat::Text,
            &imdsv2_policy::report::RenderOptions {
                width,
                ..Default::default()
            },
        )
    };
    let long = render(None);
    assert!(
        long.lines()
            .nth(2)
            .unwrap()
            .trim_start()
            .starts_with("RESOURCE")
    );
    assert!(
        long.lines().any(|l| l.len() > 200),
        "no terminal: one row a line"
    );
    for width in [100, 160, 240] {
        let text = render(Some(width));
        for line in text.lines() {
            // Lines of the table stay within the width, but for a word longer than the room.
            let longest_word = line
                .split(' ')
                .map(imdsv2_policy::report::text::display_width)
                .max();
            assert!(
                imdsv2_policy::report::text::display_width(line) <= width
                    || longest_word.unwrap_or(0) > 30,
                "{width}: {line:?}"
            );
        }
        // The same words, only broken differently.
        let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&text), words(&long), "{width}");
    }
}
