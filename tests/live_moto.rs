//! Live documents made by the real AWS CLI against moto (tests/fixtures/live-moto/, made by
//! tests/moto/live_moto.py; its README says how and with which versions), judged without moto.
//! The expectations are tests/fixtures/live-moto/expectations.txt, which the script reads too
//! (written from shared/domain.md before the tool ran). moto's ids are random per run, so
//! subjects are found by name through the documents themselves.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::Options;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live-moto")
}

fn read(rel: &str) -> (String, Vec<u8>) {
    let p = root().join(rel);
    (p.display().to_string(), std::fs::read(&p).unwrap())
}

fn json(rel: &str) -> Value {
    serde_json::from_slice(&read(rel).1).unwrap()
}

/// The account's documents as the AWS CLI wrote them, in name order.
fn account_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("account"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .map(|n| format!("account/{n}"))
        .collect();
    names.sort();
    names
}

fn is_template_doc(rel: &str) -> bool {
    rel.starts_with("account/describe-launch-template")
}

/// The template responses as one document, an array of pages: the shape whose templates join
/// (see `as_written_directory_joins`).
fn joined(lt_docs: &[String]) -> (String, Vec<u8>) {
    let pages: Vec<Value> = lt_docs.iter().map(|d| json(d)).collect();
    (
        "launch-templates.json".to_owned(),
        serde_json::to_vec(&pages).unwrap(),
    )
}

/// The account with some documents swapped, and the template documents joined (`lts`: the
/// template documents to join, all of the account's by default).
fn layout(replace: &[&str], add: &[&str], lts: Option<Vec<String>>) -> Vec<(String, Vec<u8>)> {
    let files = account_files();
    let lt_files: Vec<String> = files
        .iter()
        .filter(|f| is_template_doc(f))
        .cloned()
        .collect();
    let mut docs: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|f| !is_template_doc(f) && !replace.iter().any(|r| f.ends_with(r)))
        .map(|f| read(f))
        .collect();
    docs.extend(add.iter().map(|a| read(a)));
    docs.push(joined(&lts.unwrap_or(lt_files)));
    docs
}

fn evaluate(docs: &[(String, Vec<u8>)]) -> Value {
    let refs: Vec<(&str, &[u8])> = docs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let r = imdsv2_policy::evaluate_documents(&refs, &Options::default()).unwrap();
    serde_json::from_str(&imdsv2_policy::to_json(&r)).unwrap()
}

/// Names to ids, from the documents: templates by name, configurations by name, AMIs by name
/// (`moto-NAME`), instances by their `Name` tag.
struct Ids(BTreeMap<(&'static str, String), String>);

impl Ids {
    fn load() -> Self {
        let mut m = BTreeMap::new();
        for t in json("account/describe-launch-templates.json")["LaunchTemplates"]
            .as_array()
            .unwrap()
        {
            let (n, id) = (&t["LaunchTemplateName"], &t["LaunchTemplateId"]);
            m.insert(
                ("lt", n.as_str().unwrap().to_owned()),
                id.as_str().unwrap().to_owned(),
            );
        }
        for i in json("account/describe-images.json")["Images"]
            .as_array()
            .unwrap()
        {
            let name = i["Name"].as_str().unwrap().trim_start_matches("moto-");
            m.insert(
                ("ami", name.to_owned()),
                i["ImageId"].as_str().unwrap().to_owned(),
            );
        }
        for r in json("account/describe-instances.json")["Reservations"]
            .as_array()
            .unwrap()
        {
            for i in r["Instances"].as_array().unwrap() {
                let name = i["Tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["Key"] == "Name")
                    .unwrap()["Value"]
                    .as_str()
                    .unwrap();
                m.insert(
                    ("i", name.to_owned()),
                    i["InstanceId"].as_str().unwrap().to_owned(),
                );
            }
        }
        Ids(m)
    }

    /// The id the report gives a subject or a deciding object of this kind and name.
    fn of(&self, kind: &str, name: &str) -> String {
        let k = match kind {
            "template" => "lt",
            "instance" => "i",
            "ami" => "ami",
            _ => return name.to_owned(), // groups, configurations, the account default
        };
        self.0
            .get(&(k, name.to_owned()))
            .unwrap_or_else(|| panic!("no {kind} {name}"))
            .clone()
    }
}

/// One row of expectations.txt: control, subject kind, subject name, status,
/// `effective.source`, `effective.decidedBy` as (kind, name).
#[derive(Clone)]
struct Row {
    control: String,
    kind: String,
    name: String,
    status: String,
    source: String,
    by: Option<(String, String)>,
}

/// The rows of one `[section]` of tests/fixtures/live-moto/expectations.txt.
fn rows(section: &str) -> Vec<Row> {
    let text = String::from_utf8(read("expectations.txt").1).unwrap();
    let mut current = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap().trim();
        if let Some(name) = line.strip_prefix('[') {
            current = Some(name.trim_end_matches(']').to_owned());
        } else if !line.is_empty() && current.as_deref() == Some(section) {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [control, kind, name, status, source, by] = f.as_slice() else {
                panic!("expectations.txt: {line}");
            };
            out.push(Row {
                control: (*control).to_owned(),
                kind: (*kind).to_owned(),
                name: (*name).to_owned(),
                status: (*status).to_owned(),
                source: (*source).to_owned(),
                by: by
                    .split_once(':')
                    .map(|(k, n)| (k.to_owned(), n.to_owned())),
            });
        }
    }
    assert!(!out.is_empty(), "no rows in [{section}]");
    out
}

fn check(report: &Value, expect: &[Row], ids: &Ids) -> Vec<String> {
    let mut bad = Vec::new();
    for r in expect {
        let id = ids.of(&r.kind, &r.name);
        let found: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["control"] == r.control.as_str() && f["resource"]["id"] == id.as_str())
            .collect();
        let [f] = found.as_slice() else {
            bad.push(format!(
                "{} {} ({id}): {} findings",
                r.control,
                r.name,
                found.len()
            ));
            continue;
        };
        let want = (
            r.status.as_str(),
            r.source.as_str(),
            r.by.as_ref().map(|(k, n)| ids.of(k, n)),
        );
        let got = (
            f["status"].as_str().unwrap_or_default(),
            f["effective"]["source"].as_str().unwrap_or_default(),
            f["effective"]["decidedBy"].as_str().map(str::to_owned),
        );
        if got != want {
            bad.push(format!(
                "{} {}: expected {want:?}, got {got:?}: {}",
                r.control, r.name, f["message"]
            ));
        }
    }
    bad
}

fn assert_rows(report: &Value, expect: &[Row]) {
    let bad = check(report, expect, &Ids::load());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn account_joined() {
    let r = evaluate(&layout(&[], &[], None));
    assert_eq!(r["input"]["kind"], "aws-live");
    let expect = rows("account");
    assert_rows(&r, &expect);
    let ids = Ids::load();
    for f in r["findings"].as_array().unwrap() {
        assert_eq!(f["resource"]["account"], ACCOUNT, "{f}");
        assert_eq!(f["resource"]["region"], REGION, "{f}");
    }
    // Exactly the subjects expected: none missing, no other (the terminated instance is none).
    let got: BTreeSet<(String, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let id = f["resource"]["id"].as_str().unwrap().to_owned();
            (f["control"].as_str().unwrap().to_owned(), id)
        })
        .collect();
    let want: BTreeSet<(String, String)> = expect
        .iter()
        .map(|r| (r.control.clone(), ids.of(&r.kind, &r.name)))
        .collect();
    assert_eq!(got, want);
    assert!(
        !got.iter()
            .any(|(_, id)| *id == ids.of("instance", "i-terminated"))
    );
}

/// KNOWN TOOL ERROR (reported, not fixed here): one template in two documents
/// (`describe-launch-templates.json` and `describe-launch-template-versions.NAME.json`, as the
/// AWS CLI writes them) is two templates: `src/read/live.rs` `merge()` appends each document's
/// templates without joining them by id. EC2.170 then has two findings per template (one
/// unknown: "`$Default` of lt-… is version 2, but the input shows only version 3"), and
/// g-web-default is unknown instead of pass.
#[test]
fn as_written_directory_joins() {
    let docs: Vec<(String, Vec<u8>)> = account_files().iter().map(|f| read(f)).collect();
    assert_rows(&evaluate(&docs), &rows("account"));
}

/// The hand-written documents in place of moto's: an account default of `required` decides for
/// the groups whose launch settings say nothing; moto's describe-images with the ImdsSupport
/// that register-image was given (moto drops it) lets the AMI decide.
#[test]
fn hand_written_documents() {
    for (replace, add, section) in [
        (
            "get-instance-metadata-defaults.json",
            "hand/get-instance-metadata-defaults.required.json",
            "required-default",
        ),
        (
            "describe-images.json",
            "hand/describe-images.imds-v2.json",
            "imds-v2-ami",
        ),
    ] {
        assert_rows(&evaluate(&layout(&[replace], &[add], None)), &rows(section));
    }
}

/// web's versions from `--versions '$Latest' '$Default'` only: version 1 is not in the input.
#[test]
fn latest_and_default_versions_only() {
    let lts: Vec<String> = account_files()
        .into_iter()
        .filter(|f| is_template_doc(f) && !f.ends_with("versions.web.json"))
        .chain(["single/describe-launch-template-versions.web.latest-default.json".to_owned()])
        .collect();
    let r = evaluate(&layout(&[], &[], Some(lts)));
    assert_rows(&r, &rows("latest-default-only"));
}

/// KNOWN TOOL ERROR (reported, not fixed here): describe-launch-templates holds no version's
/// data, yet a template known only from it is taken as having no MetadataOptions
/// (`src/read/live.rs` `template()` starts it at `Block::NotSet`): EC2.170 on `bare` fails
/// ("leaves `http_tokens` unset") and the `$Latest` groups fall through to the account default,
/// so g-api-latest passes although its latest version says `optional`.
#[test]
fn summary_without_versions_is_unknown() {
    let r = evaluate(&[
        read("account/describe-launch-templates.json"),
        read("account/describe-auto-scaling-groups.json"),
        read("hand/get-instance-metadata-defaults.required.json"),
    ]);
    assert_rows(&r, &rows("summary-only"));
}

/// `--max-items` pages, as an array and one page per line, in place of the whole response.
#[test]
fn pages_as_array_and_lines() {
    let whole = evaluate(&layout(&[], &[], None));
    for name in ["describe-instances", "describe-auto-scaling-groups"] {
        let pages = json(&format!("single/{name}.pages-array.json"));
        assert!(pages.as_array().unwrap().len() > 1);
        assert!(pages[0]["NextToken"].is_string());
        for shape in ["pages-array", "pages-lines"] {
            let add = format!("single/{name}.{shape}.json");
            let r = evaluate(&layout(&[&format!("{name}.json")], &[&add], None));
            assert_eq!(r["findings"], whole["findings"], "{add}");
            assert_eq!(r["summary"], whole["summary"], "{add}");
        }
    }
}

/// Documents on their own: configurations, one template's versions, instances; groups without
/// their templates and configurations are unknown, never a guess.
#[test]
fn single_documents() {
    let account = rows("account");
    let only = |pred: &dyn Fn(&Row) -> bool| -> Vec<Row> {
        account.iter().filter(|r| pred(r)).cloned().collect()
    };
    let one = |rel: &str| evaluate(&[read(rel)]);
    assert_rows(
        &one("account/describe-launch-configurations.json"),
        &only(&|r| r.kind == "configuration"),
    );
    assert_rows(
        &one("account/describe-launch-template-versions.web.json"),
        &only(&|r| r.control == "EC2.170" && r.name == "web"),
    );
    assert_rows(
        &one("account/describe-instances.json"),
        &only(&|r| r.kind == "instance"),
    );
    let groups = one("account/describe-auto-scaling-groups.json");
    let findings = groups["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 9);
    for f in findings {
        assert_eq!(f["status"], "unknown", "{f}");
    }
}

/// The native command: the directory and its files one by one are one evaluation.
#[test]
fn cli_directory_and_files() {
    let run = |args: &[String]| -> Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"))
            .arg("check")
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let dir = run(&[root().join("account").display().to_string()]);
    let files: Vec<String> = account_files().iter().map(|f| read(f).0).collect();
    assert_eq!(dir, run(&files));
}
