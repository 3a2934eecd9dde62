//! The one options type every shell accepts. Unknown fields are rejected: a typo in a
//! security option must not pass silently.

use crate::error::{Error, ErrorCode};
use crate::report::model::InputKind;
use crate::suppress::IgnoreEntry;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a subject with `http_endpoint = "disabled"` is judged. AWS words EC2.8 by
/// `HttpTokens` alone, so the default is `fail`; `pass` follows scanners that treat a disabled
/// endpoint as "IMDSv1 not reachable".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointDisabled {
    #[default]
    Fail,
    Pass,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    pub endpoint_disabled: EndpointDisabled,
    /// When true, an `unknown` finding makes the verdict `fail` (and the CLI exit 1).
    pub fail_on_unknown: bool,
    /// Read the input as this kind instead of detecting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_kind: Option<InputKind>,
    /// Suppressions: findings to keep in the report, marked suppressed, without failing the
    /// run. Each needs a reason; the CLI's `--ignore-file` reads a file into this list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreEntry>,
    /// Today's date (`YYYY-MM-DD`), for the expiry of suppressions. Defaults to the system
    /// clock; hosts without one (the browser) should pass it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// The controls to judge (`["EC2.8", "EC2.170"]`); every control when absent. An id no
    /// control has is an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controls: Option<Vec<String>>,
    /// The largest input to read, in bytes: a larger one is an `input-too-large` error before
    /// it is read. It can only lower the build's own limit (none natively; see
    /// `limits::WASM32_MAX_INPUT_BYTES` for WebAssembly), for services that cap what they take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_input_bytes: Option<u64>,
}

impl Options {
    /// Options from their JSON form, as the wasm, WASI and Extism shells receive them.
    pub fn from_json(text: &str) -> Result<Options, Error> {
        if text.trim().is_empty() {
            return Ok(Options::default());
        }
        serde_json::from_str(text).map_err(|e| {
            let msg = crate::error::serde_message(&e);
            Error::new(ErrorCode::InvalidOptions, format!("invalid options: {msg}"))
                .at_line(e.line(), e.column())
                // The schema is generated from this type; a list written here had already
                // drifted (it left out `terraform-state-file`).
                .with_help("expected the object `imdsv2-policy schema options` describes")
        })
    }

    /// Options from a TOML config file (`.imdsv2-policy.toml`): the same object, its keys
    /// written as in JSON (`failOnUnknown = true`, `[[ignore]]` tables), validated alike.
    pub fn from_toml(text: &str) -> Result<Options, Error> {
        toml::from_str(text).map_err(|e| {
            let mut msg = e.message().trim_end_matches(['\n', '.']).to_owned();
            // A bare TOML date (`today = 2026-12-01`) reaches serde as a table.
            let spanned = e
                .span()
                .and_then(|s| text.get(s))
                .unwrap_or_default()
                .trim();
            if msg.starts_with("invalid type: map")
                && spanned.starts_with(|c: char| c.is_ascii_digit())
            {
                msg = format!(
                    "`{spanned}` is a TOML date or time; expected a string (`\"{spanned}\"`)"
                );
            }
            let mut err = Error::new(ErrorCode::InvalidOptions, format!("invalid options: {msg}"))
                .with_help("expected the object `imdsv2-policy schema options` describes, in TOML");
            if let Some(span) = e.span() {
                let (line, column) = line_column(text, span.start);
                err = err.at_line(line, column);
            }
            err
        })
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
