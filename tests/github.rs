//! GitHub Actions output, as exact text: workflow-command escaping, the cap of 10 annotations
//! of each kind and the line that counts the rest, and the Markdown step summary with its
//! size limit. Reports are written by hand so that finding wording elsewhere cannot move them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::Report;
use imdsv2_policy::report::github::{
    MAX_ANNOTATIONS, STEP_SUMMARY_MAX_BYTES, escape_data, escape_property, github_step_summary,
    github_step_summary_within, to_github,
};
use imdsv2_policy::report::{OutputFormat, RenderOptions, render};
use serde_json::{Value, json};

fn named(name: &str) -> RenderOptions {
    RenderOptions {
        color: false,
        input_name: Some(name.to_owned()),
        ..Default::default()
    }
}

fn fail(address: &str, message: &str) -> Value {
    json!({
        "control": "EC2.8",
        "status": "fail",
        "severity": "high",
        "resource": {"type": "aws_instance", "address": address},
        "effective": {"httpTokens": "optional", "httpEndpoint": "enabled", "hopLimit": 1, "source": "aws-default"},
        "message": message,
        "remediation": {
            "summary": "Set `http_tokens = \"required\"`",
            "terraform": {
                "target": address,
                "targetType": "aws_instance",
                "block": "metadata_options {\n  http_tokens = \"required\"\n}\n",
                "mergePatch": {"metadata_options": [{"http_tokens": "required"}]},
                "reason": "it launches the instance"
            }
        }
    })
}

fn unknown_instance(id: &str) -> Value {
    json!({
        "control": "EC2.8",
        "status": "unknown",
        "severity": "high",
        "resource": {"type": "ec2-instance", "id": id, "region": "eu-west-1"},
        "effective": {"httpTokens": null, "httpEndpoint": "enabled", "hopLimit": 1, "source": "resource"},
        "message": "cannot tell whether IMDSv2 is required: no `MetadataOptions`",
        "remediation": {
            "summary": "Set `http_tokens = \"required\"`",
            "awsCli": format!("aws ec2 modify-instance-metadata-options --instance-id {id} --http-tokens required")
        }
    })
}

fn pass(address: &str) -> Value {
    json!({
        "control": "EC2.8",
        "status": "pass",
        "severity": "high",
        "resource": {"type": "aws_instance", "address": address},
        "effective": {"httpTokens": "required", "httpEndpoint": "enabled", "hopLimit": 1, "source": "resource"},
        "message": "IMDSv2 is required"
    })
}

fn report(findings: Vec<Value>, notes: Value) -> Report {
    let count = |s: &str| {
        findings
            .iter()
            .filter(|f| f["status"] == s && f.get("suppression").is_none())
            .count()
    };
    let suppressed = findings
        .iter()
        .filter(|f| f.get("suppression").is_some())
        .count();
    let (fail, unknown) = (count("fail"), count("unknown"));
    serde_json::from_value(json!({
        "tool": {"name": "imdsv2-policy", "version": "9.9.9"},
        "input": {"kind": "terraform-plan", "subjects": findings.len()},
        "summary": {
            "pass": count("pass"), "fail": fail, "unknown": unknown, "suppressed": suppressed,
            "verdict": if fail > 0 { "fail" } else { "pass" }
        },
        "findings": findings,
        "notes": notes
    }))
    .unwrap()
}

#[test]
fn escaping_follows_actions_core() {
    assert_eq!(
        escape_data("100% done\r\nnext: a,b"),
        "100%25 done%0D%0Anext: a,b"
    );
    assert_eq!(
        escape_property("100% done\r\nnext: a,b"),
        "100%25 done%0D%0Anext%3A a%2Cb"
    );
    // `%` first, so that an escape already in the input is not read back as one.
    assert_eq!(escape_data("%0A"), "%250A");
    assert_eq!(escape_property("%3A"), "%253A");
}

#[test]
fn annotations_exact_text() {
    let mut located = fail(
        "aws_instance.web[\"a,b:c\"]",
        "100% open\nsecond line\r\nthird",
    );
    located["location"] = json!({"file": "infra/a,b:c.tf", "line": 7, "column": 3});
    let r = report(
        vec![located, unknown_instance("i-0abc"), pass("aws_instance.ok")],
        json!([{"id": "account-guardrail", "message": "Set an account default: 50% fewer findings", "awsCli": "aws ec2 modify-instance-metadata-defaults"}]),
    );
    let expected = concat!(
        "::error file=infra/a%2Cb%3Ac.tf,line=7,col=3,title=EC2.8 fail%3A aws_instance.web[\"a%2Cb%3Ac\"]",
        "::aws_instance.web[\"a,b:c\"]: 100%25 open%0Asecond line%0D%0Athird",
        "%0A%0AFix in aws_instance.web[\"a,b:c\"]:%0Ametadata_options {%0A  http_tokens = \"required\"%0A}\n",
        "::warning file=plan.json,line=1,title=EC2.8 unknown%3A i-0abc",
        "::i-0abc: cannot tell whether IMDSv2 is required: no `MetadataOptions`",
        "%0A%0AFix: aws ec2 modify-instance-metadata-options --instance-id i-0abc --http-tokens required\n",
        "::notice title=imdsv2-policy%3A account-guardrail",
        "::Set an account default: 50%25 fewer findings%0A%0Aaws ec2 modify-instance-metadata-defaults\n",
        "imdsv2-policy 9.9.9: 1 fail, 1 unknown, 1 pass: fail\n",
    );
    assert_eq!(to_github(&r, &named("plan.json")), expected);
    assert_eq!(
        render(&r, OutputFormat::Github, &named("plan.json")),
        expected
    );
    assert_eq!(OutputFormat::parse("github"), Some(OutputFormat::Github));
}

#[test]
fn standard_input_gives_annotations_without_a_file() {
    let r = report(vec![unknown_instance("i-1")], json!([]));
    assert_eq!(
        to_github(&r, &RenderOptions::default()),
        "::warning title=EC2.8 unknown%3A i-1::i-1: cannot tell whether IMDSv2 is required: no `MetadataOptions`\
         %0A%0AFix: aws ec2 modify-instance-metadata-options --instance-id i-1 --http-tokens required\n\
         imdsv2-policy 9.9.9: 0 fail, 1 unknown, 0 pass: pass\n"
    );
}

#[test]
fn at_most_ten_of_each_then_a_count() {
    let mut findings: Vec<Value> = (0..13)
        .map(|i| fail(&format!("aws_instance.f{i:02}"), "open"))
        .collect();
    findings.extend((0..12).map(|i| unknown_instance(&format!("i-{i:02}"))));
    findings.push(pass("aws_instance.p"));
    let out = to_github(&report(findings, json!([])), &named("plan.json"));
    let lines: Vec<&str> = out.lines().collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error ")).collect();
    let warnings: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(errors.len(), MAX_ANNOTATIONS);
    assert_eq!(warnings.len(), MAX_ANNOTATIONS);
    // The first ten, in report order.
    assert!(errors[0].contains("title=EC2.8 fail%3A aws_instance.f00::"));
    assert!(errors[9].contains("title=EC2.8 fail%3A aws_instance.f09::"));
    assert_eq!(lines.len(), 21);
    assert_eq!(
        lines[20],
        "imdsv2-policy 9.9.9: 13 fail, 12 unknown, 1 pass: fail (3 fail and 2 unknown not annotated: \
         GitHub shows at most 10 errors and 10 warnings per step)"
    );
}

#[test]
fn input_cannot_start_a_command_of_its_own() {
    let evil = "aws_instance.x\n::add-mask::secret\r\n::stop-commands::t";
    let out = to_github(
        &report(vec![fail(evil, "m\n::error::forged")], json!([])),
        &named("p.json"),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(
        "::error file=p.json,line=1,title=EC2.8 fail%3A aws_instance.x%0A%3A%3Aadd-mask%3A%3Asecret"
    ));
    assert!(!lines[1].starts_with("::"));
}

#[test]
fn suppressed_findings_are_not_annotated() {
    let mut quiet = fail("aws_instance.quiet", "open");
    quiet["suppression"] = json!({"kind": "external", "reason": "legacy"});
    let r = report(vec![quiet, fail("aws_instance.loud", "open")], json!([]));
    let out = to_github(&r, &named("plan.json"));
    assert!(!out.contains("aws_instance.quiet"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("::error ")).count(), 1);
    assert!(
        out.ends_with("imdsv2-policy 9.9.9: 1 fail, 0 unknown, 0 pass, 1 suppressed: fail\n"),
        "{out}"
    );

    let summary = github_step_summary(&r);
    assert!(!summary.contains("aws_instance.quiet"), "{summary}");
    assert!(summary.contains("**1** suppressed"), "{summary}");
}

#[test]
fn step_summary_exact_text() {
    let r = report(
        vec![
            fail("aws_instance.a|b", "open"),
            unknown_instance("i-0abc"),
            pass("aws_instance.ok"),
            fail("aws_instance.`tick`\nnext", "open"),
        ],
        json!([{
            "id": "account-guardrail",
            "message": "No `aws_ec2_instance_metadata_defaults` here <b>bold</b> [x](y)",
            "terraform": "resource \"aws_ec2_instance_metadata_defaults\" \"imdsv2\" {\n  http_tokens = \"required\"\n}\n"
        }]),
    );
    let expected = "\
## imdsv2-policy: ❌ fail

**2** fail · **1** unknown · **1** pass · 4 subjects · input: terraform-plan

| Resource | Control | Status | Source | Fix target |
| --- | --- | --- | --- | --- |
| `aws_instance.a\\|b` | `EC2.8` | ❌ fail | aws-default | `aws_instance.a\\|b` |
| aws\\_instance.\\`tick\\` next | `EC2.8` | ❌ fail | aws-default | aws\\_instance.\\`tick\\` next |
| `i-0abc` | `EC2.8` | ⚠️ unknown | resource | `i-0abc` |

**Note:** No `aws_ec2_instance_metadata_defaults` here \\<b\\>bold\\</b\\> \\[x\\](y)

```hcl
resource \"aws_ec2_instance_metadata_defaults\" \"imdsv2\" {
  http_tokens = \"required\"
}
```

<sub>imdsv2-policy 9.9.9</sub>
";
    assert_eq!(github_step_summary(&r), expected);
}

#[test]
fn step_summary_without_findings_to_list() {
    let r = report(vec![pass("aws_instance.ok")], json!([]));
    assert_eq!(
        github_step_summary(&r),
        "## imdsv2-policy: ✅ pass\n\n\
         **0** fail · **0** unknown · **1** pass · 1 subject · input: terraform-plan\n\n\
         <sub>imdsv2-policy 9.9.9</sub>\n"
    );
}

#[test]
fn step_summary_cuts_rows_to_fit() {
    let findings: Vec<Value> = (0..5)
        .map(|i| fail(&format!("aws_instance.f{i}"), "open"))
        .collect();
    let r = report(findings, json!([]));
    let expected = "\
## imdsv2-policy: ❌ fail

**5** fail · **0** unknown · **0** pass · 5 subjects · input: terraform-plan

| Resource | Control | Status | Source | Fix target |
| --- | --- | --- | --- | --- |
| `aws_instance.f0` | `EC2.8` | ❌ fail | aws-default | `aws_instance.f0` |
| `aws_instance.f1` | `EC2.8` | ❌ fail | aws-default | `aws_instance.f1` |

_3 more rows not shown: the step summary is limited in size; see the full report._

<sub>imdsv2-policy 9.9.9</sub>
";
    assert!(github_step_summary(&r).len() > expected.len());
    // Exactly the room for two rows and the cut note.
    assert_eq!(github_step_summary_within(&r, expected.len()), expected);
    let one_byte_less = github_step_summary_within(&r, expected.len() - 1);
    assert!(
        one_byte_less.contains("_4 more rows not shown"),
        "{one_byte_less}"
    );
    assert!(
        !one_byte_less.contains("aws_instance.f1"),
        "{one_byte_less}"
    );
    // Any limit, however small, is kept.
    for limit in [0, 1, 10, 100, 200, 300, 400] {
        assert!(
            github_step_summary_within(&r, limit).len() <= limit,
            "{limit}"
        );
    }
}

#[test]
fn step_summary_stays_under_one_mebibyte() {
    let long = "x".repeat(200);
    let findings: Vec<Value> = (0..5000)
        .map(|i| fail(&format!("module.m{i}.aws_instance.{long}"), "open"))
        .collect();
    let r = report(findings, json!([]));
    let summary = github_step_summary(&r);
    assert!(summary.len() <= STEP_SUMMARY_MAX_BYTES);
    const { assert!(STEP_SUMMARY_MAX_BYTES < 1024 * 1024) };
    assert!(
        summary.len() > STEP_SUMMARY_MAX_BYTES - 1000,
        "{}",
        summary.len()
    );
    let shown = summary
        .lines()
        .filter(|l| l.starts_with("| `module."))
        .count();
    assert!(shown > 1000 && shown < 5000, "{shown}");
    assert!(summary.contains(&format!("_{} more rows not shown", 5000 - shown)));
    assert!(summary.ends_with("<sub>imdsv2-policy 9.9.9</sub>\n"));
}

#[test]
fn cli_appends_the_step_summary() {
    let dir =
        std::env::temp_dir().join(format!("imdsv2-policy-step-summary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let summary_file = dir.join("summary.md");
    std::fs::write(&summary_file, "# earlier step output\n").unwrap();
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/plans/checkov__tests_terraform_runner_resources_plan_tfplan.json"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args(["check", plan, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        2,
        "{stdout}"
    );
    let written = std::fs::read_to_string(&summary_file).unwrap();
    assert!(
        written.starts_with("# earlier step output\n\n## imdsv2-policy: ❌ fail\n"),
        "{written}"
    );
    assert!(written.contains("| `aws_instance.db_app` |"), "{written}");

    // Missing: created.
    let fresh = dir.join("fresh.md");
    let _ = std::fs::remove_file(&fresh);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args(["check", plan, "--format", "json"])
        .env("GITHUB_STEP_SUMMARY", &fresh)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        std::fs::read_to_string(&fresh)
            .unwrap()
            .contains("## imdsv2-policy")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn markdown_to_the_step_summary_file_is_appended_in_place_of_the_summary() {
    let dir = std::env::temp_dir().join(format!(
        "imdsv2-policy-step-summary-md-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let summary_file = dir.join("summary.md");
    std::fs::write(&summary_file, "# earlier step output\n").unwrap();
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/plans/checkov__tests_terraform_runner_resources_plan_tfplan.json"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args(["check", plan, "--format"])
        .arg(format!("markdown={}", summary_file.display()))
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report =
        imdsv2_policy::evaluate(&std::fs::read(plan).unwrap(), &Default::default()).unwrap();
    let markdown = imdsv2_policy::report::render(
        &report,
        imdsv2_policy::report::OutputFormat::Markdown,
        &imdsv2_policy::report::RenderOptions {
            input_name: Some(plan.to_owned()),
            ..Default::default()
        },
    );
    assert_eq!(
        std::fs::read_to_string(&summary_file).unwrap(),
        format!("# earlier step output\n{markdown}")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
