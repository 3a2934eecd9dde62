//! The WebAssembly component's calls (crates/component, `wit/imdsv2-policy.wit`) made
//! natively: the host tests (tests/hosts/expect.py) take from it the core's error fields,
//! which the component must return field for field, and check that its text is the CLI's.
//!
//! cargo run --example component < call.json
//!
//! `call.json`: `{"function": "evaluate" | "fix-sources", "documents": [{"name": "plan.json",
//! "path": "/tmp/plan.json"}], "options": "{...}"}`, each document's content read from its
//! path. Prints `{"ok": ANSWER}` or `{"error": {"code", "message", "location", "help"},
//! "text": "error[code]: ..."}`.

use serde::Deserialize;
use std::io::Read;
use std::process::ExitCode;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Call {
    function: String,
    documents: Vec<Named>,
    #[serde(default)]
    options: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Named {
    name: String,
    path: String,
}

fn main() -> ExitCode {
    match run() {
        Ok(answer) => {
            println!("{answer}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("component example: {why}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<serde_json::Value, String> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let call: Call = serde_json::from_slice(&input).map_err(|e| format!("bad call: {e}"))?;
    let mut contents = Vec::new();
    for d in &call.documents {
        let bytes = std::fs::read(&d.path).map_err(|e| format!("cannot read {}: {e}", d.path))?;
        contents.push((d.name.as_str(), bytes));
    }
    let answer = match call.function.as_str() {
        "evaluate" => {
            let named: Vec<(&str, &[u8])> =
                contents.iter().map(|(n, b)| (*n, b.as_slice())).collect();
            imdsv2_policy::evaluate_documents_json(&named, &call.options)
        }
        "fix-sources" => {
            let mut texts = Vec::new();
            for (n, b) in &contents {
                let text = std::str::from_utf8(b).map_err(|e| format!("{n} is not utf-8: {e}"))?;
                texts.push((*n, text));
            }
            imdsv2_policy::fix_files_json(&texts, &call.options)
        }
        other => return Err(format!("no function `{other}`")),
    };
    Ok(match answer {
        Ok(text) => serde_json::json!({ "ok": text }),
        Err(e) => serde_json::json!({ "error": e, "text": e.to_string() }),
    })
}
