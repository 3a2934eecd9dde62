//! The one request every host takes: documents and options.
//!
//! `{"documents": [{"name": "plan.json", "content": ...}], "options": {...}}`. A document's
//! `content` is its text as a JSON string, or the document itself as JSON (an object or an
//! array: what a host that holds parsed JSON has, such as OPA's `input`). The documents are
//! judged as one evaluation, exactly as `imdsv2-policy check NAME...` judges the files of the
//! same names and contents: JSON documents (plans, state, live AWS responses, joined into one
//! account view) or, when every name is a Terraform file (`.tf`, `.tf.json`, `.tfvars`,
//! `.tfvars.json`), Terraform source.

use crate::error::{Error, ErrorCode};
use crate::options::Options;
use crate::report::model::Report;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Documents and options: what the Extism plugin's `evaluate_request` and the OPA module's
/// `input` (with `documents`) take, and the JS `evaluate(documents, options)` in two arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    /// The documents, judged as one evaluation. At least one.
    pub documents: Vec<Document>,
    /// The options (the defaults when absent).
    #[serde(default)]
    #[schemars(with = "Option<Options>")]
    pub options: Option<Box<RawValue>>,
}

/// One document of a [`Request`].
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// How errors and findings name it, as a file name on the command line: `plan.json`,
    /// `live/describe-instances.json`, `modules/app/main.tf`.
    pub name: String,
    /// The document's text, or the document itself as JSON (an object or an array).
    #[schemars(with = "Content")]
    pub content: Box<RawValue>,
}

/// The schema of [`Document::content`] (read as raw JSON, so that a document given as JSON is
/// not parsed twice).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, reason = "a schema only")]
enum Content {
    /// The document's text.
    Text(String),
    /// The document as JSON.
    Object(serde_json::Map<String, serde_json::Value>),
    /// The document as JSON (a DescribeInstances page array, ...).
    Array(Vec<serde_json::Value>),
}

/// File names Terraform reads as configuration or variables.
pub const SOURCE_EXTENSIONS: [&str; 4] = [".tf", ".tf.json", ".tfvars", ".tfvars.json"];

/// Whether `name` is a file Terraform reads as configuration or variables.
pub fn is_source_name(name: &str) -> bool {
    SOURCE_EXTENSIONS.iter().any(|x| name.ends_with(x))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, message).with_help(
        "expected {\"documents\": [{\"name\": \"plan.json\", \"content\": \"...\"}], \"options\": {...}} \
         (`imdsv2-policy schema request`)",
    )
}

impl Request {
    /// Reads a request from its JSON text.
    pub fn from_json(text: &[u8]) -> Result<Request, Error> {
        let request: Request = serde_json::from_slice(text).map_err(|e| {
            let msg = crate::error::serde_message(&e);
            invalid(format!("invalid request: {msg}")).at_line(e.line(), e.column())
        })?;
        Ok(request)
    }

    /// The request's options; `base` when it has none (a host's own setting of them, such
    /// as OPA's `data.imdsv2.options` or Extism's config). Options in both are an error, so
    /// that neither silently wins.
    pub fn options(&self, base: Option<Options>) -> Result<Options, Error> {
        match (&self.options, base) {
            (None, base) => Ok(base.unwrap_or_default()),
            (Some(raw), None) => Options::from_json(raw.get()),
            (Some(_), Some(_)) => Err(Error::new(
                ErrorCode::InvalidOptions,
                "invalid options: the request has `options` and the host set options too",
            )
            .with_help("give the options in one place")),
        }
    }

    /// Evaluates the request's documents with `options`.
    pub fn evaluate(&self, options: &Options) -> Result<Report, Error> {
        let mut docs: Vec<(&str, std::borrow::Cow<'_, [u8]>)> = Vec::new();
        for (n, d) in self.documents.iter().enumerate() {
            docs.push((d.name.as_str(), content_bytes(&d.content, n)?));
        }
        let refs: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (*n, b.as_ref())).collect();
        crate::evaluate_documents(&refs, options)
    }
}

/// An `invalid-request` error for the first name that an earlier one of `what` (`documents`,
/// `files`) has: two documents of one name are one file given twice, which the CLI reads once.
pub fn unique_names<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), Error> {
    let one = what.strip_suffix('s').unwrap_or(what);
    let mut seen = std::collections::BTreeSet::new();
    for (n, name) in names.enumerate() {
        if !seen.insert(name) {
            return Err(invalid(format!(
                "invalid request: `{what}[{n}]` has the name `{name}` of an earlier {one}"
            )));
        }
    }
    Ok(())
}

/// A document's content as bytes: a JSON string unescaped, anything else its JSON text.
fn content_bytes(raw: &RawValue, n: usize) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
    let text = raw.get();
    if text.starts_with('"') {
        let s: String = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "invalid request: `documents[{n}].content`: {}",
                crate::error::serde_message(&e)
            ))
        })?;
        Ok(std::borrow::Cow::Owned(s.into_bytes()))
    } else if text.starts_with('{') || text.starts_with('[') {
        Ok(std::borrow::Cow::Borrowed(text.as_bytes()))
    } else {
        Err(invalid(format!(
            "invalid request: `documents[{n}].content` is `{}`, expected the document's text (a string) or the document (an object or an array)",
            text.chars().take(40).collect::<String>()
        )))
    }
}

/// The source files of named documents: their texts by name, each checked as UTF-8.
pub(crate) fn source_files(documents: &[(&str, &[u8])]) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    for (name, bytes) in documents {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::new(
                ErrorCode::InvalidEncoding,
                format!("`{name}` is not valid utf-8 (byte {})", e.valid_up_to()),
            )
        })?;
        files.insert((*name).to_owned(), text.to_owned());
    }
    Ok(files)
}

/// [`Request`] from JSON, evaluated, as the report's JSON: the one call of hosts that speak
/// only bytes (Extism, WASI).
pub fn evaluate_request_json(text: &[u8], base: Option<Options>) -> Result<String, Error> {
    evaluate_request(text, base).map(|(r, _)| crate::to_json(&r))
}

/// [`Request`] from JSON, evaluated: the report, and the options it was made with (the
/// request's or `base`). The request's length is checked against the limit before it is
/// read, and again under the request's own options.
pub fn evaluate_request(text: &[u8], base: Option<Options>) -> Result<(Report, Options), Error> {
    crate::limits::check(
        text.len() as u64,
        base.as_ref().unwrap_or(&Options::default()),
    )?;
    let request = Request::from_json(text)?;
    let options = request.options(base)?;
    crate::limits::check(text.len() as u64, &options)?;
    let report = request.evaluate(&options)?;
    Ok((report, options))
}
