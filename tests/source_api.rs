//! The library API on Terraform source: `evaluate_sources`, `fix_sources` and their JSON
//! forms, the exact text of bad-input errors, and what source alone can and cannot settle.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{
    InputKind, Options, Report, Status, evaluate, evaluate_sources, evaluate_sources_json,
    fix_sources_json,
};
use std::collections::BTreeMap;

fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect()
}

fn one(r: &Report, name: &str) -> (Status, String) {
    let f = r
        .findings
        .iter()
        .find(|f| f.resource.name() == name)
        .unwrap_or_else(|| panic!("no `{name}`"));
    (f.status, f.message.clone())
}

#[test]
fn bad_input_errors_word_and_place_the_problem() {
    let cases: Vec<(BTreeMap<String, String>, &str)> = vec![
        (
            files(&[(
                "main.tf",
                "resource \"aws_instance\" \"x\" {\n  ami = \n}\n",
            )]),
            "error[invalid-hcl]: `main.tf` is not valid HCL: invalid expression; expected `\"`, `[`, `{`, `-`, `!`, `(`, `_`, `<`, letter or digit (main.tf:2:9)",
        ),
        (
            files(&[
                ("a.tf", "resource \"aws_instance\" \"x\" {}\n"),
                ("b.tf", "\nresource \"aws_instance\" \"x\" {}\n"),
            ]),
            "error[invalid-hcl]: resource `aws_instance.x` is declared twice: at a.tf:1:1 and here (b.tf:2:1)",
        ),
        (
            files(&[
                ("a.tf", "module \"m\" {\n  source = \"./m\"\n}\n"),
                ("b.tf", "module \"m\" {\n  source = \"./m\"\n}\n"),
            ]),
            "error[invalid-hcl]: module call `m` is declared twice: at a.tf:1:1 and here (b.tf:1:1)",
        ),
        (
            files(&[(
                "main.tf",
                "resource \"aws_instance\" \"x\" {\n  ami = \"a\"\n",
            )]),
            "error[invalid-hcl]: `main.tf` is not valid HCL: this `{` is never closed: the file ends first (main.tf:1:29)",
        ),
        (
            files(&[("main.tf", "a = {b = \"${c")]),
            "error[invalid-hcl]: `main.tf` is not valid HCL: this string has no closing `\"` (nor the one opened inside it): the file ends first (main.tf:1:10)",
        ),
        (
            files(&[("README.md", "# hi")]),
            "error[unsupported-input]: no Terraform configuration to read: none of `README.md` is a `.tf` file",
        ),
        (
            files(&[
                ("main.tf", "variable \"x\" {}\n"),
                ("terraform.tfvars", "x = var.y\n"),
            ]),
            "error[invalid-hcl]: the value of `x` in `terraform.tfvars` is not a literal: `var.y` is not declared in this configuration (terraform.tfvars:1:1)",
        ),
    ];
    for (input, expected) in cases {
        let e = evaluate_sources(&input, &Options::default()).unwrap_err();
        assert_eq!(e.to_string().lines().next().unwrap(), expected);
    }
    // A suppression that cannot be read is no error that stops the scan: it suppresses
    // nothing, and a note says what was wrong where.
    let r = evaluate_sources(
        &files(&[(
            "main.tf",
            "# imdsv2-policy:ignore EC2.8 reason:\nresource \"aws_instance\" \"x\" {}\n",
        )]),
        &Options::default(),
    )
    .unwrap();
    let n = r
        .notes
        .iter()
        .find(|n| n.id == "invalid-suppression")
        .unwrap();
    assert!(
        n.message.starts_with("error[invalid-ignore]: the suppression's reason is empty (`imdsv2-policy:ignore` on `aws_instance.x`) (main.tf:1:1)"),
        "{}",
        n.message
    );
    assert!(r.findings.iter().all(|f| f.suppression.is_none()));
}

#[test]
fn what_source_settles_and_what_stays_unknown() {
    let main = r#"
variable "tokens" {
  type    = string
  default = "optional"
}

variable "from_caller" {
  type = string
}

locals {
  strict = var.tokens == "required" || true
}

resource "aws_instance" "settled_by_tfvars_json" {
  ami = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = var.tokens
  }
}

resource "aws_instance" "by_local_condition" {
  ami = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = local.strict ? "required" : "optional"
  }
}

resource "aws_instance" "from_caller" {
  ami = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = var.from_caller
  }
}

resource "aws_instance" "from_a_function" {
  ami = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = jsondecode("\"required\"")
  }
}

resource "aws_instance" "per_instance" {
  for_each = var.from_caller
  ami      = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = each.value
  }
}

resource "aws_instance" "per_key" {
  for_each = toset(["required"])
  ami      = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = each.key
  }
}

resource "aws_instance" "counted" {
  count = 2
  ami   = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = count.index == 0 ? "required" : "optional"
  }
}

module "nested" {
  source = "./modules/nested"
}
"#;
    let r = evaluate_sources(
        &files(&[
            ("main.tf", main),
            ("terraform.tfvars.json", r#"{"tokens": "required"}"#),
        ]),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.input.kind, InputKind::TerraformSource);
    assert_eq!(
        one(&r, "aws_instance.settled_by_tfvars_json").0,
        Status::Pass
    );
    assert_eq!(one(&r, "aws_instance.by_local_condition").0, Status::Pass);
    let (status, message) = one(&r, "aws_instance.from_caller");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.ends_with(
            "`metadata_options.http_tokens` cannot be known from source: `var.from_caller` has no default and no value in a `.tfvars` file this tool read"
        ),
        "{message}"
    );
    let (status, message) = one(&r, "aws_instance.from_a_function");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.contains("calls `jsondecode`, which this tool does not evaluate"),
        "{message}"
    );
    let (status, message) = one(&r, "aws_instance.per_instance");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.contains("`each.value` differs per instance"),
        "{message}"
    );
    // Instances are named as a plan names them, each read with its own key.
    assert_eq!(
        one(&r, "aws_instance.per_key[\"required\"]").0,
        Status::Pass
    );
    assert_eq!(one(&r, "aws_instance.counted[0]").0, Status::Pass);
    assert_eq!(one(&r, "aws_instance.counted[1]").0, Status::Fail);
    // A module whose files were not given is judged unknown and keeps the verdict from
    // passing.
    let (status, message) = one(&r, "module.nested");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.contains(
            "`module.nested` (source `./modules/nested`) calls a directory whose `.tf` files were not given"
        ),
        "{message}"
    );
    assert!(r.notes.iter().any(|n| n.id == "not-judged"));
}

#[test]
fn account_defaults_follow_the_provider_alias() {
    let main = r#"
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_ec2_instance_metadata_defaults" "eu" {
  http_tokens = "required"
}

resource "aws_instance" "eu" {
  ami = "ami-0123456789abcdef0"
}

resource "aws_instance" "us" {
  provider = aws.us
  ami      = "ami-0123456789abcdef0"
}
"#;
    let r = evaluate_sources(&files(&[("main.tf", main)]), &Options::default()).unwrap();
    let eu = r
        .findings
        .iter()
        .find(|f| f.resource.name() == "aws_instance.eu")
        .unwrap();
    assert_eq!(
        (eu.status, eu.effective.decided_by.as_deref()),
        (Status::Pass, Some("aws_ec2_instance_metadata_defaults.eu"))
    );
    assert_eq!(one(&r, "aws_instance.us").0, Status::Fail);
}

#[test]
fn directories_are_separate_configurations() {
    let r = evaluate_sources(
        &files(&[
            ("a/main.tf", "resource \"aws_launch_template\" \"lt\" {\n  name = \"lt\"\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n"),
            ("b/main.tf", "resource \"aws_instance\" \"x\" {\n  launch_template {\n    name = \"lt\"\n  }\n}\n"),
        ]),
        &Options::default(),
    )
    .unwrap();
    // `./x.tf` and `y.tf` are the same directory.
    let same = evaluate_sources(
        &files(&[
            ("./lt.tf", "resource \"aws_launch_template\" \"lt\" {\n  name = \"lt\"\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n"),
            ("i.tf", "resource \"aws_instance\" \"x\" {\n  launch_template {\n    name = \"lt\"\n  }\n}\n"),
        ]),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(one(&same, "aws_instance.x").0, Status::Pass);
    // `b` cannot see `a`'s template: the template it names is not in its configuration.
    let (status, message) = one(&r, "aws_instance.x");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.contains("launch template `lt` is not in this input"),
        "{message}"
    );
}

#[test]
fn a_single_document_can_be_forced_to_source() {
    let o = Options::from_json(r#"{"inputKind": "terraform-source"}"#).unwrap();
    let r = evaluate(
        b"resource \"aws_instance\" \"x\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n",
        &o,
    )
    .unwrap();
    assert_eq!(r.input.kind, InputKind::TerraformSource);
    assert_eq!(
        r.findings[0].location.as_ref().map(|l| l.file.as_str()),
        Some("main.tf")
    );
}

#[test]
fn json_forms_for_wasi_and_extism_hosts() {
    let input = serde_json::json!({"main.tf": "resource \"aws_instance\" \"x\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n"}).to_string();
    let report: serde_json::Value =
        serde_json::from_str(&evaluate_sources_json(&input, "").unwrap()).unwrap();
    assert_eq!(report["summary"]["fail"], 1);
    let fix: serde_json::Value =
        serde_json::from_str(&fix_sources_json(&input, "{}").unwrap()).unwrap();
    assert_eq!(fix["files"][0]["file"], "main.tf");
    assert!(
        fix["diff"]
            .as_str()
            .unwrap()
            .starts_with("--- a/main.tf\n+++ b/main.tf\n")
    );
    assert_eq!(fix["files"][0]["edits"][0]["target"], "aws_instance.x");
    let e = evaluate_sources_json("[1]", "").unwrap_err();
    assert_eq!(e.code, imdsv2_policy::ErrorCode::InvalidJson);
    assert!(
        e.message
            .starts_with("the files are not an object of file name to text"),
        "{}",
        e.message
    );
}

/// Terraform's JSON syntax reads as the native one: references through templates, nested
/// blocks as objects or arrays, a `dynamic` block; `fix` never edits a `.tf.json` file but
/// says what to set.
#[test]
fn tf_json_reads_like_tf() {
    let json = r#"{
  "//": {"metadata": {"backend": "local", "stackName": "app"}},
  "variable": {"tokens": {"default": "required", "type": "string"}},
  "resource": {
    "aws_launch_template": {
      "lt": {"name_prefix": "app-", "metadata_options": [{"http_tokens": "${var.tokens}", "http_endpoint": "enabled"}]},
      "weak": {"name_prefix": "weak-", "metadata_options": {"http_tokens": "optional"}}
    },
    "aws_autoscaling_group": {
      "app": {"min_size": 1, "max_size": 1, "launch_template": {"id": "${aws_launch_template.lt.id}", "version": "$Default"}},
      "weak": {"min_size": 1, "max_size": 1, "launch_template": {"id": "${aws_launch_template.weak.id}"}}
    },
    "aws_instance": {
      "web": {"count": 2, "ami": "ami-0123456789abcdef0",
              "dynamic": {"metadata_options": {"for_each": "${[1]}", "content": {"http_tokens": "${count.index == 0 ? \"required\" : \"optional\"}"}}}}
    }
  }
}"#;
    let r = evaluate_sources(&files(&[("cdk.tf.json", json)]), &Options::default()).unwrap();
    assert_eq!(one(&r, "aws_autoscaling_group.app").0, Status::Pass);
    assert_eq!(one(&r, "aws_autoscaling_group.weak").0, Status::Fail);
    assert_eq!(one(&r, "aws_instance.web[0]").0, Status::Pass);
    assert_eq!(one(&r, "aws_instance.web[1]").0, Status::Fail);
    let fixed =
        imdsv2_policy::fix_sources(&files(&[("cdk.tf.json", json)]), &Options::default()).unwrap();
    assert!(fixed.files.is_empty(), "a .tf.json file was edited");
    assert!(
        fixed
            .manual
            .iter()
            .any(|m| m.message.contains("`.tf.json` files are not edited")),
        "{:?}",
        fixed.manual
    );
}

/// A `count` beyond what the tool expands is judged once under its configuration address,
/// never cut short at some instances.
#[test]
fn a_count_too_large_to_expand_is_judged_once() {
    let main = "resource \"aws_instance\" \"many\" {\n  count = 20000\n  ami   = \"ami-0123456789abcdef0\"\n}\n";
    let r = evaluate_sources(&files(&[("main.tf", main)]), &Options::default()).unwrap();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(one(&r, "aws_instance.many").0, Status::Fail);
}

/// A module that calls a directory above it is a cycle: an unjudged call at once, never 24
/// levels of copies (two such calls made 2^24 instances, past 2 GB: the `fix` fuzz target).
#[test]
fn a_module_calling_its_own_directory_is_a_cycle() {
    let main = "module \"a\" {\n  source = \"./\"\n}\nmodule \"b\" {\n  source = \"./\"\n}\nresource \"aws_instance\" \"x\" {\n  ami = \"ami-1\"\n}\n";
    let r = evaluate_sources(&files(&[("main.tf", main)]), &Options::default()).unwrap();
    assert_eq!(r.findings.len(), 3, "{:?}", r.findings);
    let (status, message) = one(&r, "module.a");
    assert_eq!(status, Status::Unknown);
    assert!(
        message.ends_with("`module.a` (source `./`) calls `.`, a directory that is already calling it: a cycle of modules, which Terraform cannot load"),
        "{message}"
    );
    assert_eq!(one(&r, "aws_instance.x").0, Status::Fail);
}

/// Module calls that fan out (two a level, 18 levels: 2^18 instances) are expanded up to
/// 100,000 module and resource instances; the calls past that are unjudged, so the verdict
/// cannot pass.
#[test]
fn module_fan_out_past_the_expansion_limit_is_unjudged() {
    let mut list = Vec::new();
    for i in 0..18 {
        let dir: String = (0..i).map(|j| format!("m{j}/")).collect();
        let mut text = String::from(
            "resource \"aws_instance\" \"x\" {\n  ami = \"ami-1\"\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n",
        );
        if i < 17 {
            for call in ["a", "b"] {
                text.push_str(&format!(
                    "module \"{call}\" {{\n  source = \"./m{i}\"\n}}\n"
                ));
            }
        }
        list.push((format!("{dir}main.tf"), text));
    }
    let input: BTreeMap<String, String> = list.into_iter().collect();
    let r = evaluate_sources(&input, &Options::default()).unwrap();
    let unjudged: Vec<_> = r.findings.iter().filter(|f| f.unjudged).collect();
    assert!(!unjudged.is_empty());
    assert!(unjudged.iter().all(|f| f.status == Status::Unknown && f.message.contains(
        "would take the configuration past 100000 module and resource instances, more than this tool expands from source"
    )));
    assert!(r.findings.len() < 100_000, "{}", r.findings.len());
    assert_ne!(
        r.summary.verdict,
        imdsv2_policy::report::model::Verdict::Pass
    );
}
