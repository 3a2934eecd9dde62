//! Plain-text helpers over a source file: lines and columns, comments, indentation.

use std::ops::Range;

/// Byte offsets of line starts, to turn offsets into 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// The offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// The offset just past the `\n` that ends the line holding `offset` (or the end of text).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

/// The leading spaces and tabs of the line holding `offset`.
pub fn indent_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = text.get(start..).unwrap_or_default();
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    line.get(..n).unwrap_or_default()
}

/// Whether only spaces and tabs precede `offset` on its line.
pub fn first_on_line(text: &str, offset: usize) -> bool {
    text.get(line_start(text, offset)..offset)
        .is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'))
}

/// The line ending the file uses: `\r\n` when its first line ends so, else `\n`.
pub fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// A comment: where it starts and its text without the markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The comments of a file, found outside `code` (sorted ranges of expressions and block
/// labels, where `#` or `//` may be part of a string or heredoc).
pub fn comments(text: &str, code: &[Range<usize>]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut masks = code.iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        while masks.peek().is_some_and(|m| m.end <= i) {
            masks.next();
        }
        if let Some(m) = masks.peek()
            && m.start <= i
        {
            i = m.end;
            continue;
        }
        let rest = bytes.get(i..).unwrap_or_default();
        let (len_marker, block) = match rest {
            [b'#', ..] => (1, false),
            [b'/', b'/', ..] => (2, false),
            [b'/', b'*', ..] => (2, true),
            _ => {
                i += 1;
                continue;
            }
        };
        let body_start = i + len_marker;
        let (end, body_end) = if block {
            match text.get(body_start..).and_then(|s| s.find("*/")) {
                Some(j) => (body_start + j + 2, body_start + j),
                None => (text.len(), text.len()),
            }
        } else {
            let e = text
                .get(body_start..)
                .and_then(|s| s.find('\n'))
                .map_or(text.len(), |j| body_start + j);
            (e, e)
        };
        let body = text
            .get(body_start..body_end)
            .unwrap_or_default()
            .trim_end_matches('\r');
        out.push(Comment {
            start: i,
            end,
            text: body.to_owned(),
        });
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let t = "ab\r\ncé\nx";
        let l = Lines::new(t);
        assert_eq!(l.position(t, 0), (1, 1));
        assert_eq!(l.position(t, 4), (2, 1));
        assert_eq!(l.position(t, 7), (2, 3));
        assert_eq!(l.position(t, 8), (3, 1));
        assert_eq!(newline(t), "\r\n");
        assert_eq!(newline("a\nb"), "\n");
    }

    #[test]
    fn comments_outside_code() {
        let t = "# a\nx = \"# not\" // b\n/* c */ y = 1\n";
        let string = Range { start: 8, end: 15 };
        let c = comments(t, std::slice::from_ref(&string));
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec![" a", " b", " c "]);
    }
}
