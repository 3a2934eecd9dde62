//! The request every host takes (documents and options): the same report as the documents
//! evaluated together, content as text or as JSON, and clear errors for what is not a request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::request::{Request, evaluate_request_json};
use imdsv2_policy::{ErrorCode, Options};
use serde_json::{Value, json};

const LIVE: &str = "tests/fixtures/live";

fn live_documents() -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(LIVE)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(&n).unwrap();
            (n, text)
        })
        .collect()
}

fn report_json(docs: &[(String, String)]) -> String {
    let refs: Vec<(&str, &[u8])> = docs
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    imdsv2_policy::to_json(&imdsv2_policy::evaluate_documents(&refs, &Options::default()).unwrap())
}

#[test]
fn a_request_is_its_documents_evaluated_together() {
    let docs = live_documents();
    assert!(docs.len() >= 7);
    let as_text = json!({
        "documents": docs.iter().map(|(n, t)| json!({"name": n, "content": t})).collect::<Vec<_>>(),
    });
    let as_json = json!({
        "documents": docs
            .iter()
            .map(|(n, t)| json!({"name": n, "content": serde_json::from_str::<Value>(t).unwrap()}))
            .collect::<Vec<_>>(),
        "options": {},
    });
    let want = report_json(&docs);
    for request in [as_text, as_json] {
        let got = evaluate_request_json(request.to_string().as_bytes(), None).unwrap();
        assert_eq!(got, want);
    }
}

#[test]
fn one_document_is_the_single_file_report() {
    let plan = std::fs::read_to_string("examples/plan.json").unwrap();
    let want = imdsv2_policy::to_json(
        &imdsv2_policy::evaluate(plan.as_bytes(), &Options::default()).unwrap(),
    );
    let request = json!({"documents": [{"name": "plan.json", "content": plan}]});
    assert_eq!(
        evaluate_request_json(request.to_string().as_bytes(), None).unwrap(),
        want
    );
}

#[test]
fn terraform_files_are_source() {
    let tf = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n}\n";
    let request = json!({"documents": [{"name": "main.tf", "content": tf}]});
    let got: Value =
        serde_json::from_str(&evaluate_request_json(request.to_string().as_bytes(), None).unwrap())
            .unwrap();
    assert_eq!(got["input"]["kind"], "terraform-source");
    assert_eq!(got["findings"][0]["location"]["file"], "main.tf");
}

#[test]
fn options_come_from_the_request_or_the_host_never_both() {
    let plan = std::fs::read_to_string("examples/plan.json").unwrap();
    let request = json!({
        "documents": [{"name": "plan.json", "content": plan}],
        "options": {"controls": ["EC2.170"]},
    });
    let got: Value =
        serde_json::from_str(&evaluate_request_json(request.to_string().as_bytes(), None).unwrap())
            .unwrap();
    assert!(
        got["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["control"] == "EC2.170")
    );
    let e = evaluate_request_json(request.to_string().as_bytes(), Some(Options::default()))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    let bad = json!({"documents": [{"name": "p", "content": plan}], "options": {"nope": 1}});
    let e = evaluate_request_json(bad.to_string().as_bytes(), None).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert!(e.message.contains("unknown field `nope`"), "{}", e.message);
}

#[test]
fn what_is_not_a_request_is_said_so() {
    let cases: [(Value, ErrorCode, &str); 6] = [
        (
            json!({"documents": []}),
            ErrorCode::InvalidRequest,
            "there are no documents",
        ),
        (
            json!({"document": []}),
            ErrorCode::InvalidRequest,
            "unknown field `document`",
        ),
        (
            json!({"documents": [{"name": "a", "content": 1}]}),
            ErrorCode::InvalidRequest,
            "`documents[0].content` is `1`",
        ),
        (
            json!({"documents": [{"name": "a", "content": "{}"}, {"name": "a", "content": "{}"}]}),
            ErrorCode::InvalidRequest,
            "`documents[1]` has the name `a`",
        ),
        (
            json!({"documents": [{"name": "main.tf", "content": ""}, {"name": "plan.json", "content": "{}"}]}),
            ErrorCode::InvalidRequest,
            "`main.tf` is Terraform source",
        ),
        (
            json!({"documents": [{"name": "a.json", "content": "{\"x\": 1}"}, {"name": "b.json", "content": "[]"}]}),
            ErrorCode::UnsupportedInput,
            "a.json: ",
        ),
    ];
    for (request, code, want) in cases {
        let e = evaluate_request_json(request.to_string().as_bytes(), None).unwrap_err();
        assert_eq!(e.code, code, "{request}: {e}");
        assert!(e.message.contains(want), "{request}: {e}");
    }
    let e = Request::from_json(b"[1]").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidRequest);
    assert!(e.location.is_some());
}

/// The component's calls (`evaluate_documents_json`, `fix_files_json`): the limit of one
/// document is on its bytes, as the CLI has it for one file, and named by it when it is over;
/// a name given twice is refused, as in a request.
#[test]
fn named_documents_as_the_component_takes_them() {
    let plan = std::fs::read("examples/plan.json").unwrap();
    let len = plan.len();
    let at = json!({ "maxInputBytes": len }).to_string();
    let report = imdsv2_policy::evaluate_documents_json(&[("plan.json", &plan)], &at).unwrap();
    assert_eq!(
        report,
        imdsv2_policy::evaluate_json(&plan, "").unwrap(),
        "one document at the limit is judged, as `check plan.json --max-input-bytes SIZE`"
    );
    let under = json!({ "maxInputBytes": len - 1 }).to_string();
    let e = imdsv2_policy::evaluate_documents_json(&[("plan.json", &plan)], &under).unwrap_err();
    assert_eq!(e.code, ErrorCode::InputTooLarge);
    assert!(
        e.message
            .starts_with(&format!("plan.json: the input is {len} bytes")),
        "{e}"
    );
    let twice = [
        ("plan.json", plan.as_slice()),
        ("plan.json", plan.as_slice()),
    ];
    let e = imdsv2_policy::evaluate_documents_json(&twice, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidRequest);
    assert!(
        e.message
            .contains("`documents[1]` has the name `plan.json` of an earlier document")
    );

    let tf = std::fs::read_to_string("examples/terraform/main.tf").unwrap();
    let fixed = imdsv2_policy::fix_files_json(&[("main.tf", &tf)], "").unwrap();
    let files = json!({ "main.tf": tf }).to_string();
    assert_eq!(fixed, imdsv2_policy::fix_sources_json(&files, "").unwrap());
    let e = imdsv2_policy::fix_files_json(&[("main.tf", &tf), ("main.tf", &tf)], "").unwrap_err();
    assert!(
        e.message
            .contains("`files[1]` has the name `main.tf` of an earlier file"),
        "{e}"
    );
}
