//! Evaluates a request (`imdsv2-policy schema request`) natively, as a host does: the report
//! JSON on standard output, or the error text on standard error and exit code 2. The host
//! tests (tests/hosts/expect.py) take from it what the core answers to a request the CLI has
//! no form of (no documents, a name given twice, options set by the host and the request).
//!
//! cargo run --example request [HOST_OPTIONS_JSON] < request.json

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("cannot read standard input: {e}");
        return ExitCode::from(2);
    }
    let answer = std::env::args()
        .nth(1)
        .map(|o| imdsv2_policy::Options::from_json(&o))
        .transpose()
        .and_then(|base| imdsv2_policy::request::evaluate_request_json(&input, base));
    match answer {
        Ok(report) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(report.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cannot write the report: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
