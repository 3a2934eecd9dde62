//! Shared by the table, remediation and determinism tests: the list of fixtures, the two
//! harness wrappers of the corpus, and evaluation with a fixture's options.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a failure should stop the test loudly"
)]

use imdsv2_policy::{Options, Report};
use std::path::{Path, PathBuf};

/// `tests/`.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Every input the table covers, as paths relative to `tests/`, sorted.
pub fn all_inputs() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "fixtures/plan",
        "fixtures/state",
        "fixtures/ec2",
        "corpus/plans",
        "corpus/ec2",
        "corpus/state",
    ] {
        for entry in std::fs::read_dir(tests_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".tfstate") {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// One document to evaluate: a file, or one case of a Scalr mock.
pub struct Case {
    /// `fixtures/plan/x.json`, or `corpus/plans/scalr__...json#case`.
    pub key: String,
    pub bytes: Vec<u8>,
    pub options: Options,
}

/// The documents in one input file: the Scalr wrapper `{"mock":{CASE:{"tfplan":PLAN}}}` gives
/// one per case; the custodian wrapper `{"status_code":200,"data":RESPONSE}` gives `RESPONSE`.
pub fn cases(rel: &str) -> Vec<Case> {
    let path = tests_dir().join(rel);
    let bytes = std::fs::read(&path).unwrap();
    let options = options_for(&path);
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    if file.starts_with("scalr__") {
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mock = doc["mock"].as_object().expect("a Scalr mock has `mock`");
        let mut names: Vec<&String> = mock.keys().collect();
        names.sort();
        return names
            .into_iter()
            .map(|name| Case {
                key: format!("{rel}#{name}"),
                bytes: serde_json::to_vec(&mock[name]["tfplan"]).unwrap(),
                options: options.clone(),
            })
            .collect();
    }
    if file.starts_with("custodian__") {
        let (status, bytes) = placebo(&bytes, rel);
        assert_eq!(
            status, 200,
            "{rel}: a placebo recording of a successful call"
        );
        return vec![Case {
            key: rel.to_owned(),
            bytes,
            options,
        }];
    }
    vec![Case {
        key: rel.to_owned(),
        bytes,
        options,
    }]
}

/// A cloud-custodian placebo recording `{"status_code": N, "data": RESPONSE}`: `N` and
/// `RESPONSE`.
pub fn placebo(bytes: &[u8], name: &str) -> (u64, Vec<u8>) {
    let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let status = doc["status_code"]
        .as_u64()
        .unwrap_or_else(|| panic!("{name}: a placebo recording has `status_code`"));
    (status, serde_json::to_vec(&doc["data"]).unwrap())
}

/// Named documents as one evaluation (`evaluate_documents`), with default options.
pub fn evaluate_named(docs: &[(String, Vec<u8>)]) -> Result<Report, imdsv2_policy::Error> {
    let refs: Vec<(&str, &[u8])> = docs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    imdsv2_policy::evaluate_documents(&refs, &Options::default())
}

/// `NAME.options` beside a fixture holds the options (JSON) it is evaluated with.
fn options_for(path: &Path) -> Options {
    let sidecar = path.with_extension("options");
    match std::fs::read_to_string(&sidecar) {
        Ok(text) => Options::from_json(&text).unwrap(),
        Err(_) => Options::default(),
    }
}

pub fn evaluate(case: &Case) -> Report {
    imdsv2_policy::evaluate(&case.bytes, &case.options)
        .unwrap_or_else(|e| panic!("{}: {e}", case.key))
}

/// The subject's name in the table: its address, or its instance id.
pub fn subject(f: &imdsv2_policy::Finding) -> String {
    f.resource.name().to_owned()
}

/// RFC 7396 JSON merge patch, written here from the RFC so the test does not trust the code
/// under test: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value;
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let t = target.as_object_mut().unwrap();
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}
