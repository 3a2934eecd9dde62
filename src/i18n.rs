//! Japanese (`lang: "ja"`): a finished report translated before any writer runs, and the fixed
//! words of the writers.
//!
//! Why after the fact, and not a message id at every `format!`: the English texts are the JSON
//! contract that outside checks read, and they are built from parts (a reason inside a message,
//! a caveat after it, a hop-limit reason after a placement reason). A catalogue of those parts
//! as templates with holes, matched recursively, translates each part once and keeps the core's
//! English code as it is. The catalogue is data, `policies/i18n/ja.json` (one file per
//! language, beside the policies). `tests/i18n.rs` runs every fixture and corpus input through
//! it and fails on any text left in English or in one language only, so it stays complete.
//!
//! Holes in an English template: `{}` is text translated in turn (it must match a template
//! itself), `{b}` is the content of a backquoted span (a value, an address, code: never
//! translated), `{v}` one word without spaces (a number, a path, an id), `{*}` anything, kept
//! as it is (text the user wrote). The Japanese template names them `{1}`, `{2}`, ... in the
//! order the English gives them.

use crate::report::model::{Report, Status, Verdict};
use std::collections::BTreeMap;

/// The language of the human-readable texts.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English: the report as the core writes it.
    #[default]
    En,
    /// Japanese: messages, remediation texts, notes and the writers' words.
    Ja,
}

impl Lang {
    pub fn parse(name: &str) -> Option<Lang> {
        match name {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &["en", "ja"];

    /// The language a POSIX locale asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`, the
    /// first that is set and not empty (`ja`, `ja_JP.UTF-8` select Japanese; anything else,
    /// `C` included, English). The shells pass the environment's values; the core reads none.
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match chosen {
            Some(v)
                if v == "ja"
                    || v.starts_with("ja_")
                    || v.starts_with("ja.")
                    || v.starts_with("ja-") =>
            {
                Lang::Ja
            }
            _ => Lang::En,
        }
    }
}

/// The Japanese texts, as data beside the policies: `policies/i18n/ja.json` holds the
/// policies' own texts by control id and every English template the core writes with its
/// Japanese. Tried in the file's order: whole sentences first, the joints (`{}; {}`, `{}. {}`,
/// `{}, {}`) last, so a joint splits only what no sentence covers.
const JA: &str = include_str!("../policies/i18n/ja.json");

/// A language's file (`policies/i18n/LANG.json`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub lang: Lang,
    /// What the file is, for people who edit it.
    pub about: String,
    /// The policies' own texts, by control id.
    pub policies: BTreeMap<String, PolicyTexts>,
    /// English template, translated template.
    pub messages: Vec<Message>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTexts {
    pub title: String,
    pub description: String,
    pub rationale: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub en: String,
    pub ja: String,
}

/// The Japanese texts, read once. A file that does not read (which `tests/i18n.rs` would
/// catch first) leaves every text in English rather than stopping a report.
pub fn japanese() -> Result<&'static Texts, String> {
    static TEXTS: std::sync::OnceLock<Result<Texts, String>> = std::sync::OnceLock::new();
    TEXTS
        .get_or_init(|| serde_json::from_str(JA).map_err(|e| format!("policies/i18n/ja.json: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// One piece of an English template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Lit(&'t str),
    /// Translated in turn.
    Text,
    /// A backquoted span's content.
    Code,
    /// One word.
    Word,
    /// Anything, kept.
    Any,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let hole = [
            ("{}", Piece::Text),
            ("{b}", Piece::Code),
            ("{v}", Piece::Word),
            ("{*}", Piece::Any),
        ]
        .into_iter()
        .filter_map(|(h, p)| rest.find(h).map(|i| (i, h.len(), p)))
        .min_by_key(|(i, _, _)| *i);
        match hole {
            Some((i, len, p)) => {
                if let Some(lit) = rest.get(..i).filter(|l| !l.is_empty()) {
                    out.push(Piece::Lit(lit));
                }
                out.push(p);
                rest = rest.get(i + len..).unwrap_or_default();
            }
            None => {
                out.push(Piece::Lit(rest));
                rest = "";
            }
        }
    }
    out
}

/// Translates report texts, remembering what it has translated (reports repeat the same
/// sentences across thousands of findings).
pub struct Translator {
    /// Shared, so that matching (which fills `memo`) can walk it without copying it.
    templates: std::rc::Rc<[(Vec<Piece<'static>>, &'static str)]>,
    memo: BTreeMap<String, Option<String>>,
}

impl Default for Translator {
    fn default() -> Self {
        Translator::new()
    }
}

/// How deep joints may nest: far beyond any message the core writes, and a bound on the work.
const MAX_DEPTH: usize = 12;

impl Translator {
    pub fn new() -> Translator {
        Translator {
            templates: japanese()
                .map(|t| t.messages.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|m| (pieces(&m.en), m.ja.as_str()))
                .collect::<Vec<_>>()
                .into(),
            memo: BTreeMap::new(),
        }
    }

    /// The Japanese of `text`, or `None` when the catalogue does not cover it.
    pub fn translate(&mut self, text: &str) -> Option<String> {
        self.at_depth(text, 0)
    }

    /// `text` in Japanese, or as it is when the catalogue does not cover it (text the user
    /// wrote, or a message newer than the catalogue: English is better than nothing).
    pub fn or_keep(&mut self, text: &str) -> String {
        self.translate(text).unwrap_or_else(|| text.to_owned())
    }

    fn at_depth(&mut self, text: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH || text.is_empty() {
            return None;
        }
        if let Some(hit) = self.memo.get(text) {
            return hit.clone();
        }
        let mut found = None;
        let templates = std::rc::Rc::clone(&self.templates);
        for (pieces, ja) in templates.iter() {
            let mut holes = Vec::new();
            if self.matches(pieces, text, depth, &mut holes) {
                found = Some(fill(ja, &holes));
                break;
            }
        }
        self.memo.insert(text.to_owned(), found.clone());
        found
    }

    /// Whether `text` is `pieces`, with the holes' values (translated where they are text)
    /// pushed onto `holes`.
    fn matches(
        &mut self,
        pieces: &[Piece<'_>],
        text: &str,
        depth: usize,
        holes: &mut Vec<String>,
    ) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return text.is_empty();
        };
        match first {
            Piece::Lit(l) => text
                .strip_prefix(l)
                .is_some_and(|t| self.matches(rest, t, depth, holes)),
            hole => {
                // Where the hole may end: before each occurrence of the next literal, or at the
                // end when the template ends.
                let ends: Vec<usize> = match rest.first() {
                    None => vec![text.len()],
                    Some(Piece::Lit(next)) => text.match_indices(next).map(|(i, _)| i).collect(),
                    // Two holes in a row are not in the catalogue.
                    Some(_) => Vec::new(),
                };
                for end in ends {
                    let (Some(value), Some(after)) = (text.get(..end), text.get(end..)) else {
                        continue;
                    };
                    // A backquoted span ends at the first backquote: no later end can do.
                    if *hole == Piece::Code && value.contains('`') {
                        break;
                    }
                    let ok = match hole {
                        Piece::Code => true,
                        Piece::Word => !value.is_empty() && !value.contains(char::is_whitespace),
                        _ => !value.is_empty(),
                    };
                    if !ok {
                        continue;
                    }
                    let filled = if *hole == Piece::Text {
                        match self.at_depth(value, depth + 1) {
                            Some(t) => t,
                            None => continue,
                        }
                    } else {
                        value.to_owned()
                    };
                    let mark = holes.len();
                    holes.push(filled);
                    if self.matches(rest, after, depth, holes) {
                        return true;
                    }
                    holes.truncate(mark);
                }
                false
            }
        }
    }

    /// The report with its texts in Japanese: finding messages, remediation summaries, notes
    /// and reasons, and report notes. What the user wrote (suppression reasons), codes,
    /// addresses and fixes stay as they are.
    pub fn report(&mut self, report: &Report) -> Report {
        let mut r = report.clone();
        for f in &mut r.findings {
            f.message = self.or_keep(&f.message);
            if let Some(rem) = f.remediation.as_mut() {
                rem.summary = self.or_keep(&rem.summary);
                for n in &mut rem.notes {
                    *n = self.or_keep(n);
                }
                for p in rem.terraform.iter_mut().chain(rem.alternatives.iter_mut()) {
                    p.reason = self.or_keep(&p.reason);
                }
            }
        }
        for n in &mut r.notes {
            n.message = self.or_keep(&n.message);
        }
        r
    }
}

/// `ja` with `{1}`, `{2}`, ... replaced by the holes' values.
fn fill(ja: &str, holes: &[String]) -> String {
    let mut out = String::with_capacity(ja.len() + holes.iter().map(String::len).sum::<usize>());
    let mut rest = ja;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find('}');
        let n = close
            .and_then(|c| after.get(..c))
            .and_then(|d| d.parse::<usize>().ok());
        match (n, close) {
            (Some(n), Some(c)) => {
                out.push_str(
                    n.checked_sub(1)
                        .and_then(|i| holes.get(i))
                        .map(String::as_str)
                        .unwrap_or_default(),
                );
                rest = after.get(c + 1..).unwrap_or_default();
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The report as `lang` reads it: itself for English.
pub fn localize(report: &Report, lang: Lang) -> std::borrow::Cow<'_, Report> {
    match lang {
        Lang::En => std::borrow::Cow::Borrowed(report),
        Lang::Ja => std::borrow::Cow::Owned(Translator::new().report(report)),
    }
}

/// A policy's title and description as `lang` reads them (SARIF rules print them). Security
/// Hub's own Japanese titles where AWS publishes them.
pub fn policy_title<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    japanese()
        .ok()
        .and_then(|t| t.policies.get(id))
        .map_or(english, |p| p.title.as_str())
}

pub fn policy_description<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    japanese()
        .ok()
        .and_then(|t| t.policies.get(id))
        .map_or(english, |p| p.description.as_str())
}

pub fn policy_rationale<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    japanese()
        .ok()
        .and_then(|t| t.policies.get(id))
        .map_or(english, |p| p.rationale.as_str())
}

/// The fixed words of the writers.
pub struct Words {
    pub resource: &'static str,
    pub control: &'static str,
    pub layer: &'static str,
    pub reason_heading: &'static str,
    pub at: &'static str,
    pub fix_in: &'static str,
    pub fix: &'static str,
    pub note: &'static str,
    pub reason: &'static str,
    pub suppressed_heading: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            resource: "RESOURCE",
            control: "CONTROL",
            layer: "LAYER",
            reason_heading: "REASON",
            at: "at",
            fix_in: "fix in",
            fix: "fix:",
            note: "note:",
            reason: "reason:",
            suppressed_heading: "SUPPRESSED",
        },
        Lang::Ja => &Words {
            resource: "リソース",
            control: "コントロール",
            layer: "レイヤー",
            reason_heading: "理由",
            at: "場所",
            fix_in: "修正箇所",
            fix: "修正:",
            note: "注:",
            reason: "理由:",
            suppressed_heading: "抑制",
        },
    }
}

/// A status as a heading or a word in running text.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, Status::Fail) => "fail",
        (Lang::En, Status::Unknown) => "unknown",
        (Lang::En, Status::Pass) => "pass",
        (Lang::Ja, Status::Fail) => "失敗",
        (Lang::Ja, Status::Unknown) => "不明",
        (Lang::Ja, Status::Pass) => "成功",
    }
}

/// A status as the text table's heading of its rows.
pub fn status_heading(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, Status::Fail) => "FAIL",
        (Lang::En, Status::Unknown) => "UNKNOWN",
        (Lang::En, Status::Pass) => "PASS",
        (Lang::Ja, s) => status_word(s, Lang::Ja),
    }
}

pub fn verdict_word(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Pass => status_word(Status::Pass, lang),
        Verdict::Fail => status_word(Status::Fail, lang),
    }
}

/// `N fail, N unknown, N pass[, N suppressed]`: the counts of the summary lines.
pub fn counts(s: &crate::report::model::Summary, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut out = format!("{} fail, {} unknown, {} pass", s.fail, s.unknown, s.pass);
            if s.suppressed > 0 {
                out.push_str(&format!(", {} suppressed", s.suppressed));
            }
            out
        }
        Lang::Ja => {
            let mut out = format!("失敗 {}、不明 {}、成功 {}", s.fail, s.unknown, s.pass);
            if s.suppressed > 0 {
                out.push_str(&format!("、抑制 {}", s.suppressed));
            }
            out
        }
    }
}

/// `N subject(s)`.
pub fn subjects(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} subject{}", if n == 1 { "" } else { "s" }),
        Lang::Ja => format!("対象 {n} 件"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn nested_holes_are_translated_and_code_is_kept() {
        let mut t = Translator::new();
        assert_eq!(
            t.translate("IMDSv1 is reachable: nothing sets `http_tokens` (unset in the resource, launch template `aws_launch_template.app`), so EC2's default `optional` applies").unwrap(),
            "IMDSv1 が使える状態です: `http_tokens` を設定しているものがありません（未設定: リソース、起動テンプレート `aws_launch_template.app`）。そのため EC2 のデフォルト `optional` が適用されます"
        );
        assert_eq!(t.translate("nothing here is in the catalogue"), None);
        // A backquoted hole never spans a backquote.
        assert_eq!(t.translate("`a` sets `b` `c`"), None);
    }

    /// Texts no test input reaches, written out as the core writes them.
    #[test]
    fn texts_beyond_the_test_inputs_are_covered() {
        let mut t = Translator::new();
        for en in [
            "cannot tell whether IMDSv2 is required: `module.app` (a `source` that is not a literal string) nests modules 24 deep, which this tool takes for a cycle; check a plan instead",
            "cannot tell from the source alone whether IMDSv2 is required: `module.me` (source `./`) calls `.`, a directory that is already calling it: a cycle of modules, which Terraform cannot load",
            "cannot tell from the source alone whether IMDSv2 is required: `module.a.module.b` (source `./m2`) would take the configuration past 100000 module and resource instances, more than this tool expands from source: check a plan (`terraform show -json`)",
            "cannot tell from the source alone whether IMDSv2 is required: `aws_instance.x` cannot be known from source: `local.a` refers to itself through locals",
            "IMDSv1 is reachable: nothing sets `http_tokens`, so EC2's default `optional` applies. Note: the suppression at the ignore entry for `aws_instance.x` expires on 2026-01-01, but today's date is not known, so it does not apply",
            "cannot tell the hop limit of `aws_launch_configuration.lc`: `metadata_options.0.http_put_response_hop_limit` is a string, not a whole number",
            "1 block of the input was not found in the source given with `--source`, so its findings point at the input file: aws_instance.web",
            "the account enforces IMDSv2 in this region (`HttpTokensEnforced` (managed by `aws_ec2_instance_metadata_defaults.this`)): a launch that asks for IMDSv1 fails, so these launches fail rather than start with IMDSv1 until the setting is fixed",
        ] {
            let ja = t.translate(en);
            assert!(ja.is_some(), "{en}");
        }
    }

    #[test]
    fn locale_order_is_posix() {
        assert_eq!(
            Lang::from_locale(Some("C"), Some("ja_JP.UTF-8"), None),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(Some(""), Some("ja_JP.UTF-8"), None),
            Lang::Ja
        );
        assert_eq!(Lang::from_locale(None, None, Some("ja")), Lang::Ja);
        assert_eq!(Lang::from_locale(None, None, Some("jav_ID")), Lang::En);
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
    }

    #[test]
    fn fill_takes_holes_in_any_order() {
        assert_eq!(
            fill("{2} の {1}", &["a".to_owned(), "b".to_owned()]),
            "b の a"
        );
    }
}
