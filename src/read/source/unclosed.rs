//! What a `.tf` file leaves open when it ends: a `{`, `[`, `(`, template `${` / `%{`, string,
//! heredoc or `/*` comment, found by one linear pass before hcl-edit parses the file.
//!
//! hcl-edit backtracks on such a file: an object whose keys are operator expressions
//! (`a = {m*m/{m*m/...`) costs it twice as much for each level left open, so 22 levels take
//! 1.7 s and a 200-byte file runs for hours (found by the `source` fuzz target). A file that
//! ends with something open is invalid whatever else it holds, so it is refused here, in time
//! linear in its length, with the place Terraform points at: the construct that is not closed.
//!
//! The pass follows HCL's native syntax only as far as nesting goes: brackets, quoted
//! templates with their escapes (`\"`, `$${`, `%%{`), heredocs (`<<EOT` / `<<-EOT`, ended by a
//! line of optional spaces and the marker, as hcl-edit ends them), and comments. Whenever the
//! text is not what it expects (a `}` that closes nothing, `<<` not followed by a marker) it
//! gives no verdict and leaves the error to hcl-edit: it only ever refuses a file that
//! hcl-edit would refuse too (the `source` fuzz target checks that).

/// Something opened and not closed when the file ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    pub what: Opener,
    /// The byte offset of its opening `{`, `"`, `<<`, `/*`...
    pub offset: usize,
    /// How many brackets, templates and strings are still open inside it.
    pub inside: usize,
    /// How many constructs are open in all when the file ends (this one among them).
    pub open: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    Brace,
    Bracket,
    Paren,
    /// `${` or `%{` (a template interpolation or directive).
    Template(u8),
    String,
    Heredoc,
    Comment,
}

impl Unclosed {
    /// What is wrong, for an error message: "this `{` is never closed: the file ends first".
    pub fn message(&self) -> String {
        let what = match self.what {
            Opener::Brace => "this `{` is never closed".to_owned(),
            Opener::Bracket => "this `[` is never closed".to_owned(),
            Opener::Paren => "this `(` is never closed".to_owned(),
            Opener::Template(b) => format!("this `{}{{` is never closed", char::from(b)),
            Opener::String => "this string has no closing `\"`".to_owned(),
            Opener::Heredoc => "this heredoc has no line with its end marker".to_owned(),
            Opener::Comment => "this `/*` comment is never closed".to_owned(),
        };
        let inside = match self.inside {
            0 => String::new(),
            1 => " (nor the one opened inside it)".to_owned(),
            n => format!(" (nor the {n} opened inside it)"),
        };
        format!("{what}{inside}: the file ends first")
    }
}

/// One construct open at the current offset: what, where, and a heredoc's end marker.
#[derive(Debug, Clone, Copy)]
struct Frame<'a> {
    what: Opener,
    at: usize,
    marker: &'a [u8],
}

/// The construct `text` leaves open at its end, if it surely does; `None` when everything is
/// closed or the text is not what the pass follows (hcl-edit then says what is wrong).
pub fn find(text: &str) -> Option<Unclosed> {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let frame = |what, at| Frame {
        what,
        at,
        marker: &[],
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = at(i)?;
        match stack.last().copied() {
            Some(Frame {
                what: Opener::String,
                ..
            }) => match c {
                b'\\' => i += 2,
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'$' | b'%' => i += template_start(b, i, &mut stack, c),
                _ => i += 1,
            },
            Some(Frame {
                what: Opener::Heredoc,
                marker,
                ..
            }) => {
                if (i == 0 || at(i - 1) == Some(b'\n')) && ends_heredoc(b, i, marker) {
                    stack.pop();
                    i += b.get(i..)?.iter().position(|&x| x != b' ' && x != b'\t')? + marker.len();
                    continue;
                }
                i += match c {
                    b'$' | b'%' => template_start(b, i, &mut stack, c),
                    _ => 1,
                };
            }
            _ => {
                match c {
                    b'"' => stack.push(frame(Opener::String, i)),
                    b'{' => stack.push(frame(Opener::Brace, i)),
                    b'[' => stack.push(frame(Opener::Bracket, i)),
                    b'(' => stack.push(frame(Opener::Paren, i)),
                    b'}' => match stack.pop()?.what {
                        Opener::Brace | Opener::Template(_) => {}
                        _ => return None,
                    },
                    b']' => match stack.pop()?.what {
                        Opener::Bracket => {}
                        _ => return None,
                    },
                    b')' => match stack.pop()?.what {
                        Opener::Paren => {}
                        _ => return None,
                    },
                    b'#' => i = line_end(b, i),
                    b'/' if at(i + 1) == Some(b'/') => i = line_end(b, i),
                    b'/' if at(i + 1) == Some(b'*') => {
                        match b.get(i + 2..)?.windows(2).position(|w| w == b"*/") {
                            Some(end) => i += 2 + end + 1,
                            None => {
                                return Some(Unclosed {
                                    what: Opener::Comment,
                                    offset: i,
                                    inside: 0,
                                    open: stack.len() + 1,
                                });
                            }
                        }
                    }
                    b'<' if at(i + 1) == Some(b'<') => {
                        let (marker, body) = heredoc_start(b, i)?;
                        if ends_heredoc(b, body, marker) {
                            // An empty heredoc, or one hcl-edit ends at a later marker line:
                            // hcl-edit decides.
                            return None;
                        }
                        stack.push(Frame {
                            what: Opener::Heredoc,
                            at: i,
                            marker,
                        });
                        i = body;
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
        }
    }
    // Which to name: a string or heredoc left open swallows the rest of the file, so the
    // innermost of those is the cause; otherwise the outermost bracket, as Terraform names the
    // block that is not closed.
    let k = stack
        .iter()
        .rposition(|f| matches!(f.what, Opener::String | Opener::Heredoc))
        .unwrap_or(0);
    let named = stack.get(k)?;
    Some(Unclosed {
        what: named.what,
        offset: named.at,
        inside: stack.len() - 1 - k,
        open: stack.len(),
    })
}

/// At a `$` or `%` in a template: opens a `${` / `%{` (2 bytes), skips an escaped `$${` /
/// `%%{` (3 bytes), or moves past the character.
fn template_start(b: &[u8], i: usize, stack: &mut Vec<Frame>, c: u8) -> usize {
    match (b.get(i + 1).copied(), b.get(i + 2).copied()) {
        (Some(b'{'), _) => {
            stack.push(Frame {
                what: Opener::Template(c),
                at: i,
                marker: &[],
            });
            2
        }
        (Some(x), Some(b'{')) if x == c => 3,
        _ => 1,
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    b.get(i..)
        .and_then(|r| r.iter().position(|&x| x == b'\n'))
        .map_or(b.len(), |n| i + n)
}

/// `<<EOT` or `<<-EOT` then a line ending: the marker and where the body starts.
fn heredoc_start(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let mut j = i + 2;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let start = j;
    if !b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_' || *c >= 0x80)
    {
        return None;
    }
    while b.get(j).copied().is_some_and(id_continue) {
        j += 1;
    }
    let marker = b.get(start..j)?;
    match (b.get(j), b.get(j + 1)) {
        (Some(b'\n'), _) => Some((marker, j + 1)),
        (Some(b'\r'), Some(b'\n')) => Some((marker, j + 2)),
        _ => None,
    }
}

/// A line (from `i`) of optional spaces and tabs, the marker, and no identifier character
/// after it: hcl-edit's heredoc end.
fn ends_heredoc(b: &[u8], i: usize, marker: &[u8]) -> bool {
    let Some(rest) = b.get(i..) else {
        return false;
    };
    let indent = rest
        .iter()
        .position(|&x| x != b' ' && x != b'\t')
        .unwrap_or(rest.len());
    let Some(after) = rest.get(indent..) else {
        return false;
    };
    after.starts_with(marker) && !after.get(marker.len()).copied().is_some_and(id_continue)
}

fn id_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> Option<(Opener, usize, usize)> {
        find(text).map(|u| (u.what, u.offset, u.inside))
    }

    #[test]
    fn closed_files_give_nothing() {
        for text in [
            "",
            "a = 1\n",
            "resource \"aws_instance\" \"a\" {\n  metadata_options {\n    http_tokens = \"required\"\n  }\n}\n",
            "a = \"${b}\"\nc = \"$${not} %%{not} \\\" { [ (\"\n",
            "a = \"${ {x = [1, (2)]} }\"\n",
            "a = \"%{ if x }y%{ else }{%{ endif }\"\n",
            "a = <<EOT\n{ [ \" ${b}\n  EOT\nc = 1\n",
            "a = <<-EOT\n  x EOT y\n  EOT\n",
            "a = <<EOT\r\nx\r\nEOT\r\n",
            "a = <<EOT\nEOTX\nEOT\n",
            "a = f(<<EOT\nx\nEOT\n)\n",
            "# { [ ( \" <<X\n// {\n/* { \" */ b = 1\n",
            "a = \"\\\\\"\n",
            "a = jsonencode({ Statement = [{ Effect = \"Allow\" }] })\n",
            "a = \"é${b}ü\"\n",
        ] {
            assert_eq!(open(text), None, "{text:?}");
        }
    }

    #[test]
    fn open_brackets_are_found_outermost_first() {
        assert_eq!(
            open("resource \"a\" \"b\" {\n  x = 1\n"),
            Some((Opener::Brace, 17, 0))
        );
        assert_eq!(open("a = [1, {b = (2"), Some((Opener::Bracket, 4, 2)));
        assert_eq!(
            open(&format!("a = {}m", "{m*m/".repeat(40))),
            Some((Opener::Brace, 4, 39))
        );
        assert_eq!(open("a = \"${b"), Some((Opener::String, 4, 1)));
        assert_eq!(
            open("a = \"x\"\nb = \"%{ if"),
            Some((Opener::String, 12, 1))
        );
    }

    #[test]
    fn open_strings_heredocs_and_comments_are_the_cause() {
        assert_eq!(open("x {\n  a = \"abc\n}\n"), Some((Opener::String, 10, 0)));
        assert_eq!(open("a = <<EOT\nx\n EOTX\n"), Some((Opener::Heredoc, 4, 0)));
        assert_eq!(open("a = <<EOT\n${ {"), Some((Opener::Heredoc, 4, 2)));
        assert_eq!(open("x {\n/* a"), Some((Opener::Comment, 4, 0)));
    }

    #[test]
    fn what_the_pass_does_not_follow_gets_no_verdict() {
        for text in [
            "}",
            "a = (]",
            "a = [)",
            "a = <<\n",
            "a = <<EOT x\n",
            "a = {)",
            "a = <<EOT\nEOT\n{\nEOT\n",
        ] {
            assert_eq!(open(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_refused_file_is_one_hcl_edit_refuses() {
        for text in [
            "resource \"a\" \"b\" {\n  x = 1\n",
            "a = \"${b",
            "a = <<EOT\nx\n EOTX\n",
            "x {\n/* a",
            "x {\n  a = \"abc\n}\n",
        ] {
            assert!(find(text).is_some(), "{text:?}");
            assert!(hcl_edit::parser::parse_body(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn messages() {
        let u = find("a = {b = {").map(|u| u.message());
        assert_eq!(
            u.as_deref(),
            Some("this `{` is never closed (nor the one opened inside it): the file ends first")
        );
    }
}

#[cfg(test)]
mod real_files {
    use super::find;
    use std::path::Path;

    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "tf" || x == "tfvars") {
                out.push(p);
            }
        }
    }

    /// Every `.tf` and `.tfvars` file of the tests and examples (the real ones of
    /// `tests/corpus/` among them): the pass refuses none that hcl-edit reads, and every one it
    /// refuses, hcl-edit refuses too.
    #[test]
    fn agrees_with_hcl_edit_on_every_file_of_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("tests"), &mut files);
        walk(&root.join("examples"), &mut files);
        assert!(files.len() > 100, "only {} files found", files.len());
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let parses = hcl_edit::parser::parse_body(text).is_ok();
            if let Some(open) = find(text) {
                assert!(
                    !parses,
                    "{}: refused ({open:?}) but hcl-edit reads it",
                    f.display()
                );
            }
        }
    }
}
