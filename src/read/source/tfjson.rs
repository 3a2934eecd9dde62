//! Terraform's JSON configuration syntax (`*.tf.json`; CDK for Terraform writes `cdk.tf.json`)
//! turned into the native syntax it stands for, so one reader serves both. The mapping is
//! Terraform's own (its "JSON Configuration Syntax" page): top-level keys are block types;
//! under `resource` and `data` come the type and name labels; in a body, a key naming a nested
//! block type holds an object (one block) or an array of objects (several), any other key is an
//! argument whose strings are templates (`"${var.x}"`). `"//"` keys are comments. A variable's
//! `default` is a literal value, not a template.
//!
//! Which keys are nested blocks depends on the provider's schema; this reader knows the blocks
//! the IMDS chain reads (and the meta-blocks every resource has). Each block of the generated
//! text remembers the line and column of its key in the JSON, so findings point into the
//! `.tf.json` file.

use crate::error::{Error, ErrorCode};
use serde_json::{Map, Value};

/// Nested block types inside resource bodies.
const BLOCKS: &[&str] = &[
    "metadata_options",
    "launch_template",
    "mixed_instances_policy",
    "launch_template_specification",
    "override",
    "instances_distribution",
    "lifecycle",
    "provisioner",
    "connection",
    "timeouts",
    "content",
];

/// Where a block of the generated text comes from in the JSON.
#[derive(Debug, Clone)]
pub struct Place {
    /// Where the block starts in the generated text.
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    /// `$.resource.aws_instance.web`.
    pub path: String,
}

/// The native-syntax text, and for each top-level block where it comes from in the JSON.
pub struct Converted {
    pub text: String,
    pub places: Vec<Place>,
}

pub fn convert(name: &str, json: &str) -> Result<Converted, Error> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let doc: Value = serde_json::from_str(json).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            format!(
                "`{name}` is not valid JSON: {}",
                crate::error::serde_message(&e)
            ),
        )
        .at_file(name, e.line(), e.column())
        .with_help(
            "a `.tf.json` file holds one JSON object in Terraform's JSON configuration syntax",
        )
    })?;
    let Value::Object(top) = doc else {
        return Err(Error::new(
            ErrorCode::InvalidDocument,
            format!("`{name}` is not a JSON object of Terraform blocks"),
        )
        .at_file(name, 1, 1));
    };
    let mut w = Writer {
        out: String::new(),
        places: Vec::new(),
        json,
    };
    for (kind, v) in &top {
        match kind.as_str() {
            "resource" | "data" => {
                for (rtype, names) in objects(v) {
                    for (rname, body) in objects(names) {
                        for b in bodies(body) {
                            w.place(&[kind, rtype, rname]);
                            w.block(kind, &[rtype, rname], b, 0, false);
                        }
                    }
                }
            }
            "module" | "output" | "variable" => {
                for (label, body) in objects(v) {
                    for b in bodies(body) {
                        w.place(&[kind, label]);
                        w.block(kind, &[label], b, 0, kind == "variable");
                    }
                }
            }
            "provider" => {
                for (label, body) in objects(v) {
                    for b in bodies(body) {
                        w.place(&[kind, label]);
                        w.block(kind, &[label], b, 0, false);
                    }
                }
            }
            "locals" => {
                for b in bodies(v) {
                    w.place(&[kind]);
                    w.block(kind, &[], b, 0, false);
                }
            }
            _ => {}
        }
    }
    Ok(Converted {
        text: w.out,
        places: w.places,
    })
}

/// The entries of an object value (none for anything else), `"//"` comments left out.
fn objects(v: &Value) -> Vec<(&String, &Value)> {
    match v {
        Value::Object(m) => m.iter().filter(|(k, _)| k.as_str() != "//").collect(),
        _ => Vec::new(),
    }
}

/// One body, or several written as an array.
fn bodies(v: &Value) -> Vec<&Map<String, Value>> {
    match v {
        Value::Object(m) => vec![m],
        Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

struct Writer<'j> {
    out: String,
    places: Vec<Place>,
    json: &'j str,
}

impl Writer<'_> {
    /// Records where the next block starts, and the place of its last key in the JSON (found
    /// by searching its keys one after the other from the top: the first `"resource"`, then
    /// the first `"aws_instance"` after it, then the name).
    fn place(&mut self, keys: &[&str]) {
        let mut at = 0;
        for k in keys {
            let quoted = serde_json::to_string(k).unwrap_or_default();
            if let Some(i) = self.json.get(at..).and_then(|rest| rest.find(&quoted)) {
                at += i;
            }
        }
        let before = self.json.get(..at).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rfind('\n').map_or(before.chars().count(), |n| {
            before.get(n + 1..).map_or(0, |s| s.chars().count())
        }) + 1;
        let mut path = String::from("$");
        for k in keys {
            let plain = k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if plain {
                path.push('.');
                path.push_str(k);
            } else {
                path.push('[');
                path.push_str(&serde_json::to_string(k).unwrap_or_default());
                path.push(']');
            }
        }
        self.places.push(Place {
            offset: self.out.len(),
            line,
            column,
            path,
        });
    }

    fn block(
        &mut self,
        ident: &str,
        labels: &[&str],
        body: &Map<String, Value>,
        depth: usize,
        literal: bool,
    ) {
        let pad = "  ".repeat(depth);
        self.out.push_str(&pad);
        self.out.push_str(ident);
        for l in labels {
            self.out.push(' ');
            self.out
                .push_str(&serde_json::to_string(l).unwrap_or_default());
        }
        self.out.push_str(" {\n");
        for (k, v) in body {
            if k == "//" {
                continue;
            }
            let inner = "  ".repeat(depth + 1);
            if k == "dynamic" {
                for (label, b) in objects(v) {
                    for b in bodies(b) {
                        self.block("dynamic", &[label], b, depth + 1, false);
                    }
                }
            } else if BLOCKS.contains(&k.as_str()) && (v.is_object() || is_array_of_objects(v)) {
                for b in bodies(v) {
                    self.block(k, &[], b, depth + 1, false);
                }
            } else {
                if ident == "variable" && k == "type" {
                    // A type constraint, not a value: nothing the chain reads.
                    continue;
                }
                let value = if literal { literal_expr(v) } else { expr(v) };
                self.out.push_str(&inner);
                self.out.push_str(&key(k));
                self.out.push_str(" = ");
                self.out.push_str(&value);
                self.out.push('\n');
            }
        }
        self.out.push_str(&pad);
        self.out.push_str("}\n");
    }
}

fn is_array_of_objects(v: &Value) -> bool {
    matches!(v, Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object))
}

fn key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ident {
        k.to_owned()
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}

/// A value in template semantics: strings are templates, a string that is one interpolation
/// is that expression.
fn expr(v: &Value) -> String {
    match v {
        Value::String(s) => template(s),
        Value::Array(a) => format!("[{}]", a.iter().map(expr).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .filter(|(k, _)| k.as_str() != "//")
                .map(|(k, v)| format!(
                    "{} = {}",
                    serde_json::to_string(k).unwrap_or_default(),
                    expr(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// A literal value: strings stay text (`${` escaped).
fn literal_expr(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::from("\"");
            out.push_str(&escape(s).replace("${", "$${").replace("%{", "%%{"));
            out.push('"');
            out
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(literal_expr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .map(|(k, v)| format!(
                    "{} = {}",
                    serde_json::to_string(k).unwrap_or_default(),
                    literal_expr(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON-syntax string as a native template: text escaped, interpolations copied as written.
fn template(s: &str) -> String {
    let pieces = split_template(s);
    if let [Piece::Interp(e)] = pieces.as_slice() {
        return format!("({e})");
    }
    let mut out = String::from("\"");
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Interp(e) => {
                out.push_str("${");
                out.push_str(e);
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

enum Piece<'s> {
    Text(&'s str),
    Interp(&'s str),
}

/// Text and `${...}` interpolations (braces and quoted strings inside them balanced; `$${` is
/// an escaped `${`).
fn split_template(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let (mut i, mut text_start) = (0, 0);
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'$')
            && bytes.get(i + 1) == Some(&b'$')
            && bytes.get(i + 2) == Some(&b'{')
        {
            i += 3;
            continue;
        }
        if bytes.get(i) == Some(&b'$') && bytes.get(i + 1) == Some(&b'{') {
            let start = i + 2;
            let (mut depth, mut j, mut quoted) = (1usize, start, false);
            while j < bytes.len() && depth > 0 {
                match bytes.get(j) {
                    Some(b'\\') if quoted => j += 1,
                    Some(b'"') => quoted = !quoted,
                    Some(b'{') if !quoted => depth += 1,
                    Some(b'}') if !quoted => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth == 0 {
                if text_start < i {
                    out.push(Piece::Text(s.get(text_start..i).unwrap_or_default()));
                }
                out.push(Piece::Interp(s.get(start..j - 1).unwrap_or_default()));
                i = j;
                text_start = j;
                continue;
            }
        }
        i += 1;
    }
    if text_start < s.len() || out.is_empty() {
        out.push(Piece::Text(s.get(text_start..).unwrap_or_default()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_syntax_becomes_native_syntax() {
        let c = convert(
            "main.tf.json",
            r#"{"//": "comment", "variable": {"t": {"default": "${not} a template", "type": "string"}},
               "resource": {"aws_instance": {"web": {"count": "${2}", "ami": "ami-1",
                 "tags": {"Name": "web-${var.t}"},
                 "metadata_options": {"http_tokens": "${var.t}"},
                 "dynamic": {"ebs_block_device": {"for_each": "${[]}", "content": {"volume_size": 1}}}}}}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            c.text,
            "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  count = (2)\n  dynamic \"ebs_block_device\" {\n    content {\n      volume_size = 1\n    }\n    for_each = ([])\n  }\n  metadata_options {\n    http_tokens = (var.t)\n  }\n  tags = { \"Name\" = \"web-${var.t}\" }\n}\n\
             variable \"t\" {\n  default = \"$${not} a template\"\n}\n"
        );
        assert!(hcl_edit::parser::parse_body(&c.text).is_ok());
        assert_eq!(c.places.len(), 2);
        // The resource's place is its name key in the JSON (line 2); the variable's, line 1.
        let first = c
            .places
            .first()
            .map(|p| (p.line, p.column, p.path.as_str()));
        assert_eq!(first, Some((2, 46, "$.resource.aws_instance.web")));
        assert_eq!(c.places.get(1).map(|p| p.line), Some(1));
    }
}
