//! Terraform source (`.tf` files, with `.tfvars`) into the inventory, read with hcl-edit so
//! every resource keeps its `file:line:column` and the byte ranges a fix needs.
//!
//! Files are grouped by directory; each directory is one configuration (one module), as
//! Terraform reads it. What source alone can settle is settled (see [`eval`]): literals,
//! variables with a default or a `terraform.tfvars` / `*.auto.tfvars` value, locals built from
//! those, references between resources of the same configuration, and `dynamic
//! "metadata_options"` blocks whose `for_each` is known. Module calls are not expanded; the
//! report says so.
//!
//! A resource is judged once per `resource` block, under its configuration address
//! (`aws_instance.web`), whatever its `count` or `for_each` (a known `count = 0` or empty
//! `for_each` removes it).

pub mod eval;
pub mod text;
pub mod tfjson;
pub mod unclosed;

use crate::error::{Error, ErrorCode};
use crate::inventory::{
    AccountDefaults, Ami, Block, Inventory, LaunchConfiguration, LaunchTemplate, Lifecycle, Link,
    MetadataOptions, Origin, ProviderRef, Stray, Subject, SubjectKind, TemplateUse, Val,
};
use crate::report::model::{InputKind, Note, SourceLocation};
use crate::suppress;
use eval::{CallOutputs, Scope, Unknown, Value, Variable};
use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Body, Structure};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use text::Lines;

/// One directory's configuration, read.
#[derive(Debug, Clone)]
pub struct Module {
    /// The directory (`""` for files given without one).
    pub dir: String,
    pub inventory: Inventory,
    /// Where each judged or referenced resource is written, by address.
    pub sites: BTreeMap<String, Site>,
    /// Where each variable default and local is written (`var.x`, `local.y`).
    pub named: BTreeMap<String, NamedSite>,
    /// How often each `var.x` / `local.y` is referred to anywhere in the configuration.
    pub uses: BTreeMap<String, usize>,
}

/// A resource block in a file.
#[derive(Debug, Clone)]
pub struct Site {
    pub file: String,
    /// From `resource` to the closing `}`.
    pub block: Range<usize>,
    /// The offsets of its `{` and `}`.
    pub open: usize,
    pub close: usize,
    /// The start of the first argument or block in its body, if any.
    pub first_item: Option<usize>,
    pub metadata: Option<MetaSite>,
    /// A `dynamic "metadata_options"` block is there but has no `content`: a fix cannot add a
    /// block beside it (Terraform would read the dynamic one), so it is a manual step.
    pub empty_dynamic: bool,
}

/// A `metadata_options` block, or the `content` block of a `dynamic "metadata_options"`.
#[derive(Debug, Clone)]
pub struct MetaSite {
    pub dynamic: bool,
    pub block: Range<usize>,
    pub open: usize,
    pub close: usize,
    pub attrs: Vec<AttrSite>,
}

/// One argument of a block.
#[derive(Debug, Clone)]
pub struct AttrSite {
    pub key: String,
    /// `key = value`, without comments.
    pub span: Range<usize>,
    pub key_span: Range<usize>,
    pub value: Range<usize>,
    /// The value when it is a plain string literal.
    pub literal: Option<String>,
    /// The value as written, shortened for messages.
    pub shown: String,
    /// `("var", name)` or `("local", name)` when the value is just that.
    pub named: Option<(&'static str, String)>,
}

/// A variable's `default` or a local's value.
#[derive(Debug, Clone)]
pub struct NamedSite {
    pub file: String,
    /// The value expression (absent for a variable without a default).
    pub value: Option<Range<usize>>,
    pub literal: Option<String>,
    /// Where a `.tfvars` file sets the variable (`terraform.tfvars:3`), which wins over the default.
    pub tfvars: Option<String>,
    pub location: SourceLocation,
}

struct Parsed<'f> {
    name: &'f str,
    text: &'f str,
    body: Body,
    lines: Lines,
    /// A `.tf.json` file: the native text was generated, and each block's place is the one of
    /// its key in the JSON.
    json_places: Vec<tfjson::Place>,
}

impl Parsed<'_> {
    fn location(&self, offset: usize) -> SourceLocation {
        if !self.json_places.is_empty() {
            let place = self.json_places.iter().rev().find(|p| p.offset <= offset);
            return SourceLocation {
                file: self.name.to_owned(),
                line: place.map_or(1, |p| p.line),
                column: place.map_or(1, |p| p.column),
                path: place.map(|p| p.path.clone()),
            };
        }
        let (line, column) = self.lines.position(self.text, offset);
        SourceLocation {
            file: self.name.to_owned(),
            line,
            column,
            path: None,
        }
    }
}

fn is_tf(name: &str) -> bool {
    name.ends_with(".tf") || is_tf_json(name)
}

pub(crate) fn is_tf_json(name: &str) -> bool {
    name.ends_with(".tf.json")
}

fn is_tfvars(name: &str) -> bool {
    name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// A file name's directory (`""` for none, and for `.`) and base name.
pub(crate) fn split_dir(name: &str) -> (&str, &str) {
    let name = name.trim_start_matches("./");
    match name.rfind(['/', '\\']) {
        Some(i) => {
            let dir = name.get(..i).unwrap_or_default();
            let dir = if dir == "." { "" } else { dir };
            (dir, name.get(i + 1..).unwrap_or_default())
        }
        None => ("", name),
    }
}

/// The order Terraform loads variable files in: `terraform.tfvars`, `terraform.tfvars.json`,
/// then `*.auto.tfvars(.json)` by name; any other `.tfvars` given (as with `-var-file`) last.
fn tfvars_rank(base: &str) -> u8 {
    match base {
        "terraform.tfvars" => 0,
        "terraform.tfvars.json" => 1,
        b if b.ends_with(".auto.tfvars") || b.ends_with(".auto.tfvars.json") => 2,
        _ => 3,
    }
}

/// A directory's `.tf` files and `.tfvars` files, as (name, content).
type Group<'f> = (Vec<(&'f str, &'f str)>, Vec<(&'f str, &'f str)>);

/// Where `terraform init` put the modules of a root (`.terraform/modules/modules.json`):
/// module key (call names joined by dots) to directory, relative to the root.
type Manifest = BTreeMap<String, String>;

/// Reads every configuration among `files` (file name to content): each root module, with
/// the modules it calls expanded where their files are among `files`.
pub fn read(files: &BTreeMap<String, String>) -> Result<Vec<Module>, Error> {
    // `.tf.json` files, as the native text they stand for (kept here: parsed files borrow it).
    let mut converted: BTreeMap<&str, tfjson::Converted> = BTreeMap::new();
    for (name, content) in files {
        if is_tf_json(name) {
            converted.insert(name, tfjson::convert(name, content)?);
        }
    }
    let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
    let mut manifests: BTreeMap<String, Manifest> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (name, content) in files {
        let (dir, _) = split_dir(name);
        if is_tf(name) {
            groups.entry(dir).or_default().0.push((name, content));
        } else if is_tfvars(name) {
            groups.entry(dir).or_default().1.push((name, content));
        } else if let Some(root) = manifest_root(name) {
            manifests.insert(root.to_owned(), read_manifest(name, content)?);
        } else {
            skipped.push(name.as_str());
        }
    }
    if groups.values().all(|(tf, _)| tf.is_empty()) {
        let given = if files.is_empty() {
            "no files were given".to_owned()
        } else {
            format!(
                "none of `{}` is a `.tf` file",
                files.keys().cloned().collect::<Vec<_>>().join("`, `")
            )
        };
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            format!("no Terraform configuration to read: {given}"),
        )
        .with_help("pass `.tf` files (and `.tfvars` files), or a directory holding them"));
    }
    let mut dirs: BTreeMap<String, Dir> = BTreeMap::new();
    for (dir, (tf, mut vars)) in groups {
        if tf.is_empty() {
            skipped.extend(vars.iter().map(|(n, _)| *n));
            continue;
        }
        vars.sort_by(|a, b| {
            (tfvars_rank(split_dir(a.0).1), a.0).cmp(&(tfvars_rank(split_dir(b.0).1), b.0))
        });
        let mut parsed = Vec::new();
        for (name, content) in tf {
            let (text, json_places) = match converted.get(name) {
                Some(c) => (c.text.as_str(), c.places.clone()),
                None => (
                    content.strip_prefix('\u{feff}').unwrap_or(content),
                    Vec::new(),
                ),
            };
            let body = parse(name, text)?;
            parsed.push(Parsed {
                name,
                text,
                body,
                lines: Lines::new(text),
                json_places,
            });
        }
        dirs.insert(dir.to_owned(), Dir { parsed, vars });
    }
    // Roots: the directories no other directory given calls (by a local path, or through a
    // root's `modules.json`). A directory read only as a module is not judged on its own: its
    // resources are judged once per call, under the caller's addresses.
    let mut called: BTreeSet<String> = BTreeSet::new();
    for (dir, d) in &dirs {
        for p in &d.parsed {
            for b in p.body.blocks() {
                if b.ident.value().as_str() == "module"
                    && let Some(src) = b
                        .body
                        .get_attribute("source")
                        .and_then(|a| a.value.as_str())
                    && is_local_source(src)
                {
                    let child = join_dir(dir, src);
                    if child != *dir {
                        called.insert(child);
                    }
                }
            }
        }
    }
    for (root, manifest) in &manifests {
        for (key, d) in manifest {
            if !key.is_empty() {
                called.insert(join_dir(root, d));
            }
        }
    }
    let mut roots: Vec<&String> = dirs.keys().filter(|d| !called.contains(*d)).collect();
    if roots.is_empty() {
        // Every directory calls another: a cycle; read each on its own rather than nothing.
        roots = dirs.keys().collect();
    }
    let expander = Expander {
        dirs: &dirs,
        manifests: &manifests,
        expanded: Cell::new(0),
    };
    let mut modules = Vec::new();
    for root in roots {
        // The limit of expanded instances is one configuration's: each root starts afresh.
        expander.expanded.set(0);
        let mut module = Module {
            dir: root.clone(),
            inventory: Inventory::new(InputKind::TerraformSource),
            sites: BTreeMap::new(),
            named: BTreeMap::new(),
            uses: BTreeMap::new(),
        };
        module.inventory.has_configuration = true;
        let call = Instance {
            root,
            dir: root,
            path: Vec::new(),
            prefix: String::new(),
            inputs: None,
            providers: BTreeMap::new(),
            depth: 0,
            callers: Vec::new(),
        };
        expander.instantiate(&call, &mut module)?;
        modules.push(module);
    }
    if let (Some(first), false) = (modules.first_mut(), skipped.is_empty()) {
        first.inventory.notes.push(Note {
            id: "not-read".to_owned(),
            message: format!(
                "not read: `{}` (only `.tf` and `.tf.json` files, and `.tfvars` files beside them, are read)",
                skipped.join("`, `")
            ),
            terraform: None,
            aws_cli: None,
        });
    }
    Ok(modules)
}

/// `ROOT/.terraform/modules/modules.json` gives `ROOT`.
fn manifest_root(name: &str) -> Option<&str> {
    let name = name.trim_start_matches("./");
    if name == ".terraform/modules/modules.json" {
        return Some("");
    }
    name.strip_suffix("/.terraform/modules/modules.json")
}

fn read_manifest(name: &str, text: &str) -> Result<Manifest, Error> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(rename = "Modules", default)]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let f: File = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            format!(
                "`{name}` is not the module manifest `terraform init` writes: {}",
                crate::error::serde_message(&e)
            ),
        )
        .at_file(name, e.line(), e.column())
        .with_help("run `terraform init` again, or leave the `.terraform` folder out")
    })?;
    Ok(f.modules.into_iter().map(|e| (e.key, e.dir)).collect())
}

fn is_local_source(src: &str) -> bool {
    src.starts_with("./") || src.starts_with("../") || src == "." || src == ".."
}

/// `dir` joined with a relative path, `.` and `..` taken out (`""` is the current directory;
/// a path above it keeps its leading `..`).
pub fn join_dir(dir: &str, rel: &str) -> String {
    let absolute = dir.starts_with('/');
    let mut parts: Vec<&str> = dir
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    for seg in rel.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The local directories a directory's module calls read (`source = "./modules/app"`), for
/// loaders that gather the files: joined to `dir`. Files that do not parse give none (the
/// reader reports them).
pub fn local_module_dirs(dir: &str, text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if unclosed::find(text).is_some() {
        return Vec::new();
    }
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return Vec::new();
    };
    body.blocks()
        .filter(|b| b.ident.value().as_str() == "module")
        .filter_map(|b| {
            b.body
                .get_attribute("source")
                .and_then(|a| a.value.as_str().map(str::to_owned))
        })
        .filter(|s| is_local_source(s))
        .map(|s| join_dir(dir, &s))
        .collect()
}

/// The directories a loader must still read for `files` to be complete: those module calls
/// name by a local path and those a root's `.terraform/modules/modules.json` lists, less the
/// directories `files` already holds. Every shell's loader calls this until it is empty, so
/// the rule of what to load lives here once.
pub fn dirs_to_load(files: &BTreeMap<String, String>, tried: &BTreeSet<String>) -> Vec<String> {
    let have: BTreeSet<&str> = files.keys().map(|n| split_dir(n).0).collect();
    let mut want: BTreeSet<String> = BTreeSet::new();
    for (name, text) in files {
        let (dir, _) = split_dir(name);
        if is_tf_json(name) {
            if text.contains("\"module\"")
                && let Ok(c) = tfjson::convert(name, text)
            {
                want.extend(local_module_dirs(dir, &c.text));
            }
        } else if is_tf(name) {
            // Parsed only when a line opens a `module` block: the reader parses every file
            // anyway, and a large configuration without module calls should not be parsed
            // twice. A call written after other code on one line is then not followed, and
            // the reader reports it as a module whose files were not given (unjudged, never a
            // pass).
            if text.lines().any(|l| l.trim_start().starts_with("module")) {
                want.extend(local_module_dirs(dir, text));
            }
        } else if let Some(root) = manifest_root(name) {
            want.extend(manifest_dirs(root, text));
        }
    }
    want.into_iter()
        .filter(|d| !have.contains(d.as_str()) && !tried.contains(d))
        .collect()
}

/// The module directories a root's `.terraform/modules/modules.json` lists, joined to the
/// root.
pub fn manifest_dirs(root: &str, text: &str) -> Vec<String> {
    read_manifest("modules.json", text)
        .map(|m| {
            m.into_iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(_, d)| join_dir(root, &d))
                .collect()
        })
        .unwrap_or_default()
}

/// One directory's files, parsed.
struct Dir<'f> {
    parsed: Vec<Parsed<'f>>,
    vars: Vec<(&'f str, &'f str)>,
}

struct Expander<'f> {
    dirs: &'f BTreeMap<String, Dir<'f>>,
    manifests: &'f BTreeMap<String, Manifest>,
    /// Module and resource instances expanded so far in the configuration (see
    /// [`MAX_EXPANDED`]).
    expanded: Cell<usize>,
}

/// One module instance to read.
struct Instance<'c> {
    root: &'c str,
    dir: &'c str,
    /// The call names from the root (the key of `modules.json`).
    path: Vec<String>,
    /// The instance's address with a final dot (`module.a["k"].`), `""` for the root.
    prefix: String,
    /// The variables the call sets, evaluated in the caller; `None` for a root.
    inputs: Option<BTreeMap<String, Variable>>,
    /// The caller's provider configurations (key to region), which a module inherits.
    providers: BTreeMap<String, Val<String>>,
    depth: usize,
    /// The directories of the instances that call this one, from the root.
    callers: Vec<&'c str>,
}

/// The module nesting past which a call is taken for a cycle.
const MAX_MODULE_DEPTH: usize = 24;

/// The most module and resource instances one configuration is expanded into. Each level of
/// modules multiplies its callers' instances (two calls a level make 2^24 instances 24 levels
/// down, which took a 717-byte input of the fuzzer past 2 GB); past this, a module call is an
/// unjudged subject and a resource is judged once under its configuration address, as a
/// `count` too large to expand is.
const MAX_EXPANDED: usize = 100_000;

/// A module instance's outputs: values, and the resources each refers to.
type Outputs = (BTreeMap<String, eval::Eval>, BTreeMap<String, Vec<String>>);

fn parse(name: &str, text: &str) -> Result<Body, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Before hcl-edit, which can take hours on a short file left open (see `unclosed`).
    if let Some(open) = unclosed::find(text) {
        let (line, column) = Lines::new(text).position(text, open.offset);
        return Err(Error::new(
            ErrorCode::InvalidHcl,
            format!("`{name}` is not valid HCL: {}", open.message()),
        )
        .at_file(name, line, column)
        .with_help("run `terraform validate` to see the problem in Terraform's words"));
    }
    hcl_edit::parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        let msg = e.message().trim_end_matches('.').to_owned();
        Error::new(
            ErrorCode::InvalidHcl,
            format!("`{name}` is not valid HCL: {msg}"),
        )
        .at_file(name, loc.line(), loc.column())
        .with_help("run `terraform validate` to see the problem in Terraform's words")
    })
}

fn labels(b: &hcl_edit::structure::Block) -> Vec<&str> {
    b.labels.iter().map(|l| l.as_str()).collect()
}

fn duplicate(what: &str, first: &SourceLocation, again: &SourceLocation) -> Error {
    Error::new(
        ErrorCode::InvalidHcl,
        format!(
            "{what} is declared twice: at {}:{}:{} and here",
            first.file, first.line, first.column
        ),
    )
    .at_file(again.file.clone(), again.line, again.column)
}

impl Expander<'_> {
    /// Reads one module instance into `module`'s inventory (its module calls first, then its
    /// resources), and gives its outputs to the caller.
    fn instantiate(&self, inst: &Instance, module: &mut Module) -> Result<Outputs, Error> {
        let Some(dir) = self.dirs.get(inst.dir) else {
            return Ok(Outputs::default());
        };
        let root = inst.inputs.is_none();
        let parsed = &dir.parsed;

        // Variables, locals and providers first: resources read through them.
        let mut variables: BTreeMap<String, Variable> = BTreeMap::new();
        let mut locals: BTreeMap<String, Expression> = BTreeMap::new();
        let mut provider_exprs: Vec<(String, Option<Expression>)> = Vec::new();
        let mut named: BTreeMap<String, NamedSite> = BTreeMap::new();
        for p in parsed {
            for b in p.body.blocks() {
                let start = b.span().map_or(0, |s| s.start);
                let loc = p.location(start);
                match (b.ident.value().as_str(), labels(b).as_slice()) {
                    ("variable", [name]) => {
                        let key = format!("var.{name}");
                        if let Some(first) = named.get(&key) {
                            return Err(duplicate(
                                &format!("variable `{name}`"),
                                &first.location,
                                &loc,
                            ));
                        }
                        let default = b.body.get_attribute("default").map(|a| a.value.clone());
                        named.insert(
                            key,
                            NamedSite {
                                file: p.name.to_owned(),
                                value: default.as_ref().and_then(Span::span),
                                literal: default
                                    .as_ref()
                                    .and_then(|d| d.as_str().map(str::to_owned)),
                                tfvars: None,
                                location: loc,
                            },
                        );
                        let given = inst.inputs.as_ref().and_then(|i| i.get(*name)).cloned();
                        variables.insert(
                            (*name).to_owned(),
                            match given {
                                Some(mut v) => {
                                    v.default = default;
                                    v
                                }
                                None => Variable {
                                    default,
                                    ..Variable::default()
                                },
                            },
                        );
                    }
                    ("locals", []) => {
                        for a in b.body.attributes() {
                            let name = a.key.value().as_str();
                            let key = format!("local.{name}");
                            let aloc = p.location(a.span().map_or(start, |s| s.start));
                            if let Some(first) = named.get(&key) {
                                return Err(duplicate(
                                    &format!("local `{name}`"),
                                    &first.location,
                                    &aloc,
                                ));
                            }
                            named.insert(
                                key,
                                NamedSite {
                                    file: p.name.to_owned(),
                                    value: a.value.span(),
                                    literal: a.value.as_str().map(str::to_owned),
                                    tfvars: None,
                                    location: aloc,
                                },
                            );
                            locals.insert(name.to_owned(), a.value.clone());
                        }
                    }
                    ("provider", ["aws"]) => {
                        let alias = b
                            .body
                            .get_attribute("alias")
                            .and_then(|a| a.value.as_str().map(str::to_owned));
                        let key = alias.map_or_else(|| "aws".to_owned(), |a| format!("aws.{a}"));
                        provider_exprs
                            .push((key, b.body.get_attribute("region").map(|a| a.value.clone())));
                    }
                    _ => {}
                }
            }
        }
        if root {
            for (name, content) in &dir.vars {
                for (var, value, place) in read_tfvars(name, content)? {
                    if let Some(site) = named.get_mut(&format!("var.{var}")) {
                        site.tfvars = Some(place.clone());
                    }
                    if let Some(v) = variables.get_mut(&var) {
                        v.value = Some((value, place));
                    }
                }
            }
        }
        let no_calls = BTreeMap::new();
        let base = Scope::new(&variables, &locals, &no_calls, &inst.prefix);
        let mut providers = inst.providers.clone();
        for (key, region) in provider_exprs {
            let val = match region {
                Some(e) => match base.eval(&e) {
                    Ok(v) => v.to_text().map_or(Val::Absent, Val::Known),
                    Err(Unknown(why)) => Val::Unknown(format!(
                        "the region of provider `{key}` cannot be known from source: {why}"
                    )),
                },
                None => Val::Absent,
            };
            providers.insert(key, val);
        }

        // Module calls, in file order: a call may read the outputs of one before it.
        let mut calls: BTreeMap<String, CallOutputs> = BTreeMap::new();
        let mut call_sites: BTreeMap<&str, SourceLocation> = BTreeMap::new();
        for p in parsed {
            for b in p.body.blocks() {
                if let ("module", [name]) = (b.ident.value().as_str(), labels(b).as_slice()) {
                    // As Terraform: "Module calls must have unique names within a module".
                    let loc = p.location(b.span().map_or(0, |s| s.start));
                    if let Some(first) = call_sites.get(name) {
                        return Err(duplicate(&format!("module call `{name}`"), first, &loc));
                    }
                    call_sites.insert(name, loc);
                    let scope = Scope::new(&variables, &locals, &calls, &inst.prefix);
                    let out = self.call(inst, p, b, name, &scope, &providers, module)?;
                    calls.insert((*name).to_owned(), out);
                }
            }
        }
        let base = Scope::new(&variables, &locals, &calls, &inst.prefix);

        let mut seen: BTreeMap<String, SourceLocation> = BTreeMap::new();
        for p in parsed {
            if root {
                count_uses(&p.body, &mut module.uses);
            }
            let mut owners: Vec<(Range<usize>, Option<String>)> = Vec::new();
            for s in p.body.iter() {
                let Structure::Block(b) = s else { continue };
                let Some(span) = b.span() else { continue };
                let loc = p.location(span.start);
                let owner = match (b.ident.value().as_str(), labels(b).as_slice()) {
                    ("resource", [rtype, name]) => {
                        let address = format!("{rtype}.{name}");
                        if let Some(first) = seen.get(&address) {
                            return Err(duplicate(&format!("resource `{address}`"), first, &loc));
                        }
                        seen.insert(address.clone(), loc.clone());
                        self.resource(inst, p, b, rtype, &address, &base, &providers, module)?;
                        Some(address)
                    }
                    ("data", [rtype, name]) => Some(format!("data.{rtype}.{name}")),
                    ("module", [name]) => Some(format!("module.{name}")),
                    _ => None,
                };
                owners.push((span, owner));
            }
            if root {
                directives(p, &owners, &mut module.inventory)?;
            }
        }
        if root {
            module.named = named;
        }

        // Outputs, for the caller.
        let mut values = BTreeMap::new();
        let mut refs = BTreeMap::new();
        for p in parsed {
            for b in p.body.blocks() {
                if let ("output", [name]) = (b.ident.value().as_str(), labels(b).as_slice())
                    && let Some(a) = b.body.get_attribute("value")
                {
                    values.insert((*name).to_owned(), base.eval(&a.value));
                    let mut r = Vec::new();
                    eval::references(&a.value, &[], &base, &mut r);
                    refs.insert((*name).to_owned(), r);
                }
            }
        }
        Ok((values, refs))
    }

    /// One `module` block: every instance its `count` / `for_each` makes, read from the
    /// called directory; a module whose files are not here is an unjudged subject, never
    /// silently nothing.
    #[expect(
        clippy::too_many_arguments,
        reason = "the state of one module instance"
    )]
    fn call(
        &self,
        inst: &Instance,
        p: &Parsed,
        b: &hcl_edit::structure::Block,
        name: &str,
        scope: &Scope,
        providers: &BTreeMap<String, Val<String>>,
        module: &mut Module,
    ) -> Result<CallOutputs, Error> {
        let loc = p.location(b.span().map_or(0, |s| s.start));
        let call_addr = format!("{}module.{name}", inst.prefix);
        let source_attr = b.body.get_attribute("source");
        let source = source_attr.and_then(|a| a.value.as_str().map(str::to_owned));
        let mut path = inst.path.clone();
        path.push(name.to_owned());
        let instances = match instances(&b.body, scope) {
            Ok(keys) => keys,
            Err(why) => {
                vec![(
                    String::new(),
                    InstanceKey::Unknown(format!(
                        "the `count` or `for_each` of `{call_addr}` cannot be known from source: {why}"
                    )),
                )]
            }
        };
        let mut out = CallOutputs {
            keyed: instances.iter().any(|(k, _)| !k.is_empty()),
            ..CallOutputs::default()
        };
        if instances.is_empty() {
            return Ok(out);
        }
        let child_dir = match &source {
            Some(src) if is_local_source(src) => Some(join_dir(inst.dir, src)),
            Some(_) => self
                .manifests
                .get(inst.root)
                .and_then(|m| m.get(&path.join(".")))
                .map(|d| join_dir(inst.root, d)),
            None => None,
        };
        let on_disk = child_dir.as_deref().filter(|d| self.dirs.contains_key(*d));
        let cycle = on_disk.filter(|d| *d == inst.dir || inst.callers.contains(d));
        let over = self.expanded.get().saturating_add(instances.len()) > MAX_EXPANDED;
        let Some(child) =
            on_disk.filter(|_| inst.depth < MAX_MODULE_DEPTH && cycle.is_none() && !over)
        else {
            let src = source.as_deref().map_or_else(
                || "a `source` that is not a literal string".to_owned(),
                |s| format!("source `{s}`"),
            );
            let why = if let Some(dir) = cycle {
                format!(
                    "`{call_addr}` ({src}) calls `{}`, a directory that is already calling it: a cycle of modules, which Terraform cannot load",
                    if dir.is_empty() { "." } else { dir }
                )
            } else if over {
                format!(
                    "`{call_addr}` ({src}) would take the configuration past {MAX_EXPANDED} module and resource instances, more than this tool expands from source: check a plan (`terraform show -json`)"
                )
            } else if inst.depth >= MAX_MODULE_DEPTH {
                format!(
                    "`{call_addr}` ({src}) nests modules {MAX_MODULE_DEPTH} deep, which this tool takes for a cycle; check a plan instead"
                )
            } else if source.as_deref().is_some_and(is_local_source) {
                format!(
                    "`{call_addr}` ({src}) calls a directory whose `.tf` files were not given (`{}`), so the instances it may launch were not read: check the directory that holds both, or a plan (`terraform show -json`)",
                    child_dir.unwrap_or_default()
                )
            } else {
                format!(
                    "`{call_addr}` ({src}) is not on disk, so the instances it may launch were not read: run `terraform init` (which puts it under `.terraform/modules`) and check again, or check a plan (`terraform show -json`)"
                )
            };
            module
                .inventory
                .subjects
                .push(unjudged_call(&call_addr, loc, why));
            return Ok(out);
        };
        // The providers the call passes (`providers = { aws = aws.west }`), else the caller's.
        let mut child_providers = providers.clone();
        if let Some(a) = b.body.get_attribute("providers")
            && let Expression::Object(o) = &a.value
        {
            for (k, v) in o.iter() {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.value().as_str().to_owned(),
                    hcl_edit::expr::ObjectKey::Expression(x) => eval::show(x).replace(' ', ""),
                };
                let from = eval::show(v.expr()).replace(' ', "");
                child_providers.insert(key, providers.get(&from).cloned().unwrap_or_default());
            }
        }
        self.expanded
            .set(self.expanded.get().saturating_add(instances.len()));
        for (key, instance) in &instances {
            let iscope = instance.scope(scope);
            let mut inputs = BTreeMap::new();
            for a in b.body.attributes() {
                let arg = a.key.value().as_str();
                if matches!(
                    arg,
                    "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let mut var = Variable::default();
                match (instance, iscope.eval(&a.value)) {
                    (InstanceKey::Unknown(why), _) if uses_instance(&a.value) => {
                        var.unknown = Some(why.clone());
                    }
                    (_, Ok(v)) => {
                        var.value = Some((v, format!("the call at {}:{}", loc.file, loc.line)))
                    }
                    (_, Err(Unknown(why))) => {
                        var.unknown = Some(format!(
                            "`var.{arg}` is set by `{call_addr}` to `{}`: {why}",
                            eval::show(&a.value)
                        ));
                    }
                }
                eval::references(&a.value, &[], &iscope, &mut var.refs);
                inputs.insert(arg.to_owned(), var);
            }
            let mut callers = inst.callers.clone();
            callers.push(inst.dir);
            let child_inst = Instance {
                root: inst.root,
                dir: child,
                path: path.clone(),
                prefix: format!("{call_addr}{key}."),
                inputs: Some(inputs),
                providers: child_providers.clone(),
                depth: inst.depth + 1,
                callers,
            };
            let (values, refs) = self.instantiate(&child_inst, module)?;
            out.instances.insert(key.clone(), values);
            for (o, r) in refs {
                let all = out.refs.entry(o).or_default();
                for x in r {
                    if !all.contains(&x) {
                        all.push(x);
                    }
                }
            }
        }
        Ok(out)
    }

    /// One `resource` block: read once per instance its `count` / `for_each` makes, under the
    /// address Terraform gives it (`aws_instance.web[0]`, `aws_instance.web["a"]`).
    #[expect(
        clippy::too_many_arguments,
        reason = "the state of one module instance"
    )]
    fn resource(
        &self,
        inst: &Instance,
        p: &Parsed,
        b: &hcl_edit::structure::Block,
        rtype: &str,
        address: &str,
        scope: &Scope,
        providers: &BTreeMap<String, Val<String>>,
        module: &mut Module,
    ) -> Result<(), Error> {
        module.inventory.resources_seen += 1;
        if !crate::read::terraform::is_relevant(rtype)
            && !crate::read::terraform::STRAY_TYPES.contains(&rtype)
        {
            return Ok(());
        }
        let config = format!("{}{address}", inst.prefix);
        let once = || vec![(String::new(), InstanceKey::Single)];
        let mut keys = instances(&b.body, scope).unwrap_or_else(|_| once());
        if self.expanded.get().saturating_add(keys.len()) > MAX_EXPANDED {
            keys = once();
        }
        self.expanded
            .set(self.expanded.get().saturating_add(keys.len()));
        for (key, instance) in &keys {
            let iscope = instance.scope(scope);
            let reader = Reader {
                scope: &iscope,
                providers,
            };
            reader.resource(
                p,
                b,
                rtype,
                &format!("{config}{key}"),
                &config,
                inst,
                module,
            )?;
        }
        Ok(())
    }
}

/// The most instances one `count` / `for_each` is expanded into.
const MAX_INSTANCES: i64 = 10_000;

/// How one instance of a `count` / `for_each` block is keyed.
#[derive(Debug, Clone)]
enum InstanceKey {
    Single,
    Count(i64),
    Each(Value, Value),
    /// `count` / `for_each` cannot be known: one instance under the configuration address.
    Unknown(String),
}

impl InstanceKey {
    /// `scope` with this instance's `count.index` or `each` set.
    fn scope<'s>(&'s self, scope: &Scope<'s>) -> Scope<'s> {
        let (count, each) = match self {
            InstanceKey::Count(i) => (Some(*i), None),
            InstanceKey::Each(k, v) => (None, Some((k, v))),
            InstanceKey::Single | InstanceKey::Unknown(_) => (None, None),
        };
        Scope {
            count,
            each,
            ..*scope
        }
    }
}

/// The instance keys of a block with `count` or `for_each` (`[0]`, `["a"]`), `""` for a
/// block with neither; an error when they cannot be known from source.
fn instances(body: &Body, scope: &Scope) -> Result<Vec<(String, InstanceKey)>, String> {
    if let Some(a) = body.get_attribute("count") {
        let n = match scope.eval(&a.value) {
            Ok(v) => v
                .as_i64()
                .or(match v {
                    Value::Bool(b) => Some(i64::from(b)),
                    _ => None,
                })
                .ok_or_else(|| format!("`count = {}` is not a number", eval::show(&a.value)))?,
            Err(Unknown(why)) => return Err(why),
        };
        // Expanding more would cost more than it tells: such a block is judged once, under
        // its configuration address, never cut short.
        if n > MAX_INSTANCES {
            return Err(format!(
                "`count = {}` makes {n} instances, more than the {MAX_INSTANCES} this tool expands",
                eval::show(&a.value)
            ));
        }
        return Ok((0..n.max(0))
            .map(|i| (format!("[{i}]"), InstanceKey::Count(i)))
            .collect());
    }
    if let Some(a) = body.get_attribute("for_each") {
        let items: Vec<(String, Value)> = match scope.eval(&a.value) {
            Ok(Value::Object(o)) => o.into_iter().collect(),
            Ok(Value::List(l)) => {
                let mut keys = Vec::new();
                for v in l {
                    let k = v.to_text().ok_or_else(|| {
                        format!(
                            "`for_each = {}` holds values that are not strings",
                            eval::show(&a.value)
                        )
                    })?;
                    keys.push((k, v));
                }
                keys.sort_by(|x, y| x.0.cmp(&y.0));
                keys.dedup_by(|x, y| x.0 == y.0);
                keys
            }
            Ok(_) => {
                return Err(format!(
                    "`for_each = {}` is not a map or a set",
                    eval::show(&a.value)
                ));
            }
            Err(Unknown(why)) => return Err(why),
        };
        if items.len() > usize::try_from(MAX_INSTANCES).unwrap_or(usize::MAX) {
            return Err(format!(
                "`for_each = {}` makes {} instances, more than the {MAX_INSTANCES} this tool expands",
                eval::show(&a.value),
                items.len()
            ));
        }
        return Ok(items
            .into_iter()
            .map(|(k, v)| {
                (
                    format!("[{}]", serde_json::to_string(&k).unwrap_or_default()),
                    InstanceKey::Each(Value::String(k), v),
                )
            })
            .collect());
    }
    Ok(vec![(String::new(), InstanceKey::Single)])
}

/// Whether an expression reads `count.index` or `each`.
fn uses_instance(e: &Expression) -> bool {
    if let Expression::Traversal(t) = e
        && let Expression::Variable(v) = &t.expr
        && matches!(v.value().as_str(), "count" | "each")
    {
        return true;
    }
    eval::children(e).into_iter().any(uses_instance)
}

/// The bodies of every static `name` block of `body`, and the `content` of each `dynamic` one.
fn nested_all<'b>(body: &'b Body, name: &str) -> Vec<&'b Body> {
    body.blocks()
        .filter_map(|b| {
            if b.ident.value().as_str() == name && b.labels.is_empty() {
                Some(&b.body)
            } else if b.ident.value().as_str() == "dynamic" && labels(b).as_slice() == [name] {
                b.body
                    .blocks()
                    .find(|c| c.ident.value().as_str() == "content")
                    .map(|c| &c.body)
            } else {
                None
            }
        })
        .collect()
}

/// A module call whose files could not be read: judged `unknown`, and it keeps the verdict
/// from passing (see `Subject::unjudged`).
fn unjudged_call(address: &str, location: SourceLocation, why: String) -> Subject {
    let origin = Origin {
        address: address.to_owned(),
        resource_type: "module".to_owned(),
        module: String::new(),
        location: Some(Box::new(location)),
    };
    Subject::unjudged(origin, ProviderRef::default(), why)
}

/// The variables a `.tfvars` (HCL) or `.tfvars.json` file sets, with `file:line`.
fn read_tfvars(name: &str, content: &str) -> Result<Vec<(String, Value, String)>, Error> {
    let text = content.strip_prefix('\u{feff}').unwrap_or(content);
    if name.ends_with(".json") {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let msg = crate::error::serde_message(&e);
            Error::new(
                ErrorCode::InvalidJson,
                format!("`{name}` is not valid JSON: {msg}"),
            )
            .at_file(name, e.line(), e.column())
        })?;
        let serde_json::Value::Object(map) = v else {
            return Err(Error::new(
                ErrorCode::InvalidDocument,
                format!("`{name}` is not a JSON object of variable values"),
            )
            .at_file(name, 1, 1));
        };
        return Ok(map
            .into_iter()
            .map(|(k, v)| (k, from_json(v), name.to_owned()))
            .collect());
    }
    let body = parse(name, text)?;
    let lines = Lines::new(text);
    let empty_vars = BTreeMap::new();
    let empty_locals = BTreeMap::new();
    let no_calls = BTreeMap::new();
    let scope = Scope::new(&empty_vars, &empty_locals, &no_calls, "");
    let mut out = Vec::new();
    for a in body.attributes() {
        let (line, column) = lines.position(text, a.span().map_or(0, |s| s.start));
        let key = a.key.value().as_str().to_owned();
        let value = scope.eval(&a.value).map_err(|Unknown(why)| {
            Error::new(
                ErrorCode::InvalidHcl,
                format!("the value of `{key}` in `{name}` is not a literal: {why}"),
            )
            .at_file(name, line, column)
            .with_help("variable files hold literal values only")
        })?;
        out.push((key, value, format!("{name}:{line}")));
    }
    Ok(out)
}

fn from_json(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

/// Counts `var.x` and `local.y` references in every expression of a body.
fn count_uses(body: &Body, uses: &mut BTreeMap<String, usize>) {
    fn expr(e: &Expression, uses: &mut BTreeMap<String, usize>) {
        if let Expression::Traversal(t) = e
            && let (Expression::Variable(root), Some(hcl_edit::expr::TraversalOperator::GetAttr(a))) =
                (&t.expr, t.operators.first().map(|o| o.value()))
        {
            let root = root.value().as_str();
            if root == "var" || root == "local" {
                *uses
                    .entry(format!("{root}.{}", a.value().as_str()))
                    .or_default() += 1;
            }
        }
        for c in eval::children(e) {
            expr(c, uses);
        }
    }
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => expr(&a.value, uses),
            Structure::Block(b) => count_uses(&b.body, uses),
        }
    }
}

/// The byte ranges where `#` and `//` may be part of a value: expressions and block labels.
fn code_ranges(body: &Body, out: &mut Vec<Range<usize>>) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.extend(a.value.span()),
            Structure::Block(b) => {
                out.extend(b.labels.iter().filter_map(Span::span));
                code_ranges(&b.body, out);
            }
        }
    }
}

/// `imdsv2-policy:ignore` comments: inside a top-level block, or on the comment lines
/// directly above it (no blank line between), belong to that block.
fn directives(
    p: &Parsed,
    owners: &[(Range<usize>, Option<String>)],
    inv: &mut Inventory,
) -> Result<(), Error> {
    let mut code = Vec::new();
    code_ranges(&p.body, &mut code);
    code.sort_by_key(|r| (r.start, r.end));
    for c in text::comments(p.text, &code) {
        let ours = c.text.contains("imdsv2-policy:");
        if !ours
            && !["checkov:skip=", "tfsec:ignore:", "trivy:ignore:"]
                .iter()
                .any(|k| c.text.contains(k))
        {
            continue;
        }
        let loc = p.location(c.start);
        let inside = owners
            .iter()
            .find(|(r, _)| r.start <= c.start && c.start < r.end);
        // The nearest block below, with only comment lines between.
        let above = || {
            let (r, o) = owners.iter().find(|(r, _)| r.start >= c.end)?;
            let between = p.text.get(c.end..r.start)?;
            let pieces: Vec<&str> = between.split('\n').collect();
            let n = pieces.len();
            let ok = n >= 2
                && pieces.first().is_some_and(|s| s.trim().is_empty())
                && pieces.last().is_some_and(|s| s.trim().is_empty())
                && pieces.get(1..n - 1).unwrap_or_default().iter().all(|l| {
                    let t = l.trim();
                    t.starts_with('#') || t.starts_with("//")
                });
            ok.then_some((r, o))
        };
        let owner = inside
            .map(|(r, o)| (r, o))
            .or_else(above)
            .and_then(|(_, o)| o.clone());
        let target = owner.clone().unwrap_or_else(|| "nothing".to_owned());
        let parsed = if ours {
            suppress::parse_directive(&c.text, &target, loc.clone())
        } else {
            Ok(suppress::parse_scanner_comment(
                &c.text,
                &target,
                loc.clone(),
            ))
        };
        // A directive that cannot be read suppresses nothing and is said at its place; the
        // scan goes on (the finding it meant stays open).
        let ignore = match parsed {
            Ok(Some(i)) => i,
            Ok(None) => continue,
            Err(e) => {
                inv.notes.push(Note {
                    id: "invalid-suppression".to_owned(),
                    message: format!("{e}\n  (it suppresses nothing)"),
                    terraform: None,
                    aws_cli: None,
                });
                continue;
            }
        };
        match owner {
            Some(_) => inv.ignores.push(ignore),
            None => inv.notes.push(Note {
                id: "unused-suppression".to_owned(),
                message: format!(
                    "the suppression at {}:{} is not on a resource: put it on the comment lines directly above the resource, or inside its block",
                    loc.file, loc.line
                ),
                terraform: None,
                aws_cli: None,
            }),
        }
    }
    Ok(())
}

struct Reader<'a> {
    scope: &'a Scope<'a>,
    providers: &'a BTreeMap<String, Val<String>>,
}

impl Reader<'_> {
    fn val_str(&self, attr: Option<&Attribute>, path: &str) -> Val<String> {
        self.val_str_in(self.scope, attr, path)
    }

    fn val_str_in(&self, scope: &Scope, attr: Option<&Attribute>, path: &str) -> Val<String> {
        let Some(a) = attr else { return Val::Absent };
        match scope.eval(&a.value) {
            Ok(Value::Null) => Val::Absent,
            Ok(v) => v.to_text().map_or_else(
                || Val::Unknown(format!("`{path}` is set to a value that is not a string")),
                Val::Known,
            ),
            Err(Unknown(why)) => {
                Val::Unknown(format!("`{path}` cannot be known from source: {why}"))
            }
        }
    }

    fn val_int_in(&self, scope: &Scope, attr: Option<&Attribute>, path: &str) -> Val<i64> {
        let Some(a) = attr else { return Val::Absent };
        match scope.eval(&a.value) {
            Ok(Value::Null) => Val::Absent,
            Ok(v) => v.as_i64().map_or_else(
                || Val::Unknown(format!("`{path}` is set to a value that is not a number")),
                Val::Known,
            ),
            Err(Unknown(why)) => {
                Val::Unknown(format!("`{path}` cannot be known from source: {why}"))
            }
        }
    }

    fn link(&self, attr: Option<&Attribute>, types: &[&str], path: &str, by_name: bool) -> Link {
        let mut references = Vec::new();
        if let Some(a) = attr {
            eval::references(&a.value, types, self.scope, &mut references);
        }
        let v = self.val_str(attr, path);
        if by_name {
            Link {
                id: Val::Absent,
                name: v,
                references,
            }
        } else {
            Link {
                id: v,
                name: Val::Absent,
                references,
            }
        }
    }

    fn provider(&self, body: &Body) -> ProviderRef {
        let key = match body.get_attribute("provider") {
            Some(a) => eval::show(&a.value).replace(' ', ""),
            None => "aws".to_owned(),
        };
        let region = self.providers.get(&key).cloned().unwrap_or_default();
        ProviderRef {
            config_key: Some(key),
            region,
        }
    }

    /// `launch_template { id | name, version }` or `launch_template_specification
    /// { launch_template_id | launch_template_name, version }`.
    fn template_use(&self, body: &Body, path: &str) -> TemplateUse {
        let id = body
            .get_attribute("id")
            .or_else(|| body.get_attribute("launch_template_id"));
        let name = body
            .get_attribute("name")
            .or_else(|| body.get_attribute("launch_template_name"));
        let mut references = Vec::new();
        for a in [id, name].into_iter().flatten() {
            eval::references(
                &a.value,
                &["aws_launch_template"],
                self.scope,
                &mut references,
            );
        }
        let version_attr = body.get_attribute("version");
        let version = match version_attr {
            Some(a) => {
                let attrs = eval::referenced_attrs(&a.value, self.scope.locals);
                if attrs.iter().any(|x| x == "latest_version") {
                    Val::Known("$Latest".to_owned())
                } else if attrs.iter().any(|x| x == "default_version") {
                    Val::Known("$Default".to_owned())
                } else {
                    self.val_str(Some(a), &format!("{path}.version"))
                }
            }
            None => Val::Absent,
        };
        TemplateUse {
            link: Link {
                id: self.val_str(id, &format!("{path}.id")),
                name: self.val_str(name, &format!("{path}.name")),
                references,
            },
            version,
            path: path.to_owned(),
        }
    }

    /// `f` over the first `name` block of `body`: a static one, or the `content` of a
    /// `dynamic` one read with its iterator bound to the first element. `None` when there is
    /// none, or a `dynamic` one repeats over an empty collection; a `for_each` that cannot be
    /// known reads the content without its iterator (its values are then unknown).
    fn nested<R>(&self, body: &Body, name: &str, f: impl FnOnce(&Reader, &Body) -> R) -> Option<R> {
        if let Some(b) = body
            .blocks()
            .find(|b| b.ident.value().as_str() == name && b.labels.is_empty())
        {
            return Some(f(self, &b.body));
        }
        let d = body
            .blocks()
            .find(|b| b.ident.value().as_str() == "dynamic" && labels(b).as_slice() == [name])?;
        let content = d
            .body
            .blocks()
            .find(|c| c.ident.value().as_str() == "content")?;
        let iterator = d
            .body
            .get_attribute("iterator")
            .map_or_else(|| name.to_owned(), |a| eval::show(&a.value));
        let first = match d
            .body
            .get_attribute("for_each")
            .map(|a| self.scope.eval(&a.value))
        {
            Some(Ok(Value::List(items))) => {
                Some(items.into_iter().next().map(|v| (Value::Number(0.0), v))?)
            }
            Some(Ok(Value::Object(map))) => {
                Some(map.into_iter().next().map(|(k, v)| (Value::String(k), v))?)
            }
            _ => None,
        };
        match first {
            Some((key, value)) => {
                let scope = Scope {
                    iterator: Some((iterator.as_str(), &key, &value)),
                    ..*self.scope
                };
                let r = Reader {
                    scope: &scope,
                    providers: self.providers,
                };
                Some(f(&r, &content.body))
            }
            None => Some(f(self, &content.body)),
        }
    }

    /// The resource's `metadata_options` (static or `dynamic`), and where it is written.
    fn metadata(&self, p: &Parsed, body: &Body, address: &str) -> (Block, Option<MetaSite>) {
        for b in body.blocks() {
            let ident = b.ident.value().as_str();
            if ident == "metadata_options" && b.labels.is_empty() {
                let mo = self.options(self.scope, &b.body, "metadata_options");
                return (Block::Set(mo), meta_site(p, b, false));
            }
            if ident == "dynamic" && labels(b).as_slice() == ["metadata_options"] {
                let content = b
                    .body
                    .blocks()
                    .find(|c| c.ident.value().as_str() == "content");
                let site = content.and_then(|c| meta_site(p, c, true));
                let Some(content) = content else {
                    return (
                        Block::Unknown(format!(
                            "the `dynamic \"metadata_options\"` block of `{address}` has no `content`"
                        )),
                        None,
                    );
                };
                let iterator = b
                    .body
                    .get_attribute("iterator")
                    .map(|a| eval::show(&a.value))
                    .unwrap_or_else(|| "metadata_options".to_owned());
                let Some(for_each) = b.body.get_attribute("for_each") else {
                    return (
                        Block::Unknown(format!(
                            "the `dynamic \"metadata_options\"` block of `{address}` has no `for_each`"
                        )),
                        site,
                    );
                };
                let first = match self.scope.eval(&for_each.value) {
                    Ok(Value::List(items)) => {
                        items.into_iter().next().map(|v| (Value::Number(0.0), v))
                    }
                    Ok(Value::Object(map)) => {
                        map.into_iter().next().map(|(k, v)| (Value::String(k), v))
                    }
                    Ok(_) => {
                        return (
                            Block::Unknown(format!(
                                "the `for_each` of `dynamic \"metadata_options\"` in `{address}` is `{}`, not a collection",
                                eval::show(&for_each.value)
                            )),
                            site,
                        );
                    }
                    Err(Unknown(why)) => {
                        return (
                            Block::Unknown(format!(
                                "its `dynamic \"metadata_options\"` repeats over `{}`, so whether it makes a block is not known: {why}",
                                eval::show(&for_each.value)
                            )),
                            site,
                        );
                    }
                };
                let Some((key, value)) = first else {
                    return (Block::NotSet, site);
                };
                let scope = Scope {
                    iterator: Some((iterator.as_str(), &key, &value)),
                    ..*self.scope
                };
                let mo = self.options(
                    &scope,
                    &content.body,
                    "dynamic \"metadata_options\".content",
                );
                return (Block::Set(mo), site);
            }
        }
        (Block::NotSet, None)
    }

    fn options(&self, scope: &Scope, body: &Body, path: &str) -> MetadataOptions {
        let s = |k: &str| self.val_str_in(scope, body.get_attribute(k), &format!("{path}.{k}"));
        MetadataOptions {
            http_tokens: s("http_tokens"),
            http_endpoint: s("http_endpoint"),
            hop_limit: self.val_int_in(
                scope,
                body.get_attribute("http_put_response_hop_limit"),
                &format!("{path}.http_put_response_hop_limit"),
            ),
            instance_metadata_tags: s("instance_metadata_tags"),
            http_protocol_ipv6: s("http_protocol_ipv6"),
        }
    }

    /// Whether `count` or `for_each` is known to create no instance of the resource.
    fn creates_nothing(&self, body: &Body) -> bool {
        let count = body
            .get_attribute("count")
            .map(|a| self.scope.eval(&a.value));
        let for_each = body
            .get_attribute("for_each")
            .map(|a| self.scope.eval(&a.value));
        matches!(count, Some(Ok(ref v)) if v.as_i64() == Some(0))
            || matches!(for_each, Some(Ok(Value::List(ref l))) if l.is_empty())
            || matches!(for_each, Some(Ok(Value::Object(ref o))) if o.is_empty())
    }

    /// One instance of a resource block, under its instance `address`; `config` is the
    /// block's address in its module instance (where `fix` finds it).
    #[expect(
        clippy::too_many_arguments,
        reason = "one resource instance and where it sits"
    )]
    fn resource(
        &self,
        p: &Parsed,
        b: &hcl_edit::structure::Block,
        rtype: &str,
        address: &str,
        config: &str,
        inst: &Instance,
        module: &mut Module,
    ) -> Result<(), Error> {
        let stray = crate::read::terraform::STRAY_TYPES.contains(&rtype);
        let span = b.span().unwrap_or(0..0);
        let origin = Origin {
            address: address.to_owned(),
            resource_type: rtype.to_owned(),
            module: inst.prefix.trim_end_matches('.').to_owned(),
            location: Some(Box::new(p.location(span.start))),
        };
        if stray {
            module.inventory.strays.push(Stray { origin });
            return Ok(());
        }
        if self.creates_nothing(&b.body) {
            return Ok(());
        }
        let body = &b.body;
        let (metadata, meta_site) = self.metadata(p, body, address);
        if !module.sites.contains_key(config)
            && let Some(site) = resource_site(p, b, meta_site)
        {
            module.sites.insert(config.to_owned(), site);
        }
        let provider = self.provider(body);
        let inv = &mut module.inventory;
        let block = |name: &str| {
            body.blocks()
                .find(|x| x.ident.value().as_str() == name && x.labels.is_empty())
        };
        let subject =
            |kind, metadata, can_override, templates, launch_configuration, ami| Subject {
                kind,
                origin: origin.clone(),
                id: None,
                region: None,
                account: None,
                provider: provider.clone(),
                metadata,
                can_override,
                templates,
                launch_configuration,
                ami,
                pending: false,
                launched_by: None,
                name_tag: None,
            };
        let opaque = |inv: &mut Inventory, rtype: &str| {
            if let Some(l) = crate::read::terraform::opaque(rtype) {
                inv.subjects.push(Subject::unjudged(
                    origin.clone(),
                    provider.clone(),
                    l.why.to_owned(),
                ));
            }
        };
        match rtype {
            "aws_instance" | "aws_spot_instance_request" => {
                let kind = if rtype == "aws_instance" {
                    SubjectKind::Instance
                } else {
                    SubjectKind::SpotInstanceRequest
                };
                let templates = block("launch_template")
                    .map(|t| vec![self.template_use(&t.body, "launch_template")])
                    .unwrap_or_default();
                let ami = self.link(body.get_attribute("ami"), &["aws_ami"], "ami", false);
                inv.subjects.push(subject(
                    kind,
                    metadata,
                    true,
                    templates,
                    None,
                    Some(ami).filter(|l| !l.is_empty()),
                ));
            }
            "aws_autoscaling_group" => {
                let mut templates = Vec::new();
                if let Some(t) = block("launch_template") {
                    templates.push(self.template_use(&t.body, "launch_template"));
                }
                let mip = block("mixed_instances_policy").and_then(|m| {
                    m.body
                        .blocks()
                        .find(|x| x.ident.value().as_str() == "launch_template")
                });
                if let Some(m) = mip {
                    if let Some(spec) = m
                        .body
                        .blocks()
                        .find(|x| x.ident.value().as_str() == "launch_template_specification")
                    {
                        templates.push(self.template_use(
                            &spec.body,
                            "mixed_instances_policy.launch_template.launch_template_specification",
                        ));
                    }
                    for (i, o) in m
                        .body
                        .blocks()
                        .filter(|x| x.ident.value().as_str() == "override")
                        .enumerate()
                    {
                        if let Some(spec) = o
                            .body
                            .blocks()
                            .find(|x| x.ident.value().as_str() == "launch_template_specification")
                        {
                            templates.push(self.template_use(
                                &spec.body,
                                &format!("mixed_instances_policy.launch_template.override[{i}].launch_template_specification"),
                            ));
                        }
                    }
                }
                let lc = self.link(
                    body.get_attribute("launch_configuration"),
                    &["aws_launch_configuration"],
                    "launch_configuration",
                    true,
                );
                inv.subjects.push(subject(
                    SubjectKind::AutoscalingGroup,
                    Block::NotSet,
                    false,
                    templates,
                    Some(lc).filter(|l| !l.is_empty()).map(Box::new),
                    None,
                ));
            }
            "aws_eks_node_group" => {
                // Without a launch template EKS builds its own, whose options no input shows.
                match self.nested(body, "launch_template", |r, b| {
                    r.template_use(b, "launch_template")
                }) {
                    Some(t) => inv.subjects.push(subject(
                        SubjectKind::EksNodeGroup,
                        Block::NotSet,
                        false,
                        vec![t],
                        None,
                        None,
                    )),
                    None => opaque(inv, rtype),
                }
            }
            "aws_ec2_fleet" | "aws_spot_fleet_request" => {
                let configs: Vec<&Body> = nested_all(body, "launch_template_config");
                let n = configs.len();
                let mut templates = Vec::new();
                for (i, c) in configs.into_iter().enumerate() {
                    let path = if n == 1 {
                        "launch_template_config.launch_template_specification".to_owned()
                    } else {
                        format!("launch_template_config[{i}].launch_template_specification")
                    };
                    if let Some(t) = self.nested(c, "launch_template_specification", |r, b| {
                        r.template_use(b, &path)
                    }) {
                        templates.push(t);
                    }
                }
                // A spot fleet's `launch_specification` carries no metadata options: its
                // instances take the account default, then the AMI's.
                let ami = if templates.is_empty() {
                    self.nested(body, "launch_specification", |r, b| {
                        r.link(
                            b.get_attribute("ami"),
                            &["aws_ami"],
                            "launch_specification.ami",
                            false,
                        )
                    })
                    .filter(|l| !l.is_empty())
                } else {
                    None
                };
                inv.subjects.push(subject(
                    SubjectKind::Fleet,
                    Block::NotSet,
                    false,
                    templates,
                    None,
                    ami,
                ));
            }
            "aws_batch_compute_environment" => {
                // No `compute_resources`: an unmanaged environment, Batch launches nothing.
                if let Some(t) = self.nested(body, "compute_resources", |r, cr| {
                    let kind = r.val_str(cr.get_attribute("type"), "compute_resources.type");
                    if kind.known().is_some_and(|k| k.starts_with("FARGATE")) {
                        return None;
                    }
                    Some(r.nested(cr, "launch_template", |r, b| {
                        r.template_use(b, "compute_resources.launch_template")
                    }))
                }) {
                    match t {
                        Some(Some(t)) => inv.subjects.push(subject(
                            SubjectKind::Fleet,
                            Block::NotSet,
                            false,
                            vec![t],
                            None,
                            None,
                        )),
                        Some(None) => opaque(inv, rtype),
                        None => {}
                    }
                }
            }
            t if crate::read::terraform::opaque_launcher(t).is_some() => opaque(inv, rtype),
            "aws_launch_template" => {
                let image = self.link(
                    body.get_attribute("image_id"),
                    &["aws_ami"],
                    "image_id",
                    false,
                );
                inv.templates.push(LaunchTemplate {
                    origin,
                    id: Val::Unknown("the launch template id is known only after apply".to_owned()),
                    name: self.val_str(body.get_attribute("name"), "name"),
                    // The configuration describes the template's newest version, of a template
                    // that may well exist already: a change to it is a new version, which
                    // `$Default` subjects launch only once it is the default (the remediation
                    // and the fix say so), and a pinned version number cannot be read.
                    lifecycle: Lifecycle::Existing,
                    metadata,
                    metadata_before: Block::NotSet,
                    default_version: self.val_int_in(
                        self.scope,
                        body.get_attribute("default_version"),
                        "default_version",
                    ),
                    latest_version: Val::Absent,
                    default_version_before: Val::Absent,
                    latest_version_before: Val::Absent,
                    update_default_version: matches!(
                        body.get_attribute("update_default_version")
                            .map(|a| self.scope.eval(&a.value)),
                        Some(Ok(Value::Bool(true)))
                    ),
                    image: Some(image).filter(|l| !l.is_empty()),
                    provider,
                    versions: Vec::new(),
                });
            }
            "aws_launch_configuration" => {
                let image = self.link(
                    body.get_attribute("image_id"),
                    &["aws_ami"],
                    "image_id",
                    false,
                );
                inv.configurations.push(LaunchConfiguration {
                    origin,
                    name: self.val_str(body.get_attribute("name"), "name"),
                    metadata,
                    image: Some(image).filter(|l| !l.is_empty()),
                    provider: ProviderRef::default(),
                });
            }
            "aws_ec2_instance_metadata_defaults" => {
                inv.defaults.push(AccountDefaults {
                    origin,
                    provider,
                    http_tokens: self.val_str(body.get_attribute("http_tokens"), "http_tokens"),
                    http_endpoint: self
                        .val_str(body.get_attribute("http_endpoint"), "http_endpoint"),
                    hop_limit: self.val_int_in(
                        self.scope,
                        body.get_attribute("http_put_response_hop_limit"),
                        "http_put_response_hop_limit",
                    ),
                    enforced: false,
                    managed_by: None,
                });
            }
            "aws_ami" => {
                inv.amis.push(Ami {
                    origin,
                    id: Val::Unknown("the AMI id is known only after apply".to_owned()),
                    imds_support: self.val_str(body.get_attribute("imds_support"), "imds_support"),
                });
            }
            _ => {}
        }
        Ok(())
    }
}

/// The `{` after a block's labels, and its closing `}`.
fn braces(p: &Parsed, b: &hcl_edit::structure::Block) -> Option<(Range<usize>, usize, usize)> {
    let span = b.span()?;
    let after = b
        .labels
        .last()
        .and_then(Span::span)
        .or_else(|| b.ident.span())?
        .end;
    let open = after + p.text.get(after..span.end)?.find('{')?;
    let close = span.end.checked_sub(1)?;
    (p.text.as_bytes().get(close) == Some(&b'}')).then_some((span, open, close))
}

fn meta_site(p: &Parsed, b: &hcl_edit::structure::Block, dynamic: bool) -> Option<MetaSite> {
    let (block, open, close) = braces(p, b)?;
    let attrs = b
        .body
        .attributes()
        .filter_map(|a| {
            Some(AttrSite {
                key: a.key.value().as_str().to_owned(),
                span: a.span()?,
                key_span: a.key.span()?,
                value: a.value.span()?,
                literal: a.value.as_str().map(str::to_owned),
                shown: eval::show(&a.value),
                named: eval::named_value(&a.value),
            })
        })
        .collect();
    Some(MetaSite {
        dynamic,
        block,
        open,
        close,
        attrs,
    })
}

fn resource_site(
    p: &Parsed,
    b: &hcl_edit::structure::Block,
    metadata: Option<MetaSite>,
) -> Option<Site> {
    let (block, open, close) = braces(p, b)?;
    let first_item = b
        .body
        .iter()
        .filter_map(|s| s.span())
        .map(|s| s.start)
        .min();
    let empty_dynamic = b.body.blocks().any(|d| {
        d.ident.value().as_str() == "dynamic"
            && labels(d).as_slice() == ["metadata_options"]
            && !d
                .body
                .blocks()
                .any(|c| c.ident.value().as_str() == "content")
    });
    Some(Site {
        file: p.name.to_owned(),
        block,
        open,
        close,
        first_item,
        metadata,
        empty_dynamic,
    })
}

/// Reads a single `.tf` document given as bytes (`inputKind: "terraform-source"`), under the
/// name `main.tf`.
pub fn read_one(text: &str) -> Result<Inventory, Error> {
    let files = BTreeMap::from([("main.tf".to_owned(), text.to_owned())]);
    let mut modules = read(&files)?;
    modules.pop().map(|m| m.inventory).ok_or_else(|| {
        Error::new(
            ErrorCode::UnsupportedInput,
            "no Terraform configuration to read",
        )
    })
}
