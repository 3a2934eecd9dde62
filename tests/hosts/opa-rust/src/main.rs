//! The OPA module (target/hosts/imdsv2-policy.opa.wasm) under matrix-org's Rust SDK, the
//! `opa-wasm` crate (wasmtime), against the native CLI's answers (tests/hosts/expect.py writes
//! them; tests/hosts/opa_host.mjs reads the same `opa` cases):
//! - every entrypoint on every case whose input is JSON text: `imdsv2/report` value for value
//!   the CLI's JSON report, `imdsv2/findings` its findings, `imdsv2/deny` and `imdsv2/allow`
//!   from its findings and verdict. The SDK serializes the input with serde_json; the text goes
//!   in as a `RawValue`, which serde_json writes as it is, so the module reads the file's
//!   bytes. A document that is not JSON (HCL, a BOM, bytes that are not UTF-8) cannot be put
//!   through this SDK as it is: those cases are counted and said;
//! - options as `data.imdsv2.options` (or the case's own `data`), one instance for each data,
//!   since the SDK's `Runtime::with_data` takes the instance;
//! - bad documents, options and requests: the evaluation fails with the CLI's error text, the
//!   text the module gives `opa_abort`.
//!
//!   cargo run --release --locked --manifest-path tests/hosts/opa-rust/Cargo.toml -- CASES WASM

use anyhow::{Context, Result, bail};
use opa_wasm::Runtime;
use opa_wasm::wasmtime::{Config, Engine, Module, Store};
use serde_json::Value;
use serde_json::value::RawValue;

const ENTRYPOINTS: [&str; 4] = [
    "imdsv2/report",
    "imdsv2/findings",
    "imdsv2/deny",
    "imdsv2/allow",
];

struct Checks {
    passed: usize,
    failures: Vec<String>,
}

impl Checks {
    fn check(&mut self, name: &str, got: &Value, want: &Value) {
        if got == want {
            self.passed += 1;
        } else {
            let cut = |v: &Value| v.to_string().chars().take(400).collect::<String>();
            self.failures.push(format!(
                "opa-wasm (Rust): {name}\n    got:  {}\n    want: {}",
                cut(got),
                cut(want)
            ));
        }
    }
}

/// What `imdsv2/deny` answers for a report: the findings that make the verdict fail.
fn denied(report: &Value, options: &Value) -> Value {
    let fail_on_unknown = options["failOnUnknown"].as_bool().unwrap_or(false);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let lines = findings
        .iter()
        .filter(|f| f.get("suppression").is_none())
        .filter(|f| {
            f["status"] == "fail"
                || (f["status"] == "unknown"
                    && (f["unjudged"].as_bool().unwrap_or(false) || fail_on_unknown))
        })
        .map(|f| {
            let r = &f["resource"];
            let label = [&r["address"], &r["id"], &r["type"]]
                .into_iter()
                .find_map(|v| v.as_str())
                .unwrap_or_default();
            Value::String(format!(
                "{label}: {}",
                f["message"].as_str().unwrap_or_default()
            ))
        })
        .collect();
    Value::Array(lines)
}

/// The answer as a value, or the error's text: the text `opa_abort` was given, which the SDK
/// puts at the root of the error it returns.
fn answer(result: Result<Value>) -> Value {
    match result {
        Ok(v) => serde_json::json!({ "value": v }),
        Err(e) => serde_json::json!({ "error": e.root_cause().to_string() }),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cases_path, wasm_path] = args.as_slice() else {
        bail!("usage: opa-rust-host CASES.json OPA.wasm");
    };
    let cases: Value = serde_json::from_slice(&std::fs::read(cases_path)?)?;
    let cases = cases["opa"].as_array().context("no `opa` cases")?;
    let wasm = std::fs::read(wasm_path)?;

    let engine = Engine::new(&Config::new())?;
    let module = Module::new(&engine, &wasm)?;

    let mut checks = Checks {
        passed: 0,
        failures: Vec::new(),
    };
    let mut not_json = Vec::new();
    let mut evaluations = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        let input_path = case["input"].as_str().context("a case without input")?;
        let text = match String::from_utf8(std::fs::read(input_path)?)
            .ok()
            .and_then(|t| RawValue::from_string(t).ok())
        {
            Some(raw) => raw,
            None => {
                not_json.push(name.to_owned());
                continue;
            }
        };
        let options = &case["options"];
        let data = match case.get("data") {
            Some(data) => data.clone(),
            None if !options.is_null() => serde_json::json!({ "imdsv2": { "options": options } }),
            None => serde_json::json!({}),
        };
        let mut store = Store::new(&engine, ());
        let runtime = Runtime::new(&mut store, &module).await?;
        if evaluations == 0 {
            let mut names: Vec<&str> = runtime.entrypoints().into_iter().collect();
            names.sort_unstable();
            let mut want = ENTRYPOINTS.to_vec();
            want.sort_unstable();
            checks.check(
                "entrypoints",
                &serde_json::json!(names),
                &serde_json::json!(want),
            );
            checks.check(
                "default entrypoint",
                &serde_json::json!(runtime.default_entrypoint()),
                &serde_json::json!("imdsv2/report"),
            );
        }
        let policy = runtime.with_data(&mut store, &data).await?;
        let mut got = Vec::new();
        for entrypoint in ENTRYPOINTS {
            got.push(answer(policy.evaluate(&mut store, entrypoint, &text).await));
            evaluations += 1;
        }
        if let Some(report) = case["report"].as_str() {
            let report: Value = serde_json::from_str(report)?;
            let result = |v: Value| serde_json::json!({ "value": [{ "result": v }] });
            let request_options = &case["requestOptions"];
            let deny = denied(
                &report,
                if options.is_null() {
                    request_options
                } else {
                    options
                },
            );
            let allow = report["summary"]["verdict"] == "pass";
            checks.check(
                &format!("{name}: deny empty exactly when allowed"),
                &Value::Bool(deny.as_array().is_some_and(Vec::is_empty)),
                &Value::Bool(allow),
            );
            let want = [
                result(report.clone()),
                result(report["findings"].clone()),
                result(deny),
                result(Value::Bool(allow)),
            ];
            for ((entrypoint, got), want) in ENTRYPOINTS.iter().zip(&got).zip(&want) {
                checks.check(&format!("{name}: {entrypoint}"), got, want);
            }
        } else if let Some(start) = case["errorStart"].as_str() {
            for (entrypoint, got) in ENTRYPOINTS.iter().zip(&got) {
                let text = got["error"].as_str().unwrap_or_default();
                let head: String = text.chars().take(start.chars().count()).collect();
                checks.check(
                    &format!("{name}: {entrypoint} error"),
                    &Value::String(head),
                    &Value::String(start.to_owned()),
                );
            }
        } else {
            let want = serde_json::json!({ "error": case["error"] });
            for (entrypoint, got) in ENTRYPOINTS.iter().zip(&got) {
                checks.check(&format!("{name}: {entrypoint} error"), got, &want);
            }
        }
    }
    // The cases must reach every kind of answer, or the run proves little.
    let errors = cases
        .iter()
        .filter(|c| c.get("report").is_none() && !not_json.iter().any(|n| c["name"] == **n))
        .count();
    if errors == 0 || checks.passed < 100 {
        checks.failures.push(format!(
            "too few cases: {} checks passed, {errors} error cases",
            checks.passed
        ));
    }

    for f in checks.failures.iter().take(20) {
        eprintln!("{f}");
    }
    if checks.failures.len() > 20 {
        eprintln!("... and {} more", checks.failures.len() - 20);
    }
    println!(
        "opa-wasm (Rust): {evaluations} evaluations of {} cases ({errors} bad inputs), {} cases \
         whose input is not JSON text skipped (the SDK serializes the input): {}",
        cases.len() - not_json.len(),
        not_json.len(),
        not_json.join("; ")
    );
    println!(
        "opa-rust-host: {} passed, {} failed",
        checks.passed,
        checks.failures.len()
    );
    std::process::exit(i32::from(!checks.failures.is_empty()));
}
