//! imdsv2-policy as a WebAssembly component: the world `imdsv2:policy/policy`
//! (`wit/imdsv2-policy.wit`), for hosts that speak the component model (jco in Node and the
//! browser, wasmtime in Rust, Python, Go, .NET, ...).
//!
//! - `evaluate(documents, options)`: named documents as one evaluation, the JSON report out,
//!   byte for byte what `imdsv2-policy check NAME... --format json` prints for files of those
//!   names and contents ([`imdsv2_policy::evaluate_documents_json`]).
//! - `fix-sources(files, options)`: Terraform source fixed, as `fix DIR --format json`.
//! - `version()`.
//!
//! Errors are the core's, field by field: its code, message, location and help, from which a
//! host prints the CLI's text (`error[code]: message (location)` and `  help: ...`).

wit_bindgen::generate!({
    path: "../../wit/imdsv2-policy.wit",
    world: "policy",
});

use exports::imdsv2::policy::evaluator::{self, Document, Guest};

struct Component;

impl Guest for Component {
    fn evaluate(documents: Vec<Document>, options: String) -> Result<String, evaluator::Error> {
        let named: Vec<(&str, &[u8])> = documents
            .iter()
            .map(|d| (d.name.as_str(), d.content.as_slice()))
            .collect();
        imdsv2_policy::evaluate_documents_json(&named, &options).map_err(to_wit)
    }

    fn fix_sources(
        files: Vec<(String, String)>,
        options: String,
    ) -> Result<String, evaluator::Error> {
        let named: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        imdsv2_policy::fix_files_json(&named, &options).map_err(to_wit)
    }

    fn version() -> String {
        imdsv2_policy::VERSION.to_owned()
    }
}

/// The core's error as the WIT record. Lines and columns past `u32` (inputs are at most 1 GiB)
/// cannot occur; they would be left out rather than wrapped.
fn to_wit(e: imdsv2_policy::Error) -> evaluator::Error {
    evaluator::Error {
        code: e.code.as_str().to_owned(),
        message: e.message,
        location: e.location.map(|l| evaluator::Location {
            file: l.file,
            path: l.path,
            line: l.line.and_then(|n| u32::try_from(n).ok()),
            column: l.column.and_then(|n| u32::try_from(n).ok()),
        }),
        help: e.help,
    }
}

export!(Component);
