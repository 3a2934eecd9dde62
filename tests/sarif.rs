//! SARIF output: valid against the official 2.1.0 schema for real inputs, one result per fail
//! or unknown finding, each with a physical location and its own fingerprint, and the same
//! bytes every time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::report::RenderOptions;
use imdsv2_policy::report::sarif::{FINGERPRINT_KEY, fnv1a64, to_sarif, uri_reference};
use imdsv2_policy::report::{OutputFormat, render};
use imdsv2_policy::{Options, Report, Status, evaluate};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Real inputs from other projects, unwrapped ones only (not the Scalr or custodian harness
/// formats), chosen to cover fails, unknowns, modules, state, live instances and no findings.
const INPUTS: &[&str] = &[
    "plans/checkov__tests_terraform_runner_resources_plan_tfplan.json",
    "plans/checkov__tests_terraform_parser_resources_plan_tags_variety_tfplan.json",
    "plans/infracost__cmd_infracost_testdata_terraform_v0.14_plan.json",
    "plans/infracost__cmd_infracost_testdata_terraform_v0.14_state.json",
    "plans/regula__rego_tests_examples_aws_inputs_ec2_t2_only_infra.json",
    "plans/terraform-compliance__tests_functional_test_issue-456_plan.out.json",
    "plans/checkov__tests_terraform_runner_resources_unexpected_eks_node_group_remote_access.json",
    "ec2/aws-cli__describe-instances_example1_output.DERIVED.json",
    "ec2/botocore__tests_unit_response_parsing_xml_responses_ec2-describe-instances.json",
    "ec2/ssmilecl_devops-interview-tests__exercise1_ec2-describe-instances.json",
    "ec2/pgr-automation_Python_automation__describe-instances.json",
];

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let path = Path::new(ROOT).join("tests/schemas/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

/// The schema's complaints about a document, one per line; empty when it is valid.
fn schema_errors(doc: &Value) -> String {
    validator()
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn report_of(corpus_file: &str) -> Report {
    let bytes = std::fs::read(Path::new(ROOT).join("tests/corpus").join(corpus_file)).unwrap();
    evaluate(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{corpus_file}: {e}"))
}

fn named(name: &str) -> RenderOptions {
    RenderOptions {
        color: false,
        input_name: Some(name.to_owned()),
        ..Default::default()
    }
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().unwrap()
}

#[test]
fn real_inputs_give_schema_valid_sarif() {
    let mut total_results = 0;
    for file in INPUTS {
        let report = report_of(file);
        for options in [
            named(&format!("tests/corpus/{file}")),
            RenderOptions::default(),
        ] {
            let text = to_sarif(&report, &options);
            let doc: Value = serde_json::from_str(&text).unwrap();
            let errors = schema_errors(&doc);
            assert!(errors.is_empty(), "{file}: invalid SARIF:\n{errors}");
            let wanted = report
                .findings
                .iter()
                .filter(|f| f.status != Status::Pass)
                .count();
            assert_eq!(
                wanted,
                report.summary.fail + report.summary.unknown + report.summary.suppressed
            );
            assert_eq!(results(&doc).len(), wanted, "{file}");
            total_results += results(&doc).len();
        }
    }
    // The inputs above must exercise results, not only empty runs.
    assert!(total_results > 50, "only {total_results} results");
}

#[test]
fn validation_really_runs_and_rejects_broken_sarif() {
    let report = report_of("plans/checkov__tests_terraform_runner_resources_plan_tfplan.json");
    let good: Value = serde_json::from_str(&to_sarif(&report, &named("plan.json"))).unwrap();
    assert_eq!(schema_errors(&good), "");

    type Breakage = (&'static str, fn(&mut Value));
    let breakages: Vec<Breakage> = vec![
        ("wrong version", |d| d["version"] = json!("2.0.0")),
        ("result without a message", |d| {
            d["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
        }),
        ("line 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                json!(0)
        }),
        ("unknown level", |d| {
            d["runs"][0]["results"][0]["level"] = json!("fatal")
        }),
        ("driver without a name", |d| {
            d["runs"][0]["tool"]["driver"]
                .as_object_mut()
                .unwrap()
                .remove("name");
        }),
        ("helpUri not a URI", |d| {
            d["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = json!("not a uri")
        }),
        ("unknown top-level property", |d| d["extra"] = json!(1)),
    ];
    for (what, breaks) in breakages {
        let mut bad = good.clone();
        breaks(&mut bad);
        assert!(
            !schema_errors(&bad).is_empty(),
            "the schema accepted a document with {what}"
        );
    }
}

#[test]
fn every_result_has_a_physical_location_and_its_own_fingerprint() {
    for file in INPUTS {
        let report = report_of(file);
        let doc: Value = serde_json::from_str(&to_sarif(&report, &named("plan.json"))).unwrap();
        let mut fingerprints = BTreeSet::new();
        for r in results(&doc) {
            let physical = &r["locations"][0]["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], "plan.json", "{file}");
            assert!(
                physical["region"]["startLine"].as_i64().unwrap() >= 1,
                "{file}"
            );
            let fp = r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap();
            assert_eq!(fp.len(), 16, "{file}: {fp}");
            assert!(
                fingerprints.insert(fp.to_owned()),
                "{file}: repeated fingerprint {fp}"
            );
        }
    }
}

#[test]
fn results_follow_finding_status() {
    let report = report_of(
        "ec2/botocore__tests_unit_response_parsing_xml_responses_ec2-describe-instances.json",
    );
    assert!(report.summary.unknown > 0);
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("x.json"))).unwrap();
    for r in results(&doc) {
        assert_eq!(r["level"], "warning");
        assert_eq!(r["properties"]["status"], "unknown");
    }

    let report = report_of("plans/checkov__tests_terraform_runner_resources_plan_tfplan.json");
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("x.json"))).unwrap();
    let names: Vec<&str> = results(&doc)
        .iter()
        .map(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(names, ["aws_instance.db_app", "aws_instance.web_host"]);
    for r in results(&doc) {
        assert_eq!(r["level"], "error");
        assert_eq!(r["ruleId"], "EC2.8");
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let at = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[at]["id"], "EC2.8");
        let text = r["message"]["text"].as_str().unwrap();
        let name = r["locations"][0]["logicalLocations"][0]["name"]
            .as_str()
            .unwrap();
        assert!(
            text.starts_with(&format!("{name}: IMDSv1 is reachable")),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "Fix in {name} (aws_instance):\nmetadata_options {{"
            )),
            "{text}"
        );
        assert_eq!(r["properties"]["fixTarget"], name);
    }

    // Passes are not results.
    let report = report_of("ec2/pgr-automation_Python_automation__describe-instances.json");
    assert!(report.findings.iter().all(|f| f.status == Status::Pass));
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("x.json"))).unwrap();
    assert_eq!(doc["runs"][0]["results"], json!([]));
}

#[test]
fn live_instance_results_name_the_instance_and_the_command() {
    let report = report_of("ec2/aws-cli__describe-instances_example1_output.DERIVED.json");
    let doc: Value = serde_json::from_str(&to_sarif(&report, &RenderOptions::default())).unwrap();
    let r = &results(&doc)[0];
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "stdin"
    );
    assert_eq!(
        r["message"]["text"],
        "i-1234567890abcdef0: IMDSv1 is reachable: EC2 reports `HttpTokens` = `optional`\n\n\
         Fix: aws ec2 modify-instance-metadata-options --instance-id i-1234567890abcdef0 \
         --http-tokens required --http-endpoint enabled --region us-east-2"
    );
    assert_eq!(r["properties"]["fixTarget"], "i-1234567890abcdef0");
    assert_eq!(r["properties"]["region"], "us-east-2");
    assert_eq!(r["properties"]["account"], "111111111111");
}

#[test]
fn rules_come_from_the_policies_with_github_properties() {
    let report = report_of("plans/checkov__tests_terraform_runner_resources_plan_tfplan.json");
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("x.json"))).unwrap();
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "imdsv2-policy");
    assert_eq!(driver["version"], imdsv2_policy::VERSION);
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let policies = imdsv2_policy::policy::all().unwrap();
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), policies.len());
    for (rule, p) in rules.iter().zip(policies) {
        assert_eq!(rule["id"], p.id.as_str());
        assert_eq!(rule["shortDescription"]["text"], p.title.as_str());
        assert_eq!(rule["fullDescription"]["text"], p.description.as_str());
        assert_eq!(rule["helpUri"], p.remediation_url.as_str());
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(help.contains(&p.remediation) && help.contains(&p.rationale));
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains(&p.remediation) && markdown.contains(&p.rationale));
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(tags.contains(&json!("security")));
    }
    let ec2_8 = rules.iter().find(|r| r["id"] == "EC2.8").unwrap();
    assert_eq!(
        ec2_8["name"],
        "EC2InstancesShouldUseInstanceMetadataServiceVersion2IMDSv2"
    );
    // High: GitHub reads 7.0 to 8.9 as high.
    assert_eq!(ec2_8["properties"]["security-severity"], "8.0");
    assert_eq!(ec2_8["defaultConfiguration"]["level"], "error");
}

/// A report written by hand, so the test does not move when finding wording does.
fn report_with_locations() -> Report {
    let finding = |address: &str, status: &str, location: Value| {
        json!({
            "control": "EC2.8",
            "status": status,
            "severity": "high",
            "resource": {"type": "aws_instance", "address": address},
            "location": location,
            "effective": {"httpTokens": "optional", "httpEndpoint": "enabled", "hopLimit": 1, "source": "resource"},
            "message": "IMDSv1 is reachable"
        })
    };
    let mut findings = vec![
        finding(
            "aws_instance.a",
            "fail",
            json!({"file": "infra/main.tf", "line": 12, "column": 3}),
        ),
        // Same file and line as the first: the fingerprints must still differ.
        finding(
            "aws_instance.b",
            "fail",
            json!({"file": "infra/main.tf", "line": 12, "column": 3}),
        ),
        finding(
            "aws_instance.c",
            "unknown",
            json!({"file": "./infra dir/a:b#1.tf", "line": 4, "column": 0}),
        ),
        finding(
            "aws_instance.d",
            "pass",
            json!({"file": "infra/main.tf", "line": 30, "column": 1}),
        ),
    ];
    findings[2]["suppression"] = json!({
        "kind": "in-source",
        "reason": "legacy agent, tracked in OPS-1",
        "expires": "2027-01-31",
        "location": {"file": "./infra dir/a:b#1.tf", "line": 3, "column": 1}
    });
    // The same subject twice (never expected, but still two distinct results).
    findings.push(findings[0].clone());
    serde_json::from_value(json!({
        "tool": {"name": "imdsv2-policy", "version": "0.0.0-test"},
        "input": {"kind": "terraform-plan", "subjects": 4},
        "summary": {"pass": 1, "fail": 3, "unknown": 0, "suppressed": 1, "verdict": "fail"},
        "findings": findings
    }))
    .unwrap()
}

#[test]
fn source_locations_are_used_and_fingerprints_stay_distinct() {
    let report = report_with_locations();
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("ignored.json"))).unwrap();
    assert_eq!(schema_errors(&doc), "");
    let rs = results(&doc);
    assert_eq!(rs.len(), 4);
    let where_ = |r: &Value| r["locations"][0]["physicalLocation"].clone();
    assert_eq!(
        where_(&rs[0]),
        json!({"artifactLocation": {"uri": "infra/main.tf"}, "region": {"startLine": 12, "startColumn": 3}})
    );
    assert_eq!(
        where_(&rs[2]),
        json!({"artifactLocation": {"uri": "infra%20dir/a%3Ab%231.tf"}, "region": {"startLine": 4}})
    );
    let fps: Vec<&str> = rs
        .iter()
        .map(|r| r["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap())
        .collect();
    let distinct: BTreeSet<&&str> = fps.iter().collect();
    assert_eq!(distinct.len(), fps.len(), "{fps:?}");
    // Stable: FNV-1a 64 of control, NUL, address.
    assert_eq!(
        fps[0],
        format!("{:016x}", fnv1a64(b"EC2.8\0aws_instance.a"))
    );
    assert_eq!(
        fps[3],
        format!("{:016x}", fnv1a64(b"EC2.8\0aws_instance.a\x002"))
    );
}

#[test]
fn suppressed_findings_stay_results_with_their_suppression() {
    let report = report_with_locations();
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("plan.json"))).unwrap();
    let rs = results(&doc);
    assert_eq!(
        rs[2]["suppressions"],
        json!([{
            "justification": "legacy agent, tracked in OPS-1",
            "kind": "inSource",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": "infra%20dir/a%3Ab%231.tf"},
                "region": {"startColumn": 1, "startLine": 3}
            }},
            "properties": {"expires": "2027-01-31"},
            "status": "accepted"
        }])
    );
    assert!(rs[0].get("suppressions").is_none());
    // An external suppression (an ignore entry) has no place in the source.
    let mut value = serde_json::to_value(&report).unwrap();
    value["findings"][0]["suppression"] = json!({"kind": "external", "reason": "r"});
    let report: Report = serde_json::from_value(value).unwrap();
    let doc: Value = serde_json::from_str(&to_sarif(&report, &named("plan.json"))).unwrap();
    assert_eq!(
        results(&doc)[0]["suppressions"],
        json!([{"justification": "r", "kind": "external", "status": "accepted"}])
    );
    assert_eq!(schema_errors(&doc), "");
}

#[test]
fn fnv1a64_matches_the_reference_vectors() {
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn file_names_become_uri_references() {
    for (path, uri) in [
        ("plan.json", "plan.json"),
        ("./infra/plan.json", "infra/plan.json"),
        ("infra\\envs\\prod.tf", "infra/envs/prod.tf"),
        ("my plan (1).json", "my%20plan%20(1).json"),
        ("a:b.json", "a%3Ab.json"),
        ("100%.json", "100%25.json"),
        ("/home/ci/plan.json", "file:///home/ci/plan.json"),
        ("C:\\work\\plan.json", "file:///C:/work/plan.json"),
        ("plans/é.json", "plans/%C3%A9.json"),
    ] {
        assert_eq!(uri_reference(path), uri, "{path}");
    }
    // Each one is valid where SARIF wants a URI reference.
    let report = report_of("plans/checkov__tests_terraform_runner_resources_plan_tfplan.json");
    for name in [
        "my plan (1).json",
        "a:b.json",
        "C:\\work\\plan.json",
        "plans/é.json",
        "x?y#z.json",
    ] {
        let doc: Value = serde_json::from_str(&to_sarif(&report, &named(name))).unwrap();
        assert_eq!(schema_errors(&doc), "", "{name}");
    }
}

#[test]
fn output_is_deterministic() {
    for file in INPUTS {
        let report = report_of(file);
        let options = named("plan.json");
        let first = to_sarif(&report, &options);
        let again = to_sarif(&report_of(file), &options);
        assert_eq!(first, again, "{file}");
        // A report that went through its JSON form writes the same SARIF.
        let round_trip: Report = serde_json::from_str(&imdsv2_policy::to_json(&report)).unwrap();
        assert_eq!(first, to_sarif(&round_trip, &options), "{file}");
        assert!(first.ends_with("}\n"));
    }
}

#[test]
fn render_dispatches_to_sarif() {
    assert_eq!(OutputFormat::parse("sarif"), Some(OutputFormat::Sarif));
    assert!(OutputFormat::NAMES.contains(&"sarif"));
    let report = report_with_locations();
    let options = named("plan.json");
    assert_eq!(
        render(&report, OutputFormat::Sarif, &options),
        to_sarif(&report, &options)
    );
}

#[test]
fn cli_writes_sarif() {
    let file = Path::new(ROOT)
        .join("tests/corpus/plans/checkov__tests_terraform_runner_resources_plan_tfplan.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
        .args(["check", "--format", "sarif"])
        .arg(&file)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema_errors(&doc), "");
    assert_eq!(results(&doc).len(), 2);
}

#[test]
fn sarif_snapshot() {
    let report = report_with_locations();
    insta::assert_snapshot!(to_sarif(&report, &named("plan.json")));
}
