//! `fix`: edits to `.tf` files that make EC2.8 pass, and nothing else.
//!
//! Each failing or unknown (and not suppressed) finding names, in its remediation, the
//! resource that decides: the launch template an instance inherits from, or the instance.
//! The edit goes there: `http_tokens = "required"` added to (or set in) its
//! `metadata_options`, or a new block with `http_endpoint = "enabled"` and the hop limit the
//! remediation chose (1, or 2 where containers need it; never below what is in effect).
//! Every byte outside the edited block stays as it was: edits are byte splices at positions
//! hcl-edit reports, written with the file's own indentation and line endings.
//!
//! A value that comes from a variable is not overwritten: when the variable's literal default
//! is used nowhere else the default is changed, otherwise the step is left to the user
//! ([`ManualStep`]). Running the fix on its own output changes nothing.

use crate::address::without_last_key;
use crate::error::{Error, ErrorCode};
use crate::inventory::{Inventory, Val};
use crate::options::Options;
use crate::read::source::text::{first_on_line, indent_at, line_start, newline, next_line_start};
use crate::read::source::{self, AttrSite, MetaSite, Module, Site};
use crate::report::model::{Finding, SourceLocation, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// What `fix_sources` returns: the files it changes, their diffs, and what it left to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixResult {
    /// Only files with something to change, by name.
    pub files: Vec<FixedFile>,
    /// The unified diffs of every changed file, one after the other (empty: nothing to fix).
    pub diff: String,
    /// Changes the fix would not make by itself.
    pub manual: Vec<ManualStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixedFile {
    pub file: String,
    /// The whole new content.
    pub content: String,
    /// Unified diff, three lines of context: `--- a/FILE` / `+++ b/FILE` for a relative
    /// name, the name itself for an absolute one.
    pub diff: String,
    pub edits: Vec<Edit>,
}

/// One splice of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Edit {
    /// The resource (or `var.NAME`, `local.NAME`) whose block the edit is in.
    pub target: String,
    /// What the edit does, in words.
    pub description: String,
    pub location: SourceLocation,
    /// Byte offsets in the original file; `start == end` inserts.
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ManualStep {
    /// The resource, variable or local to change.
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    pub message: String,
}

/// What to do at one target, gathered from every finding that points there.
struct Want {
    endpoint: String,
    hop: i64,
    subjects: Vec<String>,
    /// `subject: message` of each finding, for steps that must say why.
    why: Vec<String>,
    /// EC2.170 judges the template's default version: the fixed version must become it.
    default_version: bool,
}

struct Planner<'a> {
    files: &'a BTreeMap<String, String>,
    edits: BTreeMap<String, Vec<Edit>>,
    manual: Vec<ManualStep>,
    /// Subjects a manual step already speaks for.
    covered: BTreeSet<String>,
    /// Each file's line index, built once: rebuilding it per edit made `fix` quadratic in the
    /// edits of a file (40,000 resources in one file took minutes).
    lines: BTreeMap<String, source::text::Lines>,
    /// Resource places by address, per module (by its directory), built once.
    places: BTreeMap<String, BTreeMap<String, SourceLocation>>,
}

/// The file's text as the reader saw it (without a byte order mark), and the mark.
fn body_of(text: &str) -> (&str, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    }
}

/// The directory the reader groups a file under.
fn dir_of(name: &str) -> &str {
    source::split_dir(name).0
}

/// Fixes the sources: `files` maps file names to contents, as for `evaluate_sources`.
pub fn fix_sources(
    files: &BTreeMap<String, String>,
    options: &Options,
) -> Result<FixResult, Error> {
    crate::limits::check(crate::sources_size(files), options)?;
    let modules = source::read(files)?;
    let inventories: Vec<&Inventory> = modules.iter().map(|m| &m.inventory).collect();
    // The fix is planned on the report as the core writes it; the language is applied to the
    // steps and descriptions at the end.
    let lang = options.lang.unwrap_or_default();
    let english = Options {
        lang: None,
        ..options.clone()
    };
    let options = &english;
    let report = crate::report_of(&inventories, options)?;
    let mut planner = Planner {
        files,
        edits: BTreeMap::new(),
        manual: Vec::new(),
        covered: BTreeSet::new(),
        lines: BTreeMap::new(),
        places: BTreeMap::new(),
    };

    let mut wants: BTreeMap<(usize, String), Want> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass && f.suppression.is_none())
    {
        let module = f
            .location
            .as_ref()
            .and_then(|l| modules.iter().position(|m| m.dir == dir_of(&l.file)));
        let patch = f.remediation.as_ref().and_then(|r| r.terraform.as_ref());
        let (Some(m), Some(patch)) = (module, patch) else {
            planner.manual_for(
                f,
                None,
                format!(
                    "`{}` has no fix this tool can write: {}",
                    f.resource.name(),
                    f.message
                ),
            );
            continue;
        };
        let mo = patch
            .merge_patch
            .get("metadata_options")
            .and_then(|v| v.get(0));
        let endpoint = mo
            .and_then(|v| v.get("http_endpoint"))
            .and_then(|v| v.as_str())
            .unwrap_or("enabled")
            .to_owned();
        let hop = mo
            .and_then(|v| v.get("http_put_response_hop_limit"))
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(1);
        let target = modules.get(m).map_or_else(
            || patch.target.clone(),
            |module| site_key(module, &patch.target),
        );
        if target.starts_with("module.") {
            // Inside a called module: its block serves every caller, so the change belongs in
            // the call (or in the module, knowingly).
            let at = f
                .location
                .as_ref()
                .map(|l| format!(" (its block is at {}:{})", l.file, l.line))
                .unwrap_or_default();
            let call = crate::address::parse_address(&patch.target)
                .map(|a| a.module)
                .unwrap_or_default();
            planner.manual_for(
                f,
                Some(&patch.target),
                format!(
                    "`{}` is made by module `{call}`{at}: pass `http_tokens = \"required\"` to it in the call (for terraform-aws-modules: `metadata_options = {{ http_tokens = \"required\" }}`), or change the module for all its callers",
                    patch.target
                ),
            );
            continue;
        }
        let w = wants.entry((m, target)).or_insert(Want {
            endpoint,
            hop,
            subjects: Vec::new(),
            why: Vec::new(),
            default_version: false,
        });
        w.default_version |= f.control == "EC2.170";
        w.hop = w.hop.max(hop);
        w.subjects.push(f.resource.name().to_owned());
        w.why
            .push(format!("`{}`: {}", f.resource.name(), f.message));
    }
    for ((m, target), want) in &wants {
        let Some(module) = modules.get(*m) else {
            continue;
        };
        planner.target(module, target, want);
    }

    let mut out = FixResult {
        files: Vec::new(),
        diff: String::new(),
        manual: Vec::new(),
    };
    let mut fixed_files = files.clone();
    for (name, mut edits) in std::mem::take(&mut planner.edits) {
        let Some(original) = files.get(&name) else {
            continue;
        };
        let (bom, text) = body_of(original);
        edits.sort_by_key(|e| (e.start, e.end));
        let mut content = String::with_capacity(text.len() + 256);
        let mut at = 0;
        for e in &edits {
            let (Some(keep), true) = (text.get(at..e.start), e.start >= at) else {
                return Err(internal(&name, "two edits overlap"));
            };
            content.push_str(keep);
            content.push_str(&e.replacement);
            at = e.end;
        }
        content.push_str(text.get(at..).unwrap_or_default());
        if content == text {
            continue;
        }
        let content = format!("{bom}{content}");
        let diff = unified_diff(&name, original, &content);
        out.diff.push_str(&diff);
        fixed_files.insert(name.clone(), content.clone());
        out.files.push(FixedFile {
            file: name,
            content,
            diff,
            edits,
        });
    }

    // What the fix leaves failing or unknown (and no step speaks for yet) is a manual step.
    let after = crate::evaluate_sources(&fixed_files, options).map_err(|e| {
        internal(
            "the fixed files",
            &format!("they no longer read: {}", e.message),
        )
    })?;
    for f in after
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass && f.suppression.is_none())
    {
        let name = f.resource.name().to_owned();
        if planner.covered.contains(&name) {
            continue;
        }
        let what = if f.status == Status::Fail {
            "still fails"
        } else {
            "is still unknown"
        };
        planner.manual_for(
            f,
            None,
            format!("`{name}` {what} after this fix: {}", f.message),
        );
    }
    out.manual = planner.manual;
    if lang == crate::i18n::Lang::Ja {
        let mut t = crate::i18n::Translator::new();
        for m in &mut out.manual {
            m.message = t.or_keep(&m.message);
        }
        for e in out.files.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            e.description = t.or_keep(&e.description);
        }
    }
    Ok(out)
}

/// What `fix` prints on standard error, in `lang`: the files written (`write`), each step
/// left to do by hand at its place, and the files `--check` found to change (`check`). Both
/// CLIs print this text.
pub fn messages(result: &FixResult, write: bool, check: bool, lang: crate::i18n::Lang) -> String {
    use std::fmt::Write as _;
    let ja = lang == crate::i18n::Lang::Ja;
    let names: Vec<&str> = result.files.iter().map(|r| r.file.as_str()).collect();
    let names = names.join(", ");
    let mut out = String::new();
    if write && !result.files.is_empty() {
        let _ = writeln!(out, "{}: {names}", if ja { "修正済み" } else { "fixed" });
    }
    for m in &result.manual {
        let at = m
            .location
            .as_ref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default();
        let _ = if ja {
            writeln!(out, "{at}`{}` の手作業での対応: {}", m.target, m.message)
        } else {
            writeln!(out, "{at}manual step for `{}`: {}", m.target, m.message)
        };
    }
    if check && !result.files.is_empty() {
        let _ = writeln!(
            out,
            "{}: {names}",
            if ja { "修正が必要" } else { "would fix" }
        );
    }
    out
}

fn internal(file: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidHcl,
        format!("cannot fix `{file}`: {what}"),
    )
    .with_help("this is a bug in imdsv2-policy; please report it with the file")
}

/// A unified diff with three lines of context. Relative names get git's `a/` and `b/`
/// prefixes (`git apply`, `patch -p1`); absolute names stay as they are (`patch -p0`).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let name = name.replace('\\', "/");
    let name = name.trim_start_matches("./");
    let (a, b) = if name.starts_with('/') {
        (name.to_owned(), name.to_owned())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    crate::diff::unified(&a, &b, old, new, 3)
}

impl Planner<'_> {
    fn manual_for(&mut self, f: &Finding, target: Option<&str>, message: String) {
        self.covered.insert(f.resource.name().to_owned());
        self.manual.push(ManualStep {
            target: target.unwrap_or(f.resource.name()).to_owned(),
            location: f.location.clone(),
            message,
        });
    }

    fn step(
        &mut self,
        want: &Want,
        target: &str,
        location: Option<SourceLocation>,
        message: String,
    ) {
        self.covered.extend(want.subjects.iter().cloned());
        self.manual.push(ManualStep {
            target: target.to_owned(),
            location,
            message,
        });
    }

    fn text(&self, file: &str) -> &str {
        self.files.get(file).map_or("", |t| body_of(t).1)
    }

    fn push(
        &mut self,
        file: &str,
        target: &str,
        description: String,
        range: Range<usize>,
        replacement: String,
    ) {
        let text = self.files.get(file).map_or("", |t| body_of(t).1);
        let lines = self
            .lines
            .entry(file.to_owned())
            .or_insert_with(|| source::text::Lines::new(text));
        let (line, column) = lines.position(text, range.start);
        self.edits.entry(file.to_owned()).or_default().push(Edit {
            target: target.to_owned(),
            description,
            location: SourceLocation {
                file: file.to_owned(),
                line,
                column,
                path: None,
            },
            start: range.start,
            end: range.end,
            replacement,
        });
    }

    fn location(&mut self, module: &Module, target: &str) -> Option<SourceLocation> {
        self.places
            .entry(module.dir.clone())
            .or_insert_with(|| locations(module))
            .get(target)
            .cloned()
    }

    fn target(&mut self, module: &Module, target: &str, want: &Want) {
        if let Some(site) = module
            .sites
            .get(target)
            .filter(|s| source::is_tf_json(&s.file))
        {
            let location = self.location(module, target);
            let message = format!(
                "set `\"http_tokens\": \"required\"` in the `metadata_options` of `{target}` in `{}` (`.tf.json` files are not edited; for CDK for Terraform, set it in the construct and synthesize again)",
                site.file
            );
            self.step(want, target, location, message);
            return;
        }
        let Some(site) = module.sites.get(target) else {
            let message = format!(
                "set `http_tokens = \"required\"` in the `metadata_options` of `{target}`, which is not in these files",
            );
            self.step(want, target, None, message);
            return;
        };
        let location = self.location(module, target);
        if site.empty_dynamic {
            self.step(
                want,
                target,
                location,
                format!("`{target}` has a `dynamic \"metadata_options\"` block without `content`: give it a `content` block with `http_tokens = \"required\"`, or replace it with a `metadata_options` block"),
            );
            return;
        }
        let before = self.edits.values().map(Vec::len).sum::<usize>();
        let default = match default_version(module, target) {
            None if want.default_version && template_needs_default(module, target) => {
                Some(Ok(Vec::new()))
            }
            d => d,
        };
        match &site.metadata {
            None => {
                let udv = matches!(default, Some(Ok(_)));
                self.new_block(site, target, want, location.clone(), udv);
            }
            Some(meta) => match meta.attrs.iter().find(|a| a.key == "http_tokens") {
                None => self.add_tokens(site, meta, target, want, location.clone()),
                Some(a) => self.set_tokens(module, site, a, target, want, location.clone()),
            },
        }
        // A changed template gets a new version; subjects on `$Default` launch it only once it
        // is the default.
        if self.edits.values().map(Vec::len).sum::<usize>() == before {
            return;
        }
        match default {
            Some(Ok(users)) if site.metadata.is_some() => {
                self.add_update_default(site, target, &users, want, location)
            }
            Some(Err(message)) => self.step(want, target, location, message),
            _ => {}
        }
    }

    /// `update_default_version = true` at the end of a launch template's body.
    fn add_update_default(
        &mut self,
        site: &Site,
        target: &str,
        users: &[String],
        want: &Want,
        location: Option<SourceLocation>,
    ) {
        let file = site.file.clone();
        let text = self.text(&file).to_owned();
        let nl = newline(&text);
        let body_indent = body_indent(&text, site);
        let description = format!(
            "make the new version of `{target}` its default (`update_default_version = true`) for {} to launch it",
            names(users)
        );
        if !first_on_line(&text, site.close) {
            self.step(
                want,
                target,
                location,
                format!("add `update_default_version = true` to `{target}` for {} to launch the fixed version", names(users)),
            );
            return;
        }
        let at = line_start(&text, site.close);
        let prev = text
            .get(line_start(&text, at.saturating_sub(1))..at)
            .unwrap_or_default();
        let blank = site.first_item.is_some() && !prev.trim().is_empty();
        let replacement = format!(
            "{}{body_indent}update_default_version = true{nl}",
            if blank { nl } else { "" }
        );
        self.push(&file, target, description, at..at, replacement);
    }

    /// `http_tokens` is set to something other than `"required"`.
    fn set_tokens(
        &mut self,
        module: &Module,
        site: &Site,
        a: &AttrSite,
        target: &str,
        want: &Want,
        location: Option<SourceLocation>,
    ) {
        let file = site.file.clone();
        match (&a.literal, &a.named) {
            (Some(v), _) if v == "required" => {
                // Already required here, yet the finding stands: something else decides.
                self.step(
                    want,
                    target,
                    location,
                    format!("`{target}` already sets `http_tokens = \"required\"`, yet {}", want.why.join("; ")),
                );
            }
            (Some(v), _) => {
                let description = format!("set `http_tokens` of `{target}` from `\"{v}\"` to `\"required\"`");
                self.push(&file, target, description, a.value.clone(), "\"required\"".to_owned());
            }
            (None, Some((kind, name))) => self.named(module, &format!("{kind}.{name}"), a, target, want, location),
            (None, None) => self.step(
                want,
                target,
                location,
                format!(
                    "`http_tokens` of `{target}` is set by `{}`; make it evaluate to `\"required\"`, or write `http_tokens = \"required\"`",
                    a.shown
                ),
            ),
        }
    }

    /// `http_tokens = var.x` or `local.x`: change the literal default where nothing else
    /// reads it, else leave it to the user.
    fn named(
        &mut self,
        module: &Module,
        key: &str,
        a: &AttrSite,
        target: &str,
        want: &Want,
        location: Option<SourceLocation>,
    ) {
        let Some(n) = module.named.get(key) else {
            self.step(want, target, location, format!("`http_tokens` of `{target}` is set from `{key}`, which these files do not define"));
            return;
        };
        let at = Some(n.location.clone());
        let here = format!("{}:{}", n.location.file, n.location.line);
        if let Some(tfvars) = &n.tfvars {
            self.step(
                want,
                key,
                at,
                format!("`http_tokens` of `{target}` is set from `{key}`, whose value comes from {tfvars}: set it to `\"required\"` there"),
            );
            return;
        }
        let uses = module.uses.get(key).copied().unwrap_or(0);
        let token_uses = module
            .sites
            .values()
            .filter_map(|s| s.metadata.as_ref())
            .flat_map(|m| m.attrs.iter())
            .filter(|x| {
                x.key == "http_tokens"
                    && x.named
                        .as_ref()
                        .is_some_and(|(k, v)| format!("{k}.{v}") == key)
            })
            .count();
        match (&n.value, &n.literal) {
            (Some(range), Some(v)) if v != "required" && uses == token_uses => {
                let file = n.file.clone();
                // Read by several resources, the one edit serves them all: it is made once.
                if self
                    .edits
                    .get(&file)
                    .is_some_and(|edits| edits.iter().any(|e| (e.start, e.end) == (range.start, range.end)))
                {
                    return;
                }
                let by = if token_uses == 1 {
                    format!("`{target}`")
                } else {
                    format!("{token_uses} resources")
                };
                let what = if key.starts_with("var.") { "the default of" } else { "" };
                let description = format!(
                    "set {what}{}`{key}` (read only as `http_tokens`, by {by}) from `\"{v}\"` to `\"required\"`",
                    if what.is_empty() { "" } else { " " }
                );
                self.push(&file, key, description, range.clone(), "\"required\"".to_owned());
                let _ = a;
            }
            (None, _) => self.step(
                want,
                key,
                at,
                format!(
                    "`http_tokens` of `{target}` is set from `{key}`, which has no default ({here}): give it the value `\"required\"` (in a `.tfvars` file, with `-var`, or in the module call)"
                ),
            ),
            _ => self.step(
                want,
                key,
                at,
                format!(
                    "`http_tokens` of `{target}` is set from `{key}` ({here}), which is also read elsewhere: set it to `\"required\"` if every use allows it, or write `http_tokens = \"required\"` in `{target}`"
                ),
            ),
        }
    }

    /// Adds `http_tokens = "required"` to an existing block, as its first argument, aligned
    /// with the arguments it joins.
    fn add_tokens(
        &mut self,
        site: &Site,
        meta: &MetaSite,
        target: &str,
        want: &Want,
        location: Option<SourceLocation>,
    ) {
        let file = site.file.clone();
        let text = self.text(&file).to_owned();
        let nl = newline(&text);
        let block_indent = indent_at(&text, meta.block.start).to_owned();
        let unit = unit_of(&text, site);
        let indent = meta
            .attrs
            .iter()
            .find(|a| first_on_line(&text, a.span.start))
            .map_or_else(
                || format!("{block_indent}{unit}"),
                |a| indent_at(&text, a.span.start).to_owned(),
            );
        let which = if meta.dynamic {
            "the `content` of `dynamic \"metadata_options\"`"
        } else {
            "`metadata_options`"
        };
        let description = format!("add `http_tokens = \"required\"` to {which} of `{target}`");
        let inside = text.get(meta.open + 1..meta.close).unwrap_or_default();
        if inside.trim().is_empty() && !inside.contains('\n') {
            // `metadata_options {}`
            let replacement = format!("{nl}{indent}http_tokens = \"required\"{nl}{block_indent}");
            self.push(
                &file,
                target,
                description,
                meta.open + 1..meta.close,
                replacement,
            );
            return;
        }
        let at = next_line_start(&text, meta.open);
        let rest_of_open_line = text.get(meta.open + 1..at).unwrap_or_default().trim();
        let open_line_clean = rest_of_open_line.is_empty()
            || rest_of_open_line.starts_with('#')
            || rest_of_open_line.starts_with("//");
        if at > line_start(&text, meta.close) || !open_line_clean {
            self.step(
                want,
                target,
                location,
                format!("add `http_tokens = \"required\"` to {which} of `{target}` (it is written on one line, which this tool does not rewrite)"),
            );
            return;
        }
        // The arguments on the lines right below, which `terraform fmt` aligns with ours.
        let mut group: Vec<(&AttrSite, usize)> = Vec::new();
        let mut line = at;
        loop {
            let found = meta.attrs.iter().find(|a| {
                line_start(&text, a.span.start) == line
                    && first_on_line(&text, a.span.start)
                    && !text.get(a.span.clone()).unwrap_or_default().contains('\n')
            });
            let Some(a) = found else { break };
            let Some(eq) = text
                .get(a.key_span.end..a.value.start)
                .and_then(|s| s.find('='))
                .map(|i| a.key_span.end + i)
            else {
                break;
            };
            group.push((a, eq));
            line = next_line_start(&text, a.span.end);
        }
        let column = |off: usize| {
            text.get(line_start(&text, off)..off)
                .map_or(0, |s| s.chars().count())
        };
        let need = indent.chars().count() + "http_tokens".len() + 1;
        let cols: Vec<usize> = group.iter().map(|(_, eq)| column(*eq)).collect();
        let aligned = cols.windows(2).all(|w| w.first() == w.get(1));
        let pad_to = match cols.first() {
            Some(&c) if aligned => c.max(need),
            _ => need,
        };
        if aligned && cols.first().is_some_and(|&c| c < need) {
            // Ours is the longest name: move the others' `=` out to it, as `terraform fmt` would.
            for (a, eq) in &group {
                let width = pad_to.saturating_sub(column(a.key_span.end));
                let description = format!(
                    "align `{}` with the added `http_tokens` in `{target}`",
                    a.key
                );
                self.push(
                    &file,
                    target,
                    description,
                    a.key_span.end..*eq,
                    " ".repeat(width.max(1)),
                );
            }
        }
        let width = pad_to
            .saturating_sub(indent.chars().count() + "http_tokens".len())
            .max(1);
        let replacement = format!("{indent}http_tokens{}= \"required\"{nl}", " ".repeat(width));
        self.push(&file, target, description, at..at, replacement);
    }

    /// A new `metadata_options` block at the end of the resource's body (after
    /// `update_default_version = true` when `udv`).
    fn new_block(
        &mut self,
        site: &Site,
        target: &str,
        want: &Want,
        location: Option<SourceLocation>,
        udv: bool,
    ) {
        let file = site.file.clone();
        let text = self.text(&file).to_owned();
        let nl = newline(&text);
        let res_indent = indent_at(&text, site.block.start).to_owned();
        let unit = unit_of(&text, site);
        let body_indent = body_indent(&text, site);
        let inner = format!("{body_indent}{unit}");
        let hop = want.hop.to_string();
        let endpoint = format!("\"{}\"", want.endpoint);
        let rows = [
            ("http_endpoint", endpoint.as_str()),
            ("http_tokens", "\"required\""),
            ("http_put_response_hop_limit", hop.as_str()),
        ];
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut block = if udv {
            format!(
                "{body_indent}update_default_version = true{nl}{nl}{body_indent}metadata_options {{{nl}"
            )
        } else {
            format!("{body_indent}metadata_options {{{nl}")
        };
        for (k, v) in rows {
            block.push_str(&format!("{inner}{k:<width$} = {v}{nl}"));
        }
        block.push_str(&format!("{body_indent}}}{nl}"));
        let description = format!(
            "add `metadata_options` to `{target}` (http_tokens = \"required\", hop limit {}){}",
            want.hop,
            if udv {
                ", and `update_default_version = true`"
            } else {
                ""
            }
        );
        let close = site.close;
        if first_on_line(&text, close) {
            let at = line_start(&text, close);
            let prev = text
                .get(line_start(&text, at.saturating_sub(1))..at)
                .unwrap_or_default();
            let blank = site.first_item.is_some() && !prev.trim().is_empty();
            let replacement = format!("{}{block}", if blank { nl } else { "" });
            self.push(&file, target, description, at..at, replacement);
            return;
        }
        let inside = text.get(site.open + 1..close).unwrap_or_default();
        if inside.trim().is_empty() {
            // `resource "aws_instance" "x" {}`
            self.push(
                &file,
                target,
                description,
                site.open + 1..close,
                format!("{nl}{block}{res_indent}"),
            );
            return;
        }
        if inside.contains('\n') {
            // `  ami = "x" }`: end the last line, then the block, then the brace.
            let before = text.get(..close).unwrap_or_default();
            let from = before.trim_end_matches([' ', '\t']).len();
            self.push(
                &file,
                target,
                description,
                from..close,
                format!("{nl}{nl}{block}{res_indent}"),
            );
            return;
        }
        self.step(
            want,
            target,
            location,
            format!("add a `metadata_options` block with `http_tokens = \"required\"` to `{target}` (it is written on one line, which this tool does not rewrite)"),
        );
    }
}

/// The indentation of a resource's arguments: its first one's, else one level in.
fn body_indent(text: &str, site: &Site) -> String {
    let res_indent = indent_at(text, site.block.start);
    site.first_item
        .filter(|&o| first_on_line(text, o))
        .map_or_else(
            || format!("{res_indent}{}", unit_of(text, site)),
            |o| indent_at(text, o).to_owned(),
        )
}

/// A launch template whose fixed version would not become its default: it neither sets
/// `update_default_version` nor pins `default_version`.
fn template_needs_default(module: &Module, target: &str) -> bool {
    template_at(module, target)
        .is_some_and(|t| !t.update_default_version && t.default_version.is_absent())
}

/// The launch template written in the block `target` (an instance of it, or the block).
fn template_at<'m>(
    module: &'m Module,
    target: &str,
) -> Option<&'m crate::inventory::LaunchTemplate> {
    module.inventory.templates.iter().find(|t| {
        t.origin.address == target
            || (t.origin.address.starts_with(target)
                && without_last_key(&t.origin.address) == target)
    })
}

fn names(subjects: &[String]) -> String {
    if subjects.is_empty() {
        return "EC2.170, which judges the default version,".to_owned();
    }
    subjects
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a launch template's change must become its default version: `Some(Ok(users))`
/// when subjects launch `$Default` and nothing moves it, `Some(Err(step))` when the template
/// pins `default_version` (which `update_default_version` conflicts with).
fn default_version(module: &Module, target: &str) -> Option<Result<Vec<String>, String>> {
    let t = template_at(module, target)?;
    if t.update_default_version {
        return None;
    }
    let users: Vec<String> = module
        .inventory
        .subjects
        .iter()
        .filter(|s| {
            s.templates.iter().any(|u| {
                let this = u.link.references.iter().any(|r| r == target)
                    || (t.name.known().is_some() && u.link.name.known() == t.name.known());
                let default = match &u.version {
                    Val::Absent => true,
                    Val::Known(v) => v == "$Default",
                    Val::Unknown(_) => false,
                };
                this && default
            })
        })
        .map(|s| s.origin.address.clone())
        .collect();
    if users.is_empty() {
        return None;
    }
    if !t.default_version.is_absent() {
        return Some(Err(format!(
            "`{target}` sets `default_version`: once the fixed version exists, set `default_version` to its number for {} to launch it",
            names(&users)
        )));
    }
    Some(Ok(users))
}

/// One level of indentation in the file: from the resource's body, else two spaces.
fn unit_of<'t>(text: &'t str, site: &Site) -> &'t str {
    let res = indent_at(text, site.block.start);
    site.first_item
        .filter(|&o| first_on_line(text, o))
        .map(|o| indent_at(text, o))
        .and_then(|body| body.strip_prefix(res))
        .filter(|u| !u.is_empty())
        .unwrap_or("  ")
}

/// Every resource's place by its address and by its block's address, for one module.
fn locations(module: &Module) -> BTreeMap<String, SourceLocation> {
    let inv = &module.inventory;
    let mut out = BTreeMap::new();
    for o in inv
        .subjects
        .iter()
        .map(|s| &s.origin)
        .chain(inv.templates.iter().map(|t| &t.origin))
        .chain(inv.configurations.iter().map(|c| &c.origin))
    {
        if let Some(l) = &o.location {
            out.entry(o.address.clone())
                .or_insert_with(|| (**l).clone());
            out.entry(without_last_key(&o.address))
                .or_insert_with(|| (**l).clone());
        }
    }
    out
}

/// The block a resource instance is written in: `aws_instance.web[0]` and
/// `aws_instance.web["a"]` are both `aws_instance.web`, one edit for all.
fn site_key(module: &Module, address: &str) -> String {
    if module.sites.contains_key(address) {
        return address.to_owned();
    }
    let bare = without_last_key(address);
    if module.sites.contains_key(&bare) {
        bare
    } else {
        address.to_owned()
    }
}

/// Reads what `check` and `fix` take from disk: `.tf` files, or a directory's `.tf` files
/// with its `terraform.tfvars` and `*.auto.tfvars` (as Terraform loads them), by path. For a
/// directory, the directories its module calls read are loaded too: local paths
/// (`./modules/app`, `../../`), and what `terraform init` downloaded, as
/// `.terraform/modules/modules.json` lists it. Symbolic links are followed, as Terraform
/// follows them.
pub fn load_paths(paths: &[&str]) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    let mut queue: Vec<String> = Vec::new();
    for path in paths {
        let p = std::path::Path::new(path);
        if p.is_dir() {
            let dir = path.trim_end_matches(['/', '\\']);
            // As given (the report's file names are the user's), `.` as no directory.
            queue.push(if dir.is_empty() || dir == "." {
                String::new()
            } else {
                dir.to_owned()
            });
        } else {
            files.insert((*path).to_owned(), read_text(path)?);
        }
    }
    // The directories the user named must read; those module calls name are reported by the
    // reader (which names the call) when they are not there.
    let mut tried: BTreeSet<String> = BTreeSet::new();
    for dir in &queue {
        load_dir(dir, true, &mut files)?;
        tried.insert(dir.clone());
    }
    loop {
        let more = source::dirs_to_load(&files, &tried);
        if more.is_empty() {
            break;
        }
        for dir in more {
            load_dir(&dir, false, &mut files)?;
            tried.insert(dir);
        }
    }
    Ok(files)
}

/// A directory's `.tf` files, the variable files Terraform loads, and its module manifest.
fn load_dir(dir: &str, named: bool, files: &mut BTreeMap<String, String>) -> Result<(), Error> {
    let shown = if dir.is_empty() { "." } else { dir };
    let entries = match std::fs::read_dir(shown) {
        Ok(e) => e,
        Err(_) if !named => return Ok(()),
        Err(e) => return Err(io_error(shown, &e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        // `metadata` follows symbolic links, as Terraform does.
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            n.ends_with(".tf")
                || n.ends_with(".tf.json")
                || n == "terraform.tfvars"
                || n == "terraform.tfvars.json"
                || n.ends_with(".auto.tfvars")
                || n.ends_with(".auto.tfvars.json")
        })
        .collect();
    names.sort();
    let full_of = |n: &str| {
        if dir.is_empty() {
            n.to_owned()
        } else {
            format!("{dir}/{n}")
        }
    };
    for n in names {
        let full = full_of(&n);
        let text = read_text(&full)?;
        files.insert(full, text);
    }
    let manifest = full_of(".terraform/modules/modules.json");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        files.insert(manifest, text);
    }
    Ok(())
}

fn io_error(path: &str, e: &std::io::Error) -> Error {
    Error::io(format_args!("cannot read `{path}`"), e)
}

fn read_text(path: &str) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidEncoding,
            format!(
                "`{path}` is not valid utf-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Replaces a file's content atomically: a temporary file beside it, then a rename. Refuses
/// when the file no longer holds `expected` (it changed since it was read).
pub fn write_atomic(path: &str, expected: &str, content: &str) -> Result<(), Error> {
    write_all(&[(path, expected, content)])
}

/// Writes several fixed files as one change: every file is checked (unchanged since it was
/// read, writable) and staged as a temporary file beside it before any is replaced, so a
/// failure while checking or staging leaves every file as it was; only a rename failing after
/// that can leave some written, and the error then names which were and which were not. A
/// symbolic link is followed (as Terraform follows it): its target is written, the link kept.
/// Mode and owner are kept; line endings are the content's own (the fix keeps the file's).
pub fn write_all(files: &[(&str, &str, &str)]) -> Result<(), Error> {
    use std::io::Write;
    let mut staged: Vec<(String, std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    let cleanup = |staged: &[(String, std::path::PathBuf, std::path::PathBuf)]| {
        for (_, tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, expected, content) in files {
        let fail = |what: &str, e: &std::io::Error| {
            Error::io(format_args!("cannot write `{path}`: {what}"), e)
        };
        let result = (|| {
            let target = std::fs::canonicalize(path).map_err(|e| fail("cannot find it", &e))?;
            let now = std::fs::read(&target).map_err(|e| fail("cannot read it again", &e))?;
            if now != expected.as_bytes() {
                return Err(Error::new(
                    ErrorCode::Io,
                    format!("`{path}` changed while it was being fixed; it was not written"),
                )
                .with_help("run the fix again"));
            }
            let meta = std::fs::metadata(&target).map_err(|e| fail("cannot read its mode", &e))?;
            if meta.permissions().readonly() {
                return Err(Error::new(
                    ErrorCode::Io,
                    format!("`{path}` is read-only; it was not written"),
                )
                .with_help("make it writable (`chmod u+w`) to let `fix --write` change it, or apply the printed diff yourself"));
            }
            let dir = target.parent().map_or_else(
                || std::path::PathBuf::from("."),
                std::path::Path::to_path_buf,
            );
            let base = target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("file");
            let tmp = dir.join(format!(".{base}.imdsv2-policy-{}.tmp", std::process::id()));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .map_err(|e| fail("cannot create a temporary file beside it", &e))?;
            let written = f
                .write_all(content.as_bytes())
                .and_then(|()| f.sync_all())
                .and_then(|()| std::fs::set_permissions(&tmp, meta.permissions()));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(fail("cannot write a temporary file beside it", &e));
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Keeping the owner needs the right to give the file away; without it the file
                // stays the writer's, as an editor's save would leave it.
                let _ = std::os::unix::fs::chown(&tmp, Some(meta.uid()), Some(meta.gid()));
            }
            Ok((tmp, target))
        })();
        match result {
            Ok((tmp, target)) => staged.push(((*path).to_owned(), tmp, target)),
            Err(e) => {
                cleanup(&staged);
                return Err(e);
            }
        }
    }
    let mut done: Vec<&str> = Vec::new();
    for (n, (path, tmp, target)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, target) {
            cleanup(staged.get(n..).unwrap_or_default());
            let left: Vec<&str> = staged.iter().skip(n).map(|(p, _, _)| p.as_str()).collect();
            let written = if done.is_empty() {
                "no file was written".to_owned()
            } else {
                format!("written: `{}`", done.join("`, `"))
            };
            return Err(Error::io(
                format_args!(
                    "cannot write `{path}`: cannot rename the temporary file over it; {written}; not written: `{}`",
                    left.join("`, `")
                ),
                &e,
            ));
        }
        done.push(path);
    }
    Ok(())
}
