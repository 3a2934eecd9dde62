//! imdsv2-policy as an Extism plugin, so that any Extism host (Python, Go, Java, .NET, Ruby,
//! JS, Rust) runs the same core as the CLI.
//!
//! - `evaluate`: a Terraform plan/state or DescribeInstances JSON document in, the JSON report
//!   out (the CLI's `--format json`, byte for byte). Options come from the plugin config key
//!   `options`, holding the options JSON (`{"failOnUnknown": true}`); unknown fields are
//!   rejected. A bad document or bad options fail the call with the CLI's error text.
//!   The plugin has no clock (wasm32-unknown-unknown): where suppressions expire, the host
//!   passes `today` (`YYYY-MM-DD`) in the options.
//! - `evaluate_sources`: Terraform source in, as a JSON object of file name to text
//!   (`{"main.tf": "resource ..."}`), the JSON report out (`imdsv2-policy check DIR --format
//!   json`).
//! - `fix_sources`: the same input, the fix out as JSON (`imdsv2-policy fix DIR --format json`).
//! - `evaluate_request`: several documents as one evaluation. The input is a request
//!   (`imdsv2-policy schema request`): `{"documents": [{"name": "plan.json", "content": ...}],
//!   "options": {...}}`, each `content` the document's text or the document itself as JSON.
//!   The JSON report out, byte for byte what `imdsv2-policy check NAME... --format json`
//!   prints for files of those names and contents: live AWS documents of one account are
//!   joined, Terraform file names (`.tf`, `.tfvars`, ...) are source. Options come from the
//!   request or from the config key `options`; in both, the call fails (`invalid-options`).
//! - `version`: the tool's version, e.g. `0.1.0`.
//! - `controls`: the controls as JSON, as `imdsv2-policy controls` prints them.

use extism_pdk::{FnResult, WithReturnCode, config, plugin_fn};
use imdsv2_policy::{Error, ErrorCode};

/// The config key that holds the options JSON.
const OPTIONS_KEY: &str = "options";

/// The options' field names, and their snake_case spellings. An Extism guest can only ask for a
/// config key by name, never list them, so a typo in a key cannot be caught; these names are
/// the likely slip (one config key per option), refused so they never pass silently.
const BARE_KEYS: [&str; 12] = [
    "endpointDisabled",
    "failOnUnknown",
    "inputKind",
    "ignore",
    "today",
    "controls",
    "maxInputBytes",
    "lang",
    "endpoint_disabled",
    "fail_on_unknown",
    "input_kind",
    "max_input_bytes",
];

// The functions that take input read it themselves (no argument for `plugin_fn` to load), so
// that its length is checked against the limit before any of it is copied into the plugin's
// memory.

#[plugin_fn]
pub fn evaluate() -> FnResult<String> {
    let options = options().map_err(failure)?;
    let input = input(&options).map_err(failure)?;
    imdsv2_policy::evaluate_json(&input, &options).map_err(failure)
}

#[plugin_fn]
pub fn evaluate_sources() -> FnResult<String> {
    let options = options().map_err(failure)?;
    let input = input(&options).and_then(text).map_err(failure)?;
    imdsv2_policy::evaluate_sources_json(&input, &options).map_err(failure)
}

#[plugin_fn]
pub fn fix_sources() -> FnResult<String> {
    let options = options().map_err(failure)?;
    let input = input(&options).and_then(text).map_err(failure)?;
    imdsv2_policy::fix_sources_json(&input, &options).map_err(failure)
}

#[plugin_fn]
pub fn evaluate_request() -> FnResult<String> {
    let config = options().map_err(failure)?;
    let input = input(&config).map_err(failure)?;
    // The config's options are the host's setting of them only when it gives some: an absent
    // (or empty) key leaves the options to the request.
    let base = if config.trim().is_empty() {
        None
    } else {
        Some(imdsv2_policy::Options::from_json(&config).map_err(failure)?)
    };
    imdsv2_policy::request::evaluate_request_json(&input, base).map_err(failure)
}

/// The call's input, refused with `input-too-large` by its length before it is loaded.
fn input(options_json: &str) -> Result<Vec<u8>, Error> {
    // SAFETY: `input_length` only reads the length the host set for this call.
    let len = unsafe { extism_pdk::extism::input_length() };
    let options = imdsv2_policy::Options::from_json(options_json)?;
    imdsv2_policy::limits::check(len, &options)?;
    Ok(extism_pdk::input_bytes())
}

#[plugin_fn]
pub fn version() -> FnResult<String> {
    Ok(imdsv2_policy::VERSION.to_owned())
}

#[plugin_fn]
pub fn controls() -> FnResult<String> {
    let all = imdsv2_policy::policy::all().map_err(failure)?;
    let mut json = serde_json_text(all)?;
    json.push('\n');
    Ok(json)
}

fn serde_json_text(value: &[imdsv2_policy::Policy]) -> FnResult<String> {
    extism_pdk::json::to_string_pretty(value).map_err(|e| WithReturnCode::new(e.into(), 1))
}

/// The files object as text. (A `String` argument would fail with the PDK's own words.)
fn text(input: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(input).map_err(|e| {
        Error::new(
            ErrorCode::InvalidEncoding,
            format!(
                "the input is not valid utf-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_help(
            "expected a JSON object of file name to text, e.g. {\"main.tf\": \"resource ...\"}",
        )
    })
}

/// The options JSON from the plugin config; empty when the key is absent (the defaults).
fn options() -> Result<String, Error> {
    for key in BARE_KEYS {
        if config_text(key)?.is_some() {
            return Err(Error::new(
                ErrorCode::InvalidOptions,
                format!("invalid options: the plugin does not read the config key `{key}`"),
            )
            .with_help(format!(
                "put every option in the config key `{OPTIONS_KEY}` as one JSON object, \
                 e.g. `{OPTIONS_KEY}` = `{{\"failOnUnknown\": true}}`"
            )));
        }
    }
    Ok(config_text(OPTIONS_KEY)?.unwrap_or_default())
}

/// One config value as text. `config::get` would panic on bytes that are not UTF-8; a panic
/// would kill the instance, so the bytes are read and checked here.
fn config_text(key: &str) -> Result<Option<String>, Error> {
    let unreadable = |why: String| {
        Error::new(
            ErrorCode::InvalidOptions,
            format!("invalid options: cannot read the config key `{key}`: {why}"),
        )
    };
    let Some(memory) = config::get_memory(key).map_err(|e| unreadable(e.to_string()))? else {
        return Ok(None);
    };
    let bytes = memory.to_vec();
    memory.free();
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| unreadable("the value is not UTF-8".to_owned()))
}

/// The failed call's error: the CLI's error text (`error[code]: message (where)` and the help
/// line), and return code 1 as the CLI's exit code 2 has no meaning to an Extism host.
fn failure(e: Error) -> WithReturnCode<extism_pdk::Error> {
    WithReturnCode::new(extism_pdk::Error::msg(e.to_string()), 1)
}
