//! Errors as data: a stable code, a message in the style of `shared/style.md` (lowercase, user
//! input in backticks, no final period), where in the input, and what was expected.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The bytes are not text in a supported encoding.
    InvalidEncoding,
    /// The text is not JSON.
    InvalidJson,
    /// JSON, but not a document this tool reads.
    UnsupportedInput,
    /// A Terraform document with a major `format_version` this tool does not know.
    UnsupportedFormatVersion,
    /// JSON of the right kind with a value of the wrong shape where EC2.8 needs it.
    InvalidDocument,
    /// The options object is wrong.
    InvalidOptions,
    /// The request (documents and options, see `imdsv2-policy schema request`) is not of
    /// that shape, or mixes Terraform source with JSON documents.
    InvalidRequest,
    /// A `.tf` or `.tfvars` file is not valid HCL, or declares something twice.
    InvalidHcl,
    /// A suppression (an `imdsv2-policy:ignore` comment or an ignore entry) has no reason,
    /// names an unknown control, or has a bad expiry date.
    InvalidIgnore,
    /// Reading or writing a file failed (CLI only).
    Io,
    /// The command line is wrong (CLI only).
    Usage,
    /// The input is larger than the limit of the build (WebAssembly's 4 GiB of memory) or
    /// than `maxInputBytes`; it was not read.
    InputTooLarge,
    /// The WebAssembly instance stopped (a trap, such as running out of its 4 GiB of memory)
    /// while judging; the JS shells replace it with a fresh one before the next call.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidEncoding => "invalid-encoding",
            ErrorCode::InvalidJson => "invalid-json",
            ErrorCode::UnsupportedInput => "unsupported-input",
            ErrorCode::UnsupportedFormatVersion => "unsupported-format-version",
            ErrorCode::InvalidDocument => "invalid-document",
            ErrorCode::InvalidOptions => "invalid-options",
            ErrorCode::InvalidRequest => "invalid-request",
            ErrorCode::InvalidHcl => "invalid-hcl",
            ErrorCode::InvalidIgnore => "invalid-ignore",
            ErrorCode::Io => "io",
            ErrorCode::Usage => "usage",
            ErrorCode::InputTooLarge => "input-too-large",
            ErrorCode::Internal => "internal",
        }
    }
}

/// Where in the input an error is: a JSON path, a line and column, or both; for `.tf`
/// sources and ignore files, the file as well.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed to keep `Result<_, Error>` small.
    pub location: Option<Box<Location>>,
    /// What was expected, or what to try.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.location.get_or_insert_with(Box::default).path = Some(path.into());
        self
    }

    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        let loc = self.location.get_or_insert_with(Box::default);
        loc.line = Some(line);
        loc.column = Some(column);
        self
    }

    /// A place in a named file (`main.tf:3:7`).
    pub fn at_file(mut self, file: impl Into<String>, line: usize, column: usize) -> Self {
        let loc = self.location.get_or_insert_with(Box::default);
        loc.file = Some(file.into());
        loc.line = Some(line);
        loc.column = Some(column);
        self
    }

    /// The error of one document among several: its message starts with the document's name.
    pub fn in_document(mut self, name: &str) -> Self {
        if !name.is_empty() && name != "-" {
            self.message = format!("{name}: {}", self.message);
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A failed read or write: `{what}: {reason}`. The reason leaves out the OS error number,
    /// which differs between hosts (`os error 2` natively is `os error 44` under WASI), so that
    /// every host prints the same message.
    pub fn io(what: impl fmt::Display, e: &std::io::Error) -> Self {
        Error::new(ErrorCode::Io, format!("{what}: {}", io_reason(e)))
    }

    /// `line:column` and/or the JSON path, as printed after the message.
    pub fn location_text(&self) -> Option<String> {
        let loc = self.location.as_ref()?;
        let mut parts = Vec::new();
        match (&loc.file, loc.line, loc.column) {
            (Some(f), Some(l), Some(c)) => parts.push(format!("{f}:{l}:{c}")),
            (Some(f), _, _) => parts.push(format!("in `{f}`")),
            (None, Some(l), Some(c)) => parts.push(format!("line {l}, column {c}")),
            _ => {}
        }
        if let Some(p) = &loc.path {
            parts.push(format!("at `{p}`"));
        }
        if parts.is_empty() {
            None
        } else {
            Some(parts.join(", "))
        }
    }
}

/// The reason of an I/O error in lowercase, as the platform words it, without its number.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let text = match e.kind() {
        ErrorKind::NotFound => return "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => return "permission denied".to_owned(),
        ErrorKind::IsADirectory => return "is a directory".to_owned(),
        ErrorKind::NotADirectory => return "not a directory".to_owned(),
        _ => e.to_string(),
    };
    let text = text.split(" (os error ").next().unwrap_or_default();
    // The system's messages are English; ASCII case keeps Unicode's case tables out of the
    // wasm module.
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| {
            std::iter::once(first.to_ascii_lowercase())
                .chain(chars)
                .collect()
        })
        .unwrap_or_default()
}

impl fmt::Display for Error {
    /// `error[code]: message (line 3, column 7, at `$.x`)` then the help on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}", self.code.as_str(), self.message)?;
        if let Some(loc) = self.location_text() {
            write!(f, " ({loc})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// serde_json's message without its trailing ` at line L column C`: errors carry the place
/// in their location instead.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    msg.split(" at line ")
        .next()
        .unwrap_or(msg.as_str())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_the_same_on_every_host() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            Error::io(format_args!("cannot read `{}`", "plan.json"), &missing).to_string(),
            "error[io]: cannot read `plan.json`: no such file or directory"
        );
        #[cfg(unix)]
        assert_eq!(
            Error::io(
                "cannot write the report",
                &std::io::Error::from_raw_os_error(9)
            )
            .message,
            "cannot write the report: bad file descriptor"
        );
    }
}
