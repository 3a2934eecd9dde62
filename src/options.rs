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
    /// The language of the report's texts (messages, fixes' explanations, notes, and the
    /// manual steps of `fix`): `en` (the default) or `ja`. The CLIs take `--lang` first, then
    /// this, then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); every other host, this only.
    /// Error messages stay English, as compilers' do, so that they can be searched for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::i18n::Lang>,
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
    /// `basic-toml` reads it: TOML without dates and times, which no option takes (the
    /// `toml` crate added 55 KB gzipped to the npm module, measured; this one 1/10 of it).
    pub fn from_toml(text: &str) -> Result<Options, Error> {
        basic_toml::from_str(text).map_err(|e| {
            let full = e.to_string();
            // The place goes into the location, not the sentence.
            let msg = match (e.line_col(), full.rfind(" at line ")) {
                (Some(_), Some(i)) => full.get(..i).unwrap_or(&full),
                _ => full.as_str(),
            };
            // A bare TOML date (`today = 2026-12-01`): basic-toml reads no dates, and no option
            // takes one; the option wants the date as a string.
            let date = e.line_col().and_then(|(l, c)| {
                let token: String = text
                    .lines()
                    .nth(l)?
                    .chars()
                    .skip(c)
                    .take_while(|ch| !ch.is_whitespace() && *ch != '#' && *ch != ',')
                    .collect();
                let b = token.as_bytes();
                (b.len() >= 10
                    && b.get(4) == Some(&b'-')
                    && b.get(..4)?.iter().all(u8::is_ascii_digit))
                .then_some(token)
            });
            let msg = match &date {
                Some(d) => format!("`{d}` is a TOML date or time; expected a string (`\"{d}\"`)"),
                None => msg.to_owned(),
            };
            let mut err = Error::new(ErrorCode::InvalidOptions, format!("invalid options: {msg}"))
                .with_help("expected the object `imdsv2-policy schema options` describes, in TOML");
            // For a value of the wrong kind or an unknown key, basic-toml points at the table
            // the key is in; the key's own line says more.
            let key = msg
                .strip_prefix("unknown field `")
                .or_else(|| msg.rsplit_once(" for key `").map(|(_, k)| k))
                .and_then(|k| k.split('`').next())
                .and_then(|k| k.rsplit('.').next());
            if let Some((line, column)) = key
                .and_then(|k| key_place(text, k))
                .or(e.line_col().map(|(l, c)| (l + 1, c + 1)))
            {
                err = err.at_line(line, column);
            }
            err
        })
    }
}

/// The 1-based line and column of the first `key =` (bare or quoted) in a TOML text.
fn key_place(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        let after = rest
            .strip_prefix(key)
            .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))?;
        after.trim_start().starts_with('=').then(|| {
            (
                i + 1,
                line.get(..indent).map_or(0, |s| s.chars().count()) + 1,
            )
        })
    })
}
