//! imdsv2-policy: AWS Security Hub EC2.8 (IMDSv2) findings, with fixes, from Terraform plan
//! and state JSON and EC2 DescribeInstances JSON.
//!
//! One pipeline: bytes are read into an [`inventory::Inventory`], the effective-value chain
//! resolves each launch subject, controls turn resolutions into findings, and the
//! [`Report`] is written as JSON or text. Every shell (native CLI, wasm-bindgen, WASI,
//! Extism) calls [`evaluate`].

pub mod address;
pub mod cli;
pub mod controls;
pub mod diff;
pub mod error;
pub mod fix;
pub mod i18n;
pub mod inventory;
pub mod limits;
pub mod options;
mod par;
pub mod policy;
pub mod read;
pub mod remediation;
pub mod report;
pub mod request;
pub mod resolve;
#[cfg(all(unix, not(target_arch = "wasm32")))]
pub mod stream;
pub mod suppress;

/// The JavaScript interface: its types on every target, its wasm-bindgen exports on `wasm32`
/// with the `wasm` feature.
pub mod wasm;

pub use error::{Error, ErrorCode, Location};
pub use options::{EndpointDisabled, Options};
pub use policy::Policy;
pub use report::model::{Finding, InputKind, Report, Status};
pub use report::{text::to_text, to_json};

pub use fix::{FixResult, fix_sources};
pub use suppress::IgnoreEntry;

use report::model::{Note, Summary, Tool, Verdict};
use std::collections::BTreeMap;

pub const TOOL_NAME: &str = "imdsv2-policy";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Evaluates one document (any supported kind, any supported encoding).
pub fn evaluate(input: &[u8], options: &Options) -> Result<Report, Error> {
    limits::check(input.len() as u64, options)?;
    let inventory = read::read(input, options.input_kind)?;
    report_of(&[&inventory], options)
}

/// [`evaluate`], giving the input's memory back as soon as it is read, before the report is
/// built: what the CLI uses (with a buffer, or a file mapped into memory), so peak memory stays
/// near the input's size.
pub fn evaluate_owned<I: AsRef<[u8]>>(input: I, options: &Options) -> Result<Report, Error> {
    let bytes = input.as_ref();
    limits::check(bytes.len() as u64, options)?;
    let inventory = read::read(bytes, options.input_kind)?;
    drop(input);
    report_of(&[&inventory], options)
}

/// Evaluates several documents as one, as `imdsv2-policy check NAME...` judges the files of
/// those names: JSON documents are each read as [`evaluate`] reads one, the live ones
/// (DescribeInstances and the other AWS responses) joined into one account view, the
/// Terraform ones kept as separate configurations; when every name is a Terraform file
/// ([`request::is_source_name`]) or the input kind is `terraform-source`, they are Terraform
/// source, as [`evaluate_sources`] reads it. One document is exactly [`evaluate`]. `name` is
/// how errors name each document; a name given twice is an `invalid-request` error.
pub fn evaluate_documents(documents: &[(&str, &[u8])], options: &Options) -> Result<Report, Error> {
    // Two documents of one name are one file given twice, which the CLI reads once.
    request::unique_names("documents", documents.iter().map(|(n, _)| *n))?;
    let sources = documents
        .iter()
        .filter(|(n, _)| request::is_source_name(n))
        .count();
    if options.input_kind == Some(InputKind::TerraformSource)
        || (sources == documents.len() && sources > 0)
    {
        return evaluate_sources(&request::source_files(documents)?, options);
    }
    if let Some((name, _)) = documents.iter().find(|(n, _)| request::is_source_name(n)) {
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            format!(
                "`{name}` is Terraform source, the other documents are JSON documents: evaluate them apart"
            ),
        ));
    }
    match documents {
        [] => {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "there are no documents to evaluate",
            )
            .with_help("give at least one document: a plan, a state, or an AWS response"));
        }
        [(name, bytes)] => return evaluate(bytes, options).map_err(|e| e.in_document(name)),
        _ => {}
    }
    // Several: their names and bytes together (one document's limit is [`evaluate`]'s, on its
    // bytes, as the CLI has it for one file; Terraform source's is [`evaluate_sources`]').
    let size: u64 = documents
        .iter()
        .map(|(n, b)| (n.len() + b.len()) as u64)
        .sum();
    limits::check(size, options)?;
    let mut live = Vec::new();
    let mut terraform = Vec::new();
    for (name, bytes) in documents {
        let inv = read::read(bytes, options.input_kind).map_err(|e| e.in_document(name))?;
        if matches!(
            inv.kind,
            InputKind::Ec2DescribeInstances | InputKind::AwsLive
        ) {
            live.push(inv);
        } else {
            terraform.push(inv);
        }
    }
    if !live.is_empty() {
        terraform.push(read::live::merge(live));
    }
    let all: Vec<&inventory::Inventory> = terraform.iter().collect();
    report_of(&all, options)
}

/// Evaluates Terraform source: `.tf` files (and `.tfvars` beside them), by file name. Files
/// in different directories are different configurations. Findings carry `file:line:column`.
pub fn evaluate_sources(
    files: &BTreeMap<String, String>,
    options: &Options,
) -> Result<Report, Error> {
    limits::check(sources_size(files), options)?;
    let modules = read::source::read(files)?;
    let inventories: Vec<&inventory::Inventory> = modules.iter().map(|m| &m.inventory).collect();
    report_of(&inventories, options)
}

/// The size of Terraform source as the limits count it: every file's name and text.
pub fn sources_size(files: &BTreeMap<String, String>) -> u64 {
    files.iter().map(|(n, t)| (n.len() + t.len()) as u64).sum()
}

/// Findings by resource name, control, then place. Findings are large, so an order of their
/// indices is sorted and the findings are then swapped into it (a large plan's 50,000
/// findings sorted directly spent 7% of the whole evaluation moving them).
/// The report's order: by name (address or id, [`natural_cmp`]), then control, then place.
/// Sorts with it are stable.
pub(crate) fn finding_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    fn at(f: &Finding) -> Option<(&str, usize, usize)> {
        f.location
            .as_ref()
            .map(|l| (l.file.as_str(), l.line, l.column))
    }
    natural_cmp(a.resource.name(), b.resource.name())
        .then_with(|| a.control.cmp(&b.control))
        .then_with(|| at(a).cmp(&at(b)))
}

pub(crate) fn sorted(mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&i, &j| match (findings.get(i), findings.get(j)) {
        (Some(a), Some(b)) => finding_order(a, b),
        _ => i.cmp(&j),
    });
    // In place: no second vector of findings, so sorting adds nothing to the peak memory of
    // a large plan.
    permute(&mut findings, order);
    findings
}

/// Names in the order people read them: runs of digits compare as numbers, so
/// `web[2]` comes before `web[10]`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (a0, b0) = (a.as_bytes(), b.as_bytes());
    // Equal bytes compare equal, so the walk starts where the two first differ, moved back
    // to the start of the run of digits that place is in: the report's sort compares long
    // addresses that share most of their length.
    let common = a0.iter().zip(b0).take_while(|(c, d)| c == d).count();
    let prefix = a0.get(..common).unwrap_or_default();
    let start = prefix
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let (mut x, mut y) = (
        a0.get(start..).unwrap_or_default(),
        b0.get(start..).unwrap_or_default(),
    );
    fn digits(s: &[u8]) -> (&[u8], &[u8]) {
        s.split_at(s.iter().take_while(|c| c.is_ascii_digit()).count())
    }
    fn without_zeros(s: &[u8]) -> &[u8] {
        s.get(s.iter().take_while(|c| **c == b'0').count()..)
            .unwrap_or_default()
    }
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (p, q) = (digits(x), digits(y));
                let (tp, tq) = (without_zeros(p.0), without_zeros(q.0));
                let o = tp.len().cmp(&tq.len()).then_with(|| tp.cmp(tq));
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
                (x, y) = (p.1, q.1);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                (x, y) = (
                    x.get(1..).unwrap_or_default(),
                    y.get(1..).unwrap_or_default(),
                );
            }
        }
    }
}

/// Reorders `items` in place, cycle by cycle, so that place `n` holds what was at `order[n]`
/// (`order` a permutation of the places).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut here = start;
        while let Some(from) = order
            .get_mut(here)
            .map(|slot| std::mem::replace(slot, here))
        {
            if from == start || from == here || from >= items.len() {
                break;
            }
            items.swap(here, from);
            here = from;
        }
    }
}

/// Judges inventories: the controls the options select, over every subject. [`report_of`]
/// and the streaming reader ([`stream`]) both judge through it, so they judge alike.
pub(crate) struct Judge<'o> {
    pub options: &'o Options,
    pub policy: &'static Policy,
    pub controls: Vec<(&'static dyn controls::Control, &'static Policy)>,
    pub ignores: Vec<suppress::Ignore>,
    pub today: Option<suppress::Date>,
}

impl<'o> Judge<'o> {
    pub fn new(options: &'o Options) -> Result<Judge<'o>, Error> {
        Ok(Judge {
            options,
            policy: policy::ec2_8()?,
            controls: controls::selected(options)?,
            ignores: suppress::from_entries(&options.ignore)?,
            today: suppress::today(options.today.as_deref())?,
        })
    }

    /// The findings of every selected control on `inv`, control by control, appended to
    /// `found`, with the live forms of their fixes (AWS CLI, API request) when `inv` is live.
    /// Room for them is made first, so the findings of a large plan are written once into
    /// one vector: concatenating a vector per control copied 50,000 findings (19 MB) into
    /// fresh memory, measured.
    pub fn findings(&self, inv: &inventory::Inventory, found: &mut Vec<Finding>) {
        let live = matches!(
            inv.kind,
            InputKind::AwsLive | InputKind::Ec2DescribeInstances
        )
        .then(|| remediation::LiveIndex::new(inv));
        found.reserve(Self::room(inv));
        for (control, policy) in &self.controls {
            let start = found.len();
            control.evaluate(inv, self.options, policy, found);
            if let Some(ix) = &live {
                // A control judges subjects in order, so the n-th finding of an id listed
                // more than once is about its n-th subject.
                let mut last: BTreeMap<&str, usize> = BTreeMap::new();
                for f in found.iter_mut().skip(start) {
                    let place = f.resource.id.as_deref().and_then(|id| {
                        let (key, at) = ix.place(id, None)?;
                        if !ix.repeated(at) {
                            return Some(at);
                        }
                        let (_, at) = ix.place(id, last.get(key).copied())?;
                        last.insert(key, at);
                        Some(at)
                    });
                    remediation::live_forms(f, inv, ix, place);
                }
            }
        }
    }

    /// The findings the controls can make of `inv`, at most: EC2.8 one per subject, EC2.170
    /// one per managed template, AutoScaling.3 and .4 one per launch configuration each.
    pub fn room(inv: &inventory::Inventory) -> usize {
        inv.subjects.len() + inv.templates.len() + 2 * inv.configurations.len()
    }

    fn ec2_8(&self) -> bool {
        self.controls.iter().any(|(c, _)| c.id() == "EC2.8")
    }
}

/// The counts the summary is made of, a finding at a time (after suppression).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub unjudged: usize,
    /// The regions of open failures, each once (DescribeInstances only: the guardrail note
    /// names them). A handful at most: a list is smaller code than a set.
    pub fail_regions: Option<Vec<String>>,
}

impl Tally {
    pub fn new(kind: InputKind) -> Tally {
        Tally {
            fail_regions: (kind == InputKind::Ec2DescribeInstances).then(Default::default),
            ..Tally::default()
        }
    }

    pub fn add(&mut self, f: &Finding) {
        if f.suppression.is_some() {
            self.suppressed += 1;
            return;
        }
        match f.status {
            Status::Pass => self.pass += 1,
            Status::Fail => {
                self.fail += 1;
                if let (Some(list), Some(r)) = (self.fail_regions.as_mut(), &f.resource.region)
                    && !list.contains(r)
                {
                    list.push(r.clone());
                }
            }
            Status::Unknown => self.unknown += 1,
        }
        if f.unjudged {
            self.unjudged += 1;
        }
    }
}

/// What the report-wide notes need of the inventories, one inventory at a time.
#[derive(Debug)]
pub(crate) struct Seen {
    pub subjects: usize,
    templates: usize,
    resources: usize,
    no_defaults: bool,
    /// Each inventory's strays and notes, in order.
    pub notes: Vec<Note>,
}

impl Seen {
    pub fn new() -> Seen {
        Seen {
            subjects: 0,
            templates: 0,
            resources: 0,
            no_defaults: true,
            notes: Vec::new(),
        }
    }

    pub fn add(&mut self, inv: &inventory::Inventory) {
        self.subjects += inv.subjects.len();
        self.templates += inv.templates.len() + inv.configurations.len();
        self.resources += inv.resources_seen;
        self.no_defaults &= inv.defaults.is_empty();
        self.notes.extend(inv.strays.iter().map(stray_note));
        self.notes.extend(inv.notes.iter().cloned());
    }
}

/// The report over one or more inventories of the same kind: findings sorted, suppressions
/// applied, then the summary and report-wide notes.
pub(crate) fn report_of(
    inventories: &[&inventory::Inventory],
    options: &Options,
) -> Result<Report, Error> {
    let mut judge = Judge::new(options)?;
    let kind = inventories
        .first()
        .map_or(InputKind::TerraformSource, |i| i.kind);
    // One vector of the findings' number at most, made once: growing it control by control
    // doubled its capacity on a large plan (50,000 EC2.8 findings, then 500 EC2.170) and
    // copied it.
    let mut findings = Vec::with_capacity(inventories.iter().map(|i| Judge::room(i)).sum());
    let mut seen = Seen::new();
    for inv in inventories {
        judge.findings(inv, &mut findings);
        judge.ignores.extend(inv.ignores.iter().cloned());
        seen.add(inv);
    }
    let sensitive: Vec<&str> = inventories
        .iter()
        .flat_map(|i| i.sensitive.iter().map(String::as_str))
        .collect();
    if !sensitive.is_empty() {
        for f in &mut findings {
            report::redact(f, &sensitive);
        }
    }
    let mut findings = sorted(findings);
    let suppression_notes = suppress::apply(&mut findings, &judge.ignores, judge.today);
    let mut tally = Tally::new(kind);
    for f in &findings {
        tally.add(f);
    }
    let (summary, head) = summarize(&judge, kind, &tally, &seen);
    let mut notes = head;
    notes.extend(seen.notes);
    notes.extend(suppression_notes);
    let first = inventories.first();
    let groups = report::groups(&findings);
    let report = Report {
        tool: tool(),
        input: report::model::InputInfo {
            kind,
            format_version: first.and_then(|i| i.format_version.clone()),
            terraform_version: first.and_then(|i| i.terraform_version.clone()),
            encoding: first.and_then(|i| i.encoding.clone()),
            subjects: seen.subjects,
        },
        summary,
        findings,
        notes,
        groups,
    };
    // The texts in the language the options ask for; English is how the core writes them.
    Ok(match options.lang {
        Some(i18n::Lang::Ja) => i18n::Translator::new().report(&report),
        Some(i18n::Lang::En) | None => report,
    })
}

pub(crate) fn tool() -> Tool {
    Tool {
        name: TOOL_NAME.to_owned(),
        version: VERSION.to_owned(),
    }
}

/// The summary, and the report-wide notes that come before the inventories' own: the
/// verdict's reasons, the guardrail, an input with nothing to judge.
pub(crate) fn summarize(
    judge: &Judge<'_>,
    kind: InputKind,
    tally: &Tally,
    seen: &Seen,
) -> (Summary, Vec<Note>) {
    let Tally {
        pass,
        fail,
        unknown,
        suppressed,
        unjudged,
        ..
    } = *tally;
    // Something that may launch instances and was not read never passes: a gate that passes
    // what it did not judge is worse than one that stops.
    let verdict = if fail > 0 || unjudged > 0 || (judge.options.fail_on_unknown && unknown > 0) {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let mut notes = Vec::new();
    if unjudged > 0 {
        notes.push(Note {
            id: "not-judged".to_owned(),
            message: format!(
                "the verdict is `fail` because {unjudged} thing{} that may launch instances could not be judged from this input (the `unknown` findings marked unjudged: a module not on disk, a service that launches with options of its own); judge them (modules: `terraform init`, or check a plan; services: check their instances live), or suppress each with a reason",
                if unjudged == 1 { "" } else { "s" }
            ),
            terraform: None,
            aws_cli: None,
        });
    }
    if !judge.ec2_8() {
        // The account guardrail speaks for EC2.8's launches.
    } else if seen.no_defaults
        && (fail > 0 || unknown > 0)
        && kind != InputKind::Ec2DescribeInstances
    {
        notes.push(guardrail(judge.policy, None));
    } else if kind == InputKind::Ec2DescribeInstances && fail > 0 {
        let mut regions: Vec<&str> = tally
            .fail_regions
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        regions.sort_unstable();
        notes.push(guardrail(judge.policy, Some(&regions)));
    }
    if seen.subjects == 0 && (seen.templates > 0 || seen.resources > 0) {
        notes.push(Note {
            id: "no-subjects".to_owned(),
            message: format!(
                "0 subjects: the input holds {} but nothing EC2.8 judges (an instance, a spot request, an Auto Scaling group, or a node group with a launch template)",
                match (seen.templates, seen.resources) {
                    (0, r) => format!("{r} resource{}", if r == 1 { "" } else { "s" }),
                    (t, _) => format!(
                        "{t} launch template{s} or configuration{s}",
                        s = if t == 1 { "" } else { "s" }
                    ),
                }
            ),
            terraform: None,
            aws_cli: None,
        });
    }
    let summary = Summary {
        pass,
        fail,
        unknown,
        suppressed,
        verdict,
    };
    (summary, notes)
}

/// A resource type that looks like an IMDS setting but that the AWS provider does not have
/// (the seed article's `aws_instance_metadata_options`).
fn stray_note(s: &inventory::Stray) -> Note {
    let at = s
        .origin
        .location
        .as_ref()
        .map(|l| format!(" at {l}"))
        .unwrap_or_default();
    Note {
        id: "not-a-provider-resource".to_owned(),
        message: format!(
            "`{}`{at} is not a resource of the AWS provider, so Terraform will reject it and it changes nothing. \
             For an instance Terraform manages, set `metadata_options` on its `aws_instance`; for one it does not, \
             use the AWS CLI",
            s.origin.address
        ),
        terraform: None,
        aws_cli: Some(
            "aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-tokens required --http-endpoint enabled"
                .to_owned(),
        ),
    }
}

/// The account-level guardrail, said once per report.
fn guardrail(policy: &Policy, regions: Option<&[&str]>) -> Note {
    let cli = match regions {
        Some(rs) if !rs.is_empty() => rs
            .iter()
            .map(|r| format!("aws ec2 modify-instance-metadata-defaults --http-tokens required --http-endpoint enabled --region {r}"))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => "aws ec2 modify-instance-metadata-defaults --http-tokens required --http-endpoint enabled --region REGION".to_owned(),
    };
    let text = remediation::hcl_block(
        "resource",
        &["aws_ec2_instance_metadata_defaults", "imdsv2"],
        &[
            ("http_tokens", remediation::Hcl::Str("required")),
            ("http_endpoint", remediation::Hcl::Str("enabled")),
        ],
    );
    Note {
        id: "account-guardrail".to_owned(),
        message: format!(
            "{} It applies per region and provider configuration, and only to instances launched after it is set.",
            policy.notes.guardrail
        ),
        terraform: Some(remediation::align(&text)),
        aws_cli: Some(cli),
    }
}

/// Gives the findings of a plan or state the place of their block in the Terraform source
/// that made it (`check plan.json --source DIR`): each finding without a location whose
/// configuration address (the address without instance keys) names a block of `files` gets
/// that block's `file:line:column`, so that SARIF and annotations land on the `.tf` line in a
/// pull request. Returns how many findings were placed and the addresses not found.
pub fn locate_findings(
    report: &mut Report,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<(usize, Vec<String>), Error> {
    let modules = crate::read::source::read(files)?;
    let mut places: std::collections::HashMap<String, &report::model::SourceLocation> =
        std::collections::HashMap::new();
    for m in &modules {
        let inv = &m.inventory;
        let origins = inv
            .subjects
            .iter()
            .map(|s| &s.origin)
            .chain(inv.templates.iter().map(|t| &t.origin))
            .chain(inv.configurations.iter().map(|c| &c.origin))
            .chain(inv.defaults.iter().map(|d| &d.origin));
        for o in origins {
            if let Some(l) = &o.location {
                places
                    .entry(address::config_address(&o.address))
                    .or_insert(l);
            }
        }
    }
    let mut placed = 0;
    let mut missing = Vec::new();
    for f in report.findings.iter_mut().filter(|f| f.location.is_none()) {
        let Some(address) = f.resource.address.as_deref() else {
            continue;
        };
        let key = address::config_address(address);
        match places.get(&key) {
            Some(l) => {
                f.location = Some((*l).clone());
                placed += 1;
            }
            None => {
                if !missing.contains(&key) {
                    missing.push(key);
                }
            }
        }
    }
    if !missing.is_empty() {
        report.notes.push(Note {
            id: "source-not-found".to_owned(),
            message: format!(
                "{} block{} of the input {} not found in the source given with `--source`, so {} findings point at the input file: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "was" } else { "were" },
                if missing.len() == 1 { "its" } else { "their" },
                missing
                    .iter()
                    .take(5)
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if missing.len() > 5 { ", ..." } else { "" }
            ),
            terraform: None,
            aws_cli: None,
        });
    }
    Ok((placed, missing))
}

/// The JSON-in, JSON-out form the WASI and Extism shells use: the input document, and the
/// options as JSON (empty for defaults).
pub fn evaluate_json(input: &[u8], options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    evaluate(input, &options).map(|r| to_json(&r))
}

/// [`evaluate_sources`] in JSON: `files_json` is an object of file name to content.
pub fn evaluate_sources_json(files_json: &str, options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    evaluate_sources(&files_from_json(files_json)?, &options).map(|r| to_json(&r))
}

/// [`fix_sources`] in JSON: `files_json` is an object of file name to content; the answer
/// is the [`FixResult`] as pretty JSON.
pub fn fix_sources_json(files_json: &str, options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    fix_json(&files_from_json(files_json)?, &options)
}

/// [`evaluate_documents`] as the WebAssembly component's `evaluate` takes it: named
/// documents, the options as JSON (empty for defaults); a name given twice is refused (by
/// [`evaluate_documents`]), and a document over the limit by its name, as the
/// CLI refuses a file. The report's JSON, the CLI's `--format json`.
pub fn evaluate_documents_json(
    documents: &[(&str, &[u8])],
    options_json: &str,
) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    // Each document's length first, as the CLI checks each file's before it reads it.
    for (name, bytes) in documents {
        limits::check(bytes.len() as u64, &options).map_err(|e| e.in_document(name))?;
    }
    evaluate_documents(documents, &options).map(|r| to_json(&r))
}

/// [`fix_sources`] of (file name, text) pairs, as the component's `fix-sources` takes them;
/// a name given twice is refused. The [`FixResult`] as `fix --format json` prints it.
pub fn fix_files_json(files: &[(&str, &str)], options_json: &str) -> Result<String, Error> {
    let options = Options::from_json(options_json)?;
    request::unique_names("files", files.iter().map(|(n, _)| *n))?;
    let map = files
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    fix_json(&map, &options)
}

fn fix_json(files: &BTreeMap<String, String>, options: &Options) -> Result<String, Error> {
    let result = fix_sources(files, options)?;
    let mut s = serde_json::to_string_pretty(&result).unwrap_or_default();
    s.push('\n');
    Ok(s)
}

fn files_from_json(text: &str) -> Result<BTreeMap<String, String>, Error> {
    serde_json::from_str(text).map_err(|e| {
        let msg = crate::error::serde_message(&e);
        Error::new(
            ErrorCode::InvalidJson,
            format!("the files are not an object of file name to text: {msg}"),
        )
        .at_line(e.line(), e.column())
        .with_help("expected {\"main.tf\": \"resource ...\", ...}")
    })
}

/// The JSON Schema of the report, as committed in `schema/report.schema.json`.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of a request ([`request::Request`]): documents and options.
pub fn request_schema() -> String {
    let schema = schemars::schema_for!(request::Request);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the options.
pub fn options_schema() -> String {
    let schema = schemars::schema_for!(Options);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_applies_any_permutation() {
        // Every permutation of 6 places (720), from Heap's algorithm.
        let n = 6;
        let mut p: Vec<usize> = (0..n).collect();
        let mut c = vec![0; n];
        let check = |order: &[usize]| {
            let mut items: Vec<usize> = (0..n).map(|i| i * 10).collect();
            super::permute(&mut items, order.to_vec());
            let want: Vec<usize> = order.iter().map(|i| i * 10).collect();
            assert_eq!(items, want, "{order:?}");
        };
        check(&p);
        let mut i = 0;
        let mut count = 1;
        while i < n {
            if c.get(i).copied().unwrap_or(0) < i {
                let j = if i % 2 == 0 {
                    0
                } else {
                    c.get(i).copied().unwrap_or(0)
                };
                p.swap(j, i);
                check(&p);
                count += 1;
                if let Some(ci) = c.get_mut(i) {
                    *ci += 1;
                }
                i = 0;
            } else {
                if let Some(ci) = c.get_mut(i) {
                    *ci = 0;
                }
                i += 1;
            }
        }
        assert_eq!(count, 720);
    }
}

#[cfg(test)]
mod natural_order {
    use super::natural_cmp;
    use std::cmp::Ordering::*;

    #[test]
    fn index_keys_in_reading_order() {
        assert_eq!(natural_cmp("web[2]", "web[10]"), Less);
        assert_eq!(natural_cmp("web[10]", "web[9]"), Greater);
        assert_eq!(
            natural_cmp("a[01]", "a[1]"),
            Less,
            "equal numbers fall back to the text"
        );
        assert_eq!(natural_cmp("module.b[3].x", "module.b[20].x"), Less);
        assert_eq!(natural_cmp("web", "web[0]"), Less);
        let mut v = vec!["i[10]", "i[1]", "i[2]", "h", "i[0]"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["h", "i[0]", "i[1]", "i[2]", "i[10]"]);
    }

    /// The comparison as written first, from the strings' starts, with nothing skipped.
    fn from_the_start(a: &str, b: &str) -> std::cmp::Ordering {
        let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
        loop {
            match (x.first(), y.first()) {
                (None, None) => return a.cmp(b),
                (None, Some(_)) => return Less,
                (Some(_), None) => return Greater,
                (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                    let n = x.iter().take_while(|c| c.is_ascii_digit()).count();
                    let m = y.iter().take_while(|c| c.is_ascii_digit()).count();
                    let (p, q) = (x.split_at(n), y.split_at(m));
                    let value = |s: &[u8]| {
                        let s: Vec<u8> = s.iter().copied().skip_while(|c| *c == b'0').collect();
                        (s.len(), s)
                    };
                    let o = value(p.0).cmp(&value(q.0));
                    if o != Equal {
                        return o;
                    }
                    (x, y) = (p.1, q.1);
                }
                (Some(c), Some(d)) if c != d => return c.cmp(d),
                _ => (x, y) = (&x[1..], &y[1..]),
            }
        }
    }

    #[test]
    fn skipping_the_shared_start_changes_no_order() {
        // Every pair of strings of up to four of these characters: shared starts that end
        // inside a run of digits, leading zeros, runs of different lengths.
        let alphabet = ['a', '0', '1', '9', '['];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == words.last().map_or(0, String::len))
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        assert_eq!(words.len(), 1 + 5 + 25 + 125 + 625);
        for a in &words {
            for b in &words {
                assert_eq!(natural_cmp(a, b), from_the_start(a, b), "{a:?} {b:?}");
            }
        }
    }
}
