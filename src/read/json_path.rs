//! The JSON path of the place a parse error points at, found by scanning the text up to that
//! place. serde_json gives a type error's line and column; the path (`$.a[2].b`) is what a
//! user looks for in a 100 MB plan. Only the failure path runs this, and only the text before
//! the error is scanned, which parsed cleanly, so the scanner needs no error handling of its
//! own.

use std::fmt::Write as _;

/// Where a container is in its text.
enum Frame {
    /// In an object: the key being read, or whose value is being read.
    Object { key: Option<String> },
    /// In an array: the index of the current element, and whether any element has started.
    Array { index: usize, started: bool },
}

/// The byte offset of serde_json's `line` and `column` (1-based line, column in bytes after
/// the line's start, as serde_json counts them) in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column).min(text.len())
}

/// The path, under `root` (`$` for a whole document), of the value serde_json was reading
/// when it stopped at byte `offset` of `text`. `whole_object` names the innermost object
/// itself rather than its last member: serde reports a missing field once the object's
/// members are all read.
pub fn path_at(text: &str, offset: usize, root: &str, whole_object: bool) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'{' => {
                begin_value(&mut stack);
                stack.push(Frame::Object { key: None });
            }
            b'[' => {
                begin_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key }) => *key = None,
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, i);
                let in_key = matches!(stack.last(), Some(Frame::Object { key: None, .. }));
                if in_key {
                    let raw = text.get(i..close.min(bytes.len())).unwrap_or_default();
                    let name = serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| raw.trim_matches('"').to_owned());
                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                        *key = Some(name);
                    }
                } else {
                    begin_value(&mut stack);
                }
                i = close;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b':' => {}
            _ => {
                // A number or literal: read as one value.
                begin_value(&mut stack);
                while let Some(&c) = bytes.get(i) {
                    if i >= end || matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    i += 1;
                }
                continue;
            }
        }
        i += 1;
    }
    if whole_object && let Some(Frame::Object { key, .. }) = stack.last_mut() {
        *key = None;
    }
    let mut path = root.to_owned();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => push_key(&mut path, k),
            Frame::Array {
                index,
                started: true,
            } => {
                let _ = write!(path, "[{index}]");
            }
            _ => {}
        }
    }
    path
}

/// `.name` for identifier-like keys, `["a.b"]` for the rest.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::to_string(key).unwrap_or_default());
        path.push(']');
    }
}

fn begin_value(stack: &mut [Frame]) {
    if let Some(Frame::Array { started, .. }) = stack.last_mut() {
        *started = true;
    }
}

/// The index just after the string starting at `start` (its opening quote).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str, whole: bool) -> String {
        let offset = text.find(marker).map_or(text.len(), |p| p + marker.len());
        path_at(text, offset, "$", whole)
    }

    #[test]
    fn paths_of_values() {
        let t = r#"{"a": {"b": [1, {"c": "x"}, true]}, "d.e": [[], {"f": null}]}"#;
        assert_eq!(at(t, r#""c": "x""#, false), "$.a.b[1].c");
        assert_eq!(at(t, "true", false), "$.a.b[2]");
        assert_eq!(at(t, "[1", false), "$.a.b[0]");
        assert_eq!(at(t, r#""f": null"#, false), r#"$["d.e"][1].f"#);
        assert_eq!(at(t, r#""a": "#, false), "$.a");
        assert_eq!(at(t, r#""b": "#, false), "$.a.b");
        assert_eq!(at(t, "", false), "$");
    }

    #[test]
    fn missing_fields_name_the_object() {
        let t = r#"{"a": [{"b": 1, "c": "x"}]}"#;
        assert_eq!(at(t, r#""c": "x""#, true), "$.a[0]");
        assert_eq!(at(t, r#""c": "x""#, false), "$.a[0].c");
        assert_eq!(at("{}", "{", true), "$");
    }

    #[test]
    fn escapes_and_lines() {
        let t = "{\n  \"a\\\"b\": {\"k\": \"v\\\"]\"},\n  \"n\": 5\n}";
        assert_eq!(at(t, "5", false), r#"$.n"#);
        assert_eq!(at(t, "\"k\": \"v\\\"]\"", false), r#"$["a\"b"].k"#);
        assert_eq!(offset_of(t, 3, 8), t.find('5').map_or(0, |p| p + 1));
    }
}
