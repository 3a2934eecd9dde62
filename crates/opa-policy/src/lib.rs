//! imdsv2-policy as an Open Policy Agent Wasm module: a module that follows the OPA Wasm ABI
//! (1.3), so that OPA's Wasm SDKs (`@open-policy-agent/opa-wasm` and the others) load it as
//! they load a policy compiled from Rego, with the same core as the CLI.
//!
//! Entrypoints (`entrypoints()` maps each name to its id, in this order):
//! - `imdsv2/report`: the whole report, as `imdsv2-policy check --format json` prints it;
//! - `imdsv2/findings`: the report's findings;
//! - `imdsv2/deny`: `"<address or id>: <message>"` for each finding that makes the verdict
//!   `fail` (conftest's `deny`): open fails, and the open unknowns that fail it too (marked
//!   unjudged, or all of them under `failOnUnknown`), so that `deny` is empty exactly when
//!   `allow` is true;
//! - `imdsv2/allow`: whether the verdict is `pass`.
//!
//! The input is the document (Terraform plan or state, DescribeInstances, ...), read as the
//! CLI reads a file, or a request (`imdsv2-policy schema request`) for several documents as
//! one evaluation: an object with `documents` (which no plan, state or AWS response has at
//! its top level) and optionally `options`, `{"documents": [{"name": "plan.json", "content":
//! ...}]}`, each `content` the document's text or the document itself, judged as
//! `imdsv2-policy check NAME...` judges files of those names and contents. Options are
//! `data.imdsv2.options` (the options JSON, as every shell takes it; unknown fields rejected)
//! or a request's `options`; both set is an error (`invalid-options`). A bad document or bad options call `opa_abort` with the CLI's
//! error text and then trap: an evaluation never ends in a silent empty result.
//!
//! This file is the evaluation itself, host-independent and tested natively; `abi` holds the
//! exports and `heap` the allocator the ABI's heap pointer needs (both wasm32 only).

use imdsv2_policy::{Error, ErrorCode, Options, Report, Status};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

#[cfg(target_arch = "wasm32")]
mod abi;
#[cfg(target_arch = "wasm32")]
mod heap;

/// The entrypoints, by id (their place here).
pub const ENTRYPOINTS: [&str; 4] = [
    "imdsv2/report",
    "imdsv2/findings",
    "imdsv2/deny",
    "imdsv2/allow",
];

/// `entrypoints()`'s answer: `{"imdsv2/report":0,...}`.
pub fn entrypoints_json() -> String {
    let fields: Vec<String> = ENTRYPOINTS
        .iter()
        .enumerate()
        .map(|(id, name)| format!("\"{name}\":{id}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// The result set of one evaluation, as OPA writes it: `[{"result": ...}]`. `input` is the
/// document's text; `data` the data document's JSON (empty when the host set none).
pub fn evaluate(entrypoint: i32, input: &[u8], data: &[u8]) -> Result<String, Error> {
    let name = usize::try_from(entrypoint)
        .ok()
        .and_then(|i| ENTRYPOINTS.get(i))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOptions,
                format!("there is no entrypoint {entrypoint}"),
            )
            .with_help(format!("the entrypoints are {}", entrypoints_json()))
        })?;
    let (report, options) = if is_request(input) {
        imdsv2_policy::request::evaluate_request(input, data_options(data)?)?
    } else {
        let options = options(data)?;
        (imdsv2_policy::evaluate(input, &options)?, options)
    };
    let result = match *name {
        "imdsv2/report" => imdsv2_policy::to_json(&report).trim_end().to_owned(),
        "imdsv2/findings" => json(&report.findings)?,
        "imdsv2/deny" => json(&deny(&report, &options))?,
        _ => (report.summary.verdict == imdsv2_policy::report::model::Verdict::Pass).to_string(),
    };
    Ok(format!("[{{\"result\":{result}}}]"))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorCode::InvalidDocument,
            format!("cannot write the result: {e}"),
        )
    })
}

/// The messages of the findings that make the verdict `fail` (see the crate's doc).
fn deny(report: &Report, options: &Options) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .filter(|f| match f.status {
            Status::Fail => true,
            Status::Unknown => f.unjudged || options.fail_on_unknown,
            Status::Pass => false,
        })
        .map(|f| format!("{}: {}", f.resource.name(), f.message))
        .collect()
}

/// The data document as far as this module reads it: `imdsv2`, the root its bundle owns.
/// Other roots belong to other policies and are left alone.
#[derive(Deserialize)]
struct Data<'a> {
    #[serde(borrow, default)]
    imdsv2: Option<&'a RawValue>,
}

const OPTIONS_HELP: &str = "set the options as `data.imdsv2.options`, e.g. \
     {\"imdsv2\": {\"options\": {\"failOnUnknown\": true}}}";

/// Whether the input is a request: a JSON object with a top-level `documents`. Anything
/// else (what is not JSON included) is a document, read and judged as the CLI does.
pub fn is_request(input: &[u8]) -> bool {
    serde_json::from_slice::<BTreeMap<String, serde::de::IgnoredAny>>(input)
        .is_ok_and(|keys| keys.contains_key("documents"))
}

/// The options from `data.imdsv2.options`; the defaults when there is none.
pub fn options(data: &[u8]) -> Result<Options, Error> {
    data_options(data).map(Option::unwrap_or_default)
}

/// The options `data.imdsv2.options` sets; `None` when it sets none (absent or `null`).
/// `data.imdsv2` holds only `options`: a misspelt key there is an error, not ignored.
pub fn data_options(data: &[u8]) -> Result<Option<Options>, Error> {
    let invalid = |msg: String| {
        Error::new(ErrorCode::InvalidOptions, format!("invalid options: {msg}"))
            .with_help(OPTIONS_HELP)
    };
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let data: Data = serde_json::from_slice(data).map_err(|e| {
        let msg = e.to_string();
        let msg = msg
            .split(" at line ")
            .next()
            .unwrap_or(msg.as_str())
            .to_owned();
        invalid(format!("the data document is not a JSON object: {msg}"))
    })?;
    let root = match data.imdsv2.map(RawValue::get) {
        None | Some("null") => return Ok(None),
        Some(text) => text,
    };
    let root: BTreeMap<String, &RawValue> = serde_json::from_str(root).map_err(|_| {
        invalid(format!(
            "`data.imdsv2` is `{}`, expected an object with `options`",
            short(root)
        ))
    })?;
    if let Some(key) = root.keys().find(|k| *k != "options") {
        return Err(invalid(format!(
            "unknown field `{key}` in `data.imdsv2`, expected `options`"
        )));
    }
    match root.get("options").map(|o| o.get()) {
        None | Some("null") => Ok(None),
        Some(options) => Options::from_json(options).map(Some),
    }
}

/// A value for an error message: its start, when it is long.
fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// The text `opa_abort` receives: the CLI's error text, NUL-terminated.
pub fn abort_text(e: &Error) -> Vec<u8> {
    let mut text = e.to_string().into_bytes();
    text.retain(|&b| b != 0);
    text.push(0);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &[u8] = include_bytes!("../../../examples/plan.json");

    fn result(entrypoint: i32, data: &str) -> serde_json::Value {
        let text = evaluate(entrypoint, PLAN, data.as_bytes()).unwrap_or_else(|e| e.to_string());
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
    }

    #[test]
    fn the_report_is_the_cli_s() {
        let report =
            imdsv2_policy::evaluate(PLAN, &Options::default()).map(|r| imdsv2_policy::to_json(&r));
        let want: serde_json::Value =
            serde_json::from_str(&report.unwrap_or_default()).unwrap_or_default();
        assert_eq!(result(0, ""), serde_json::json!([{ "result": want }]));
    }

    #[test]
    fn deny_is_empty_exactly_when_allowed() {
        for data in ["{}", r#"{"imdsv2":{"options":{"failOnUnknown":true}}}"#] {
            let deny = result(2, data);
            let allow = result(3, data);
            let denied = deny
                .pointer("/0/result")
                .and_then(|d| d.as_array())
                .map(Vec::len);
            let allowed = allow
                .pointer("/0/result")
                .and_then(serde_json::Value::as_bool);
            assert!(denied.is_some() && allowed.is_some(), "{deny} {allow}");
            assert_eq!(denied == Some(0), allowed == Some(true), "{deny} {allow}");
        }
    }

    #[test]
    fn entrypoints_are_numbered_in_order() {
        assert_eq!(
            entrypoints_json(),
            r#"{"imdsv2/report":0,"imdsv2/findings":1,"imdsv2/deny":2,"imdsv2/allow":3}"#
        );
    }

    #[test]
    fn bad_options_are_errors() {
        let cases = [
            (
                r#"{"imdsv2":{"option":{}}}"#,
                "error[invalid-options]: invalid options: unknown field `option` in `data.imdsv2`, expected `options`",
            ),
            (
                r#"{"imdsv2":{"options":{"failOnUnknwon":true}}}"#,
                "error[invalid-options]: invalid options: unknown field `failOnUnknwon`",
            ),
            (
                r#"{"imdsv2":[]}"#,
                "error[invalid-options]: invalid options: `data.imdsv2` is `[]`, expected an object with `options`",
            ),
        ];
        for (data, want) in cases {
            let got = options(data.as_bytes())
                .map(|_| String::new())
                .unwrap_or_else(|e| e.to_string());
            assert!(got.starts_with(want), "{data}: {got}");
        }
        assert_eq!(
            options(br#"{"other":1,"imdsv2":{"options":null}}"#).ok(),
            Some(Options::default())
        );
    }

    /// The live fixtures (one account's AWS CLI documents), by the names the CLI gives them.
    fn live() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/live");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
                (format!("live/{n}"), text)
            })
            .collect()
    }

    fn request(docs: &[(String, String)], as_json: bool, options: Option<&str>) -> String {
        let documents: Vec<serde_json::Value> = docs
            .iter()
            .map(|(name, text)| {
                let content = if as_json {
                    serde_json::from_str(text).unwrap()
                } else {
                    serde_json::Value::String(text.clone())
                };
                serde_json::json!({"name": name, "content": content})
            })
            .collect();
        let mut request = serde_json::json!({ "documents": documents });
        if let Some(o) = options {
            request["options"] = serde_json::from_str(o).unwrap();
        }
        request.to_string()
    }

    /// What `check NAME...` reports for the documents (their text as given).
    fn native(docs: &[(&str, &[u8])], options: &Options) -> serde_json::Value {
        let report = imdsv2_policy::evaluate_documents(docs, options).unwrap();
        serde_json::from_str(&imdsv2_policy::to_json(&report)).unwrap()
    }

    /// The result of one evaluation, or its error text.
    fn run(entrypoint: i32, input: &str, data: &str) -> Result<serde_json::Value, String> {
        let text =
            evaluate(entrypoint, input.as_bytes(), data.as_bytes()).map_err(|e| e.to_string())?;
        let mut set: serde_json::Value = serde_json::from_str(&text).unwrap();
        Ok(set[0]["result"].take())
    }

    #[test]
    fn a_request_is_its_documents_as_one_evaluation() {
        let docs = live();
        assert_eq!(docs.len(), 7);
        for as_json in [false, true] {
            let input = request(&docs, as_json, None);
            // The bytes each document has in the request: its text, or its JSON as written there.
            let parsed: serde_json::Value = serde_json::from_str(&input).unwrap();
            let texts: Vec<(String, String)> = parsed["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let c = &d["content"];
                    let text = c.as_str().map_or_else(|| c.to_string(), str::to_owned);
                    (d["name"].as_str().unwrap().to_owned(), text)
                })
                .collect();
            let refs: Vec<(&str, &[u8])> = texts
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_bytes()))
                .collect();
            let want = native(&refs, &Options::default());
            assert!(want["findings"].as_array().is_some_and(|f| f.len() > 7));
            assert_eq!(run(0, &input, "").unwrap(), want, "as_json {as_json}");
            assert_eq!(run(1, &input, "").unwrap(), want["findings"]);
            let deny = run(2, &input, "").unwrap();
            let allow = run(3, &input, "").unwrap();
            assert_eq!(
                allow,
                serde_json::json!(want["summary"]["verdict"] == "pass")
            );
            assert_eq!(deny.as_array().map(Vec::is_empty), allow.as_bool());
        }
    }

    #[test]
    fn a_request_takes_its_options_from_data_or_itself_never_both() {
        let docs = live();
        let refs: Vec<(&str, &[u8])> = docs
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_bytes()))
            .collect();
        let only = r#"{"controls":["EC2.170"]}"#;
        let want = native(&refs, &Options::from_json(only).unwrap());
        assert!(
            want["findings"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["control"] == "EC2.170")
        );
        let in_request = request(&docs, false, Some(only));
        assert_eq!(run(0, &in_request, "").unwrap(), want);
        assert_eq!(
            run(0, &in_request, r#"{"imdsv2":{"options":null}}"#).unwrap(),
            want
        );
        let plain = request(&docs, false, None);
        let data = format!(r#"{{"imdsv2":{{"options":{only}}}}}"#);
        assert_eq!(run(0, &plain, &data).unwrap(), want);
        for entrypoint in 0..4 {
            let got = run(entrypoint, &in_request, &data).unwrap_err();
            assert_eq!(
                got,
                "error[invalid-options]: invalid options: the request has `options` and the host set options too\n  help: give the options in one place"
            );
        }
    }

    #[test]
    fn a_request_over_the_limit_is_refused_by_its_length() {
        let input = request(&live(), false, None);
        let limit = input.len() - 1;
        let want = format!(
            "error[input-too-large]: the input is {} bytes, more than the limit set by `maxInputBytes`: {limit} bytes",
            input.len()
        );
        let data = format!(r#"{{"imdsv2":{{"options":{{"maxInputBytes":{limit}}}}}}}"#);
        let got = run(3, &input, &data).unwrap_err();
        assert!(got.starts_with(&want), "{got}");
        let own = request(
            &live(),
            false,
            Some(&format!(r#"{{"maxInputBytes":{limit}}}"#)),
        );
        let got = run(3, &own, "").unwrap_err();
        assert!(
            got.contains("error[input-too-large]: the input is "),
            "{got}"
        );
        let data = format!(
            r#"{{"imdsv2":{{"options":{{"maxInputBytes":{}}}}}}}"#,
            input.len()
        );
        assert!(run(3, &input, &data).is_ok());
    }

    #[test]
    fn bad_requests_are_errors() {
        let cases = [
            (
                r#"{"documents":[]}"#,
                "error[invalid-request]: there are no documents to evaluate",
            ),
            (
                r#"{"documents":[{"name":"a.json","content":"{}"}],"optons":{}}"#,
                "error[invalid-request]: invalid request: unknown field `optons`",
            ),
            (
                r#"{"documents":[{"name":"a.json","content":"{}"},{"name":"a.json","content":"{}"}]}"#,
                "error[invalid-request]: invalid request: `documents[1]` has the name `a.json` of an earlier document",
            ),
            (
                r#"{"documents":[{"name":"main.tf","content":""},{"name":"plan.json","content":"{}"}]}"#,
                "error[invalid-request]: `main.tf` is Terraform source",
            ),
            (
                r#"{"documents":[{"name":"a.json","content":"{}"}],"options":{"nope":1}}"#,
                "error[invalid-options]: invalid options: unknown field `nope`",
            ),
        ];
        for (input, want) in cases {
            for entrypoint in 0..4 {
                let got = run(entrypoint, input, "").unwrap_err();
                assert!(got.starts_with(want), "{input}: {got}");
            }
        }
    }

    #[test]
    fn only_an_object_with_documents_is_a_request() {
        assert!(is_request(br#" {"documents": [], "options": {}} "#));
        assert!(is_request(br#"{"documents": 1, "other": 2}"#));
        for document in [
            PLAN,
            b"[{\"documents\": []}]",
            b"{\"values\": {\"documents\": []}}",
            b"{nope",
            b"",
        ] {
            assert!(
                !is_request(document),
                "{}",
                String::from_utf8_lossy(document)
            );
        }
        // A plan is still judged as one document, a Terraform source request as source.
        assert_eq!(
            result(0, "")[0]["result"]["input"]["kind"],
            "terraform-plan"
        );
        let tf = r#"{"documents":[{"name":"main.tf","content":"resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n}\n"}]}"#;
        let report = run(0, tf, "").unwrap();
        assert_eq!(report["input"]["kind"], "terraform-source");
        assert_eq!(report["findings"][0]["location"]["file"], "main.tf");
    }

    #[test]
    fn no_such_entrypoint() {
        let got = evaluate(9, PLAN, b"").map_err(|e| e.to_string());
        assert_eq!(
            got,
            Err("error[invalid-options]: there is no entrypoint 9\n  help: the entrypoints are {\"imdsv2/report\":0,\"imdsv2/findings\":1,\"imdsv2/deny\":2,\"imdsv2/allow\":3}".to_owned())
        );
    }
}
