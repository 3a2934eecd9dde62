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
//! CLI reads a file. Options are `data.imdsv2.options` (the options JSON, as every shell takes
//! it; unknown fields rejected). A bad document or bad options call `opa_abort` with the CLI's
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
    let options = options(data)?;
    let report = imdsv2_policy::evaluate(input, &options)?;
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

/// The options from `data.imdsv2.options`; the defaults when there is none. `data.imdsv2`
/// holds only `options`: a misspelt key there is an error, not ignored.
pub fn options(data: &[u8]) -> Result<Options, Error> {
    let invalid = |msg: String| {
        Error::new(ErrorCode::InvalidOptions, format!("invalid options: {msg}"))
            .with_help(OPTIONS_HELP)
    };
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(Options::default());
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
        None | Some("null") => return Ok(Options::default()),
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
        None | Some("null") => Ok(Options::default()),
        Some(options) => Options::from_json(options),
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

    #[test]
    fn no_such_entrypoint() {
        let got = evaluate(9, PLAN, b"").map_err(|e| e.to_string());
        assert_eq!(
            got,
            Err("error[invalid-options]: there is no entrypoint 9\n  help: the entrypoints are {\"imdsv2/report\":0,\"imdsv2/findings\":1,\"imdsv2/deny\":2,\"imdsv2/allow\":3}".to_owned())
        );
    }
}
