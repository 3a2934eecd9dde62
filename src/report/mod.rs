//! The report and its writers. Every writer is a function of the report alone.

pub mod model;
pub mod text;

use model::Report;

/// The JSON report: pretty-printed, keys in declaration order, ending in a newline. Byte
/// for byte the same on every host.
pub fn to_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}
