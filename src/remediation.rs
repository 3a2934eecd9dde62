//! Fixes: a `metadata_options` block (HCL, rendered with hcl-rs) and a JSON merge patch
//! (RFC 7396) for the resource that decides, an instance-level override as the alternative,
//! and for live instances the AWS CLI command and the `ModifyInstanceMetadataOptions` request.
//!
//! A fix keeps the endpoint setting and never lowers a hop limit in effect; a new block gets
//! hop limit 1, or 2 where the instances run containers.

use crate::inventory::{Block, Lifecycle, MetadataOptions, Subject, SubjectKind, Val};
use crate::policy::Policy;
use crate::report::model::{ModifyInstanceMetadataOptions, Remediation, Source, TerraformPatch};
use crate::resolve::{Index, Resolution};
use serde_json::{Map, Value, json};

pub fn remediation(idx: &Index, s: &Subject, r: &Resolution, policy: &Policy) -> Remediation {
    let mut rem = Remediation {
        summary: policy.remediation.clone(),
        terraform: None,
        alternatives: Vec::new(),
        aws_cli: None,
        api_request: None,
        notes: Vec::new(),
    };
    if s.kind == SubjectKind::LiveInstance {
        live(s, r, &mut rem);
        rem.notes.push(policy.notes.sdk_compatibility.clone());
        return rem;
    }
    let containers = containers(idx, s, r);
    let own = match &s.metadata {
        Block::Set(mo) => Some(mo),
        _ => None,
    };
    // Where the fix goes: the template or configuration the value comes from (or would come
    // from), else the subject itself.
    let on_template = matches!(
        r.source,
        Source::LaunchTemplate | Source::AccountDefault | Source::Ami | Source::AwsDefault
    ) && r.template.is_some();
    let on_configuration = matches!(
        r.source,
        Source::LaunchConfiguration | Source::AccountDefault | Source::Ami | Source::AwsDefault
    ) && r.configuration.is_some()
        && r.template.is_none();
    let override_patch = |why: String| {
        patch(
            &s.origin.address,
            &s.origin.resource_type,
            own,
            r,
            &containers,
            false,
            why,
        )
    };
    if let (true, Some(t)) = (on_template, r.template) {
        let own_t = match (&t.metadata, t.lifecycle) {
            (Block::Set(mo), _) => Some(mo),
            _ => None,
        };
        let users = idx
            .template_users
            .get(t.origin.address.as_str())
            .copied()
            .unwrap_or(0);
        let why = format!(
            "the instances take their metadata options from launch template `{}`{}; fixing it there fixes every subject that uses it",
            t.origin.address,
            if users > 1 {
                format!(" ({users} subjects use it)")
            } else {
                String::new()
            }
        );
        // Changing a template that exists adds a version: subjects on `$Default` launch it
        // only once it is the default, subjects on a version number never do.
        let uses_default = s.templates.iter().any(|u| {
            matches!(&u.version, Val::Absent) || u.version.known().is_some_and(|v| v == "$Default")
        });
        let pinned = s
            .templates
            .iter()
            .any(|u| u.version.known().is_some_and(|v| v.parse::<i64>().is_ok()));
        let exists = t.lifecycle != Lifecycle::Create;
        let move_default = exists && !t.update_default_version && uses_default;
        rem.terraform = Some(patch(
            &t.origin.address,
            &t.origin.resource_type,
            own_t,
            r,
            &containers,
            move_default,
            why,
        ));
        if s.can_override {
            rem.alternatives.push(override_patch(format!(
                "an instance-level override: `{}` alone requires IMDSv2, whatever the template says",
                s.origin.address
            )));
        }
        if move_default {
            rem.notes.push(policy.notes.new_template_version.clone());
        }
        if exists && pinned {
            rem.notes.push(policy.notes.pinned_template_version.clone());
        }
    } else if let (true, Some(c)) = (
        on_configuration || r.source == Source::LaunchConfiguration,
        r.configuration,
    ) {
        let own_c = match &c.metadata {
            Block::Set(mo) => Some(mo),
            _ => None,
        };
        let why = format!(
            "the group's instances take their metadata options from launch configuration `{}`",
            c.origin.address
        );
        rem.terraform = Some(patch(
            &c.origin.address,
            &c.origin.resource_type,
            own_c,
            r,
            &containers,
            false,
            why,
        ));
        rem.notes
            .push(policy.notes.launch_configuration_immutable.clone());
    } else if s.can_override {
        let why = match r.source {
            Source::Resource => format!("`{}` sets its own metadata options", s.origin.address),
            Source::LaunchTemplate => format!(
                "the launch template `{}` uses is not in this input; an instance-level override decides regardless of it",
                s.origin.address
            ),
            _ => format!(
                "`{}` launches the instance and takes no launch template",
                s.origin.address
            ),
        };
        rem.terraform = Some(override_patch(why));
    }
    if matches!(
        s.kind,
        SubjectKind::AutoscalingGroup | SubjectKind::EksNodeGroup
    ) {
        rem.notes.push(policy.notes.instance_refresh.clone());
    }
    if s.kind == SubjectKind::Fleet {
        rem.notes.push(policy.notes.fleet_replacement.clone());
    }
    if rem.terraform.is_none() && s.kind == SubjectKind::Fleet && s.templates.is_empty() {
        rem.notes.push(format!(
            "a `launch_specification` cannot set metadata options: give `{}` a `launch_template_config` whose launch template sets `http_tokens = \"required\"` in its `metadata_options`, or require IMDSv2 with the account default (`aws_ec2_instance_metadata_defaults`)",
            s.origin.address
        ));
    } else if rem.terraform.is_none() {
        rem.notes.push(format!(
            "the launch template of `{}` is not in this input: set `http_tokens = \"required\"` in its `metadata_options` where it is defined",
            s.origin.address
        ));
    }
    rem.notes.push(policy.notes.sdk_compatibility.clone());
    rem
}

fn live(s: &Subject, r: &Resolution, rem: &mut Remediation) {
    let id = s.id.clone().unwrap_or_default();
    let endpoint = r.endpoint.clone().unwrap_or_else(|| "enabled".to_owned());
    let mut cmd = format!(
        "aws ec2 modify-instance-metadata-options --instance-id {id} --http-tokens required --http-endpoint {endpoint}"
    );
    if let Some(region) = &s.region {
        cmd.push_str(&format!(" --region {region}"));
    }
    rem.aws_cli = Some(cmd);
    rem.api_request = Some(ModifyInstanceMetadataOptions {
        instance_id: id,
        http_tokens: "required".to_owned(),
        http_endpoint: endpoint,
        http_put_response_hop_limit: None,
    });
}

/// Why a new block would get hop limit 2, if it should.
fn containers(idx: &Index, s: &Subject, r: &Resolution) -> Option<String> {
    if s.kind == SubjectKind::EksNodeGroup {
        return Some(format!(
            "hop limit 2: EKS node group `{}` runs pods that reach IMDS through one more network hop",
            s.origin.address
        ));
    }
    if let Some(t) = r.template
        && let Some(e) = idx.eks_users.get(t.origin.address.as_str())
    {
        return Some(format!(
            "hop limit 2: launch template `{}` is used by EKS node group `{e}`, whose pods reach IMDS through one more network hop",
            t.origin.address
        ));
    }
    if let Some(a) = r
        .ami
        .filter(|a| a.imds_support.known().is_some_and(|v| v == "v2.0"))
    {
        return Some(format!(
            "hop limit 2: AMI `{}` is marked `imds_support = \"v2.0\"`, whose default hop limit is 2",
            a.origin.address
        ));
    }
    None
}

/// The block for one target, keeping what it already sets and the endpoint and hop limit in
/// effect. `move_default` adds `update_default_version = true` for a launch template whose
/// subjects launch its default version.
fn patch(
    target: &str,
    target_type: &str,
    existing: Option<&MetadataOptions>,
    r: &Resolution,
    containers: &Option<String>,
    move_default: bool,
    why: String,
) -> TerraformPatch {
    metadata_patch(
        target,
        target_type,
        existing,
        (r.endpoint.clone(), r.hop_limit),
        containers,
        None,
        move_default,
        why,
    )
}

/// The `metadata_options` fix for `target`: `http_tokens = "required"`, keeping the endpoint
/// and the hop limit it sets or has in effect (`effective`), unless `hop` sets the hop limit
/// with its reason (AutoScaling.4). Every control's Terraform fix is made here.
#[expect(clippy::too_many_arguments, reason = "one fix and everything it keeps")]
pub fn metadata_patch(
    target: &str,
    target_type: &str,
    existing: Option<&MetadataOptions>,
    effective: (Option<String>, Option<i64>),
    containers: &Option<String>,
    hop: Option<(i64, String)>,
    move_default: bool,
    why: String,
) -> TerraformPatch {
    let (effective_endpoint, effective_hop) = effective;
    let known_str =
        |f: fn(&MetadataOptions) -> &Val<String>| existing.and_then(|m| f(m).known().cloned());
    let endpoint = known_str(|m| &m.http_endpoint)
        .or(effective_endpoint)
        .unwrap_or_else(|| "enabled".to_owned());
    let own_hop = existing.and_then(|m| m.hop_limit.known().copied());
    let rule_hop = if containers.is_some() { 2 } else { 1 };
    // AWS accepts hop limits 1 to 64: one outside them is never copied into a fix.
    let valid = |h: &i64| (1..=64).contains(h);
    let (hop, hop_reason) = match (hop, own_hop, effective_hop) {
        (Some(forced), _, _) => forced,
        (None, own_hop, effective_hop) => match (own_hop, effective_hop) {
            (Some(h), _) if !valid(&h) => (
                rule_hop,
                format!(
                    "replaces the hop limit {h} it sets, which AWS rejects (it accepts 1 to 64), with {rule_hop}"
                ),
            ),
            (Some(h), _) => (h, format!("keeps the hop limit {h} it sets")),
            (None, Some(h)) if h > rule_hop && valid(&h) => {
                (h, format!("keeps the hop limit {h} in effect today"))
            }
            _ => (
                rule_hop,
                containers.clone().unwrap_or_else(|| {
                    "hop limit 1 keeps tokens on the instance; use 2 if containers on it need IMDS"
                        .to_owned()
                }),
            ),
        },
    };
    let tags = known_str(|m| &m.instance_metadata_tags);
    let ipv6 = known_str(|m| &m.http_protocol_ipv6);

    let mut text = block_text(&endpoint, hop, tags.as_deref(), ipv6.as_deref());
    let mut why = why;
    if move_default {
        text.insert_str(0, "update_default_version = true\n\n");
        why.push_str(
            "; `update_default_version = true` makes the new version the default, which the subject launches",
        );
    }

    let mut mo = Map::new();
    mo.insert("http_endpoint".into(), json!(endpoint));
    mo.insert("http_tokens".into(), json!("required"));
    mo.insert("http_put_response_hop_limit".into(), json!(hop));
    if let Some(t) = tags {
        mo.insert("instance_metadata_tags".into(), json!(t));
    }
    if let Some(v) = ipv6 {
        mo.insert("http_protocol_ipv6".into(), json!(v));
    }
    let mut merge_patch = Map::new();
    merge_patch.insert("metadata_options".into(), json!([Value::Object(mo)]));
    if move_default {
        merge_patch.insert("update_default_version".into(), json!(true));
    }
    TerraformPatch {
        target: target.to_owned(),
        target_type: target_type.to_owned(),
        block: text,
        merge_patch: Value::Object(merge_patch),
        reason: format!("{why}; {hop_reason}"),
    }
}

/// Aligns the `=` of consecutive attributes, as `terraform fmt` does.
pub fn align(text: &str) -> String {
    let width = text
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim_end().len()))
        .max()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        match line.split_once(" = ") {
            Some((k, v)) => out.push_str(&format!("{:width$} = {v}", k.trim_end())),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// The `metadata_options` block in HCL, aligned. Large plans ask for
/// the same few blocks tens of thousands of times, so renderings are kept per thread.
type RenderedKey = (String, i64, Option<String>, Option<String>);

thread_local! {
    static RENDERED: std::cell::RefCell<std::collections::BTreeMap<RenderedKey, String>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Empties the cache of rendered blocks. For hosts that take memory back between calls (the
/// OPA module's host resets its heap after each evaluation): nothing allocated in one call
/// may be read in the next.
pub fn forget_rendered() {
    RENDERED.with(|c| c.borrow_mut().clear());
}

fn block_text(endpoint: &str, hop: i64, tags: Option<&str>, ipv6: Option<&str>) -> String {
    type Key = RenderedKey;
    let key: Key = (
        endpoint.to_owned(),
        hop,
        tags.map(str::to_owned),
        ipv6.map(str::to_owned),
    );
    if let Some(text) = RENDERED.with(|c| c.borrow().get(&key).cloned()) {
        return text;
    }
    let mut attrs = vec![
        ("http_endpoint", Hcl::Str(endpoint)),
        ("http_tokens", Hcl::Str("required")),
        ("http_put_response_hop_limit", Hcl::Int(hop)),
    ];
    if let Some(t) = tags {
        attrs.push(("instance_metadata_tags", Hcl::Str(t)));
    }
    if let Some(v) = ipv6 {
        attrs.push(("http_protocol_ipv6", Hcl::Str(v)));
    }
    let text = align(&hcl_block("metadata_options", &[], &attrs));
    RENDERED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() < 256 {
            c.insert(key, text.clone());
        }
    });
    text
}

/// An attribute value [`hcl_block`] writes.
#[derive(Debug, Clone, Copy)]
pub enum Hcl<'a> {
    Str(&'a str),
    Int(i64),
}

/// A block of attributes in HCL, as `hcl::to_string` writes it (two-space indent, one
/// attribute a line, not aligned): `TYPE "LABEL"... {`, the attributes, `}`. Strings are
/// quoted with HCL's escapes, including `$${` and `%%{` so no value starts a template.
pub fn hcl_block(kind: &str, labels: &[&str], attrs: &[(&str, Hcl<'_>)]) -> String {
    let mut out = String::from(kind);
    for label in labels {
        out.push(' ');
        push_hcl_string(&mut out, label);
    }
    out.push_str(" {\n");
    for (key, value) in attrs {
        out.push_str("  ");
        out.push_str(key);
        out.push_str(" = ");
        match value {
            Hcl::Str(s) => push_hcl_string(&mut out, s),
            Hcl::Int(i) => out.push_str(&i.to_string()),
        }
        out.push('\n');
    }
    out.push_str("}\n");
    out
}

fn push_hcl_string(out: &mut String, s: &str) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A live inventory's subjects by id, built once per evaluation: looking one up for every
/// finding by scanning them all made 50,000 live instances quadratic (19 s, measured).
pub struct LiveIndex<'i> {
    all: &'i [crate::inventory::Subject],
    /// The place in `all` of the first subject of each id.
    first: std::collections::BTreeMap<&'i str, usize>,
    /// The place of the next subject of the same id (an instance listed twice: pages that
    /// overlap, two snapshots), or `usize::MAX`; so that each finding is told about its own.
    next: Vec<usize>,
}

impl<'i> LiveIndex<'i> {
    pub fn new(inv: &'i crate::inventory::Inventory) -> LiveIndex<'i> {
        let mut first = std::collections::BTreeMap::new();
        let mut next = vec![usize::MAX; inv.subjects.len()];
        // From the end: what an id held is the next subject of it; what is left, the first.
        for (i, s) in inv.subjects.iter().enumerate().rev() {
            if let Some(id) = s.id.as_deref()
                && let (Some(n), Some(slot)) = (first.insert(id, i), next.get_mut(i))
            {
                *slot = n;
            }
        }
        LiveIndex {
            all: &inv.subjects,
            first,
            next,
        }
    }

    fn subject(&self, id: &str) -> Option<&'i crate::inventory::Subject> {
        self.first.get(id).and_then(|&i| self.all.get(i))
    }

    /// The subject a control's findings of this id are about, in order: `previous` is the
    /// place of the last one (the caller keeps it for ids listed more than once), `None` for
    /// the first. The place and the id as the inventory holds it.
    pub fn place(&self, id: &str, previous: Option<usize>) -> Option<(&'i str, usize)> {
        let (&key, &first) = self.first.get_key_value(id)?;
        let at = previous
            .and_then(|p| self.next.get(p).copied())
            .filter(|&n| n != usize::MAX)
            .unwrap_or(first);
        Some((key, at))
    }

    /// Whether a later subject has the id of the one at `place`.
    pub fn repeated(&self, place: usize) -> bool {
        self.next.get(place).is_some_and(|&n| n != usize::MAX)
    }
}

/// Live templates and launch configurations are fixed with the AWS CLI, not Terraform: the
/// finding names the object by id with its account and region, and the Terraform block the
/// chain wrote becomes the commands (a template: a new version from the one in use, made the
/// default; a configuration cannot change: a new one, the group moved to it, an instance
/// refresh).
/// `place` is the place of the finding's own subject ([`LiveIndex::place`]).
pub fn live_forms(
    f: &mut crate::report::model::Finding,
    inv: &crate::inventory::Inventory,
    ix: &LiveIndex<'_>,
    place: Option<usize>,
) {
    let live_type = |t: &str| {
        matches!(
            t,
            "ec2-launch-template" | "autoscaling-launch-configuration"
        )
    };
    let group = (f.resource.resource_type == "autoscaling-group")
        .then(|| f.resource.id.clone())
        .flatten();
    if live_type(&f.resource.resource_type)
        && let Some(a) = f.resource.address.take()
    {
        let scope = inv
            .templates
            .iter()
            .find(|t| t.origin.address == a)
            .map(|t| &t.provider)
            .or_else(|| {
                inv.configurations
                    .iter()
                    .find(|c| c.origin.address == a)
                    .map(|c| &c.provider)
            });
        if let Some(p) = scope {
            f.resource.region = p.region.known().cloned();
            f.resource.account = p
                .config_key
                .as_deref()
                .and_then(|k| k.strip_prefix("aws:"))
                .filter(|k| *k != "?")
                .map(str::to_owned);
        }
        f.resource.id = Some(a);
    }
    let Some(rem) = f.remediation.as_mut() else {
        return;
    };
    if f.resource.resource_type == "ec2-instance" {
        if let Some(note) = f
            .resource
            .id
            .as_deref()
            .and_then(|id| replacement_note(id, place, inv, ix))
        {
            rem.notes.push(note);
        }
        return;
    }
    let Some(p) = rem.terraform.take_if(|p| live_type(&p.target_type)) else {
        return;
    };
    rem.alternatives.retain(|p| !live_type(&p.target_type));
    let mo = p
        .merge_patch
        .get("metadata_options")
        .and_then(|m| m.get(0))
        .unwrap_or(&Value::Null);
    let tokens = mo["http_tokens"].as_str().unwrap_or("required");
    let endpoint = mo["http_endpoint"].as_str().unwrap_or("enabled");
    let hop = mo["http_put_response_hop_limit"].as_i64().unwrap_or(1);
    let region_of = |p: &crate::inventory::ProviderRef| {
        p.region
            .known()
            .map(|r| format!(" --region {r}"))
            .unwrap_or_default()
    };
    // Auto Scaling replaces only what it launches next.
    rem.notes.retain(|n| {
        !n.starts_with("Launch configurations cannot be changed: Terraform")
            && !n.starts_with("Changing a launch template creates a new version")
    });
    if p.target_type == "autoscaling-launch-configuration" {
        let (region, name) = inv
            .configurations
            .iter()
            .find(|c| c.origin.address == p.target)
            .map_or((String::new(), p.target.clone()), |c| {
                (region_of(&c.provider), c.origin.address.clone())
            });
        rem.notes.push(format!(
            "launch configuration `{name}` cannot be changed: create a new one with the same settings and `--metadata-options HttpTokens={tokens},HttpPutResponseHopLimit={hop},HttpEndpoint={endpoint}` (`aws autoscaling create-launch-configuration --launch-configuration-name {name}-imdsv2 ...{region}`), move each group to it (`aws autoscaling update-auto-scaling-group --auto-scaling-group-name GROUP --launch-configuration-name {name}-imdsv2{region}`), then start an instance refresh; better, move the groups to a launch template"
        ));
        return;
    }
    let Some(t) = inv.templates.iter().find(|t| t.origin.address == p.target) else {
        return;
    };
    let region = region_of(&t.provider);
    // The version to build on: the one the group launches, else the default.
    let uses = group
        .as_deref()
        .and_then(|g| ix.subject(g))
        .and_then(|s| {
            s.templates
                .iter()
                .find(|u| u.link.id.known() == Some(&t.origin.address))
        })
        .and_then(|u| u.version.known().cloned());
    let base = match uses.as_deref() {
        Some("$Latest") => t.latest_version.known().copied(),
        Some(n) if n.parse::<i64>().is_ok() => n.parse::<i64>().ok(),
        _ => t.default_version.known().copied(),
    }
    .or(t.latest_version.known().copied());
    let next = t.latest_version.known().map(|l| l + 1);
    let id = &t.origin.address;
    let data = format!(
        "{{\"MetadataOptions\":{{\"HttpTokens\":\"{tokens}\",\"HttpEndpoint\":\"{endpoint}\",\"HttpPutResponseHopLimit\":{hop}}}}}"
    );
    let mut cmd = format!(
        "aws ec2 create-launch-template-version --launch-template-id {id}{} --version-description \"require IMDSv2\" --launch-template-data '{data}'{region}",
        base.map(|b| format!(" --source-version {b}"))
            .unwrap_or_default()
    );
    let pinned = uses.as_deref().is_some_and(|v| v.parse::<i64>().is_ok());
    if let Some(n) = next {
        if !matches!(uses.as_deref(), Some("$Latest")) || group.is_none() {
            cmd.push_str(&format!(
                "\naws ec2 modify-launch-template --launch-template-id {id} --default-version {n}{region}"
            ));
        }
        if pinned && let Some(g) = &group {
            cmd.push_str(&format!(
                "\naws autoscaling update-auto-scaling-group --auto-scaling-group-name {g} --launch-template LaunchTemplateId={id},Version={n}{region}"
            ));
        }
        rem.notes.push(format!(
            "the new version is {n}, the one after the latest `describe-launch-templates` names; if another was made since, use the number the first command prints"
        ));
    } else {
        rem.notes.push(format!(
            "the input does not name the template's latest version, so the new one's number is the `VersionNumber` the first command prints: make it the default with `aws ec2 modify-launch-template --launch-template-id {id} --default-version` that number{region}, and move groups pinned to a number to it"
        ));
    }
    if let Some(g) = &group {
        cmd.push_str(&format!(
            "\naws autoscaling start-instance-refresh --auto-scaling-group-name {g}{region}"
        ));
    }
    rem.aws_cli = Some(cmd);
}

/// For an instance an Auto Scaling group launched: what a replacement will get, from the
/// template version the group launches (when the input has it) or the one the instance's tags
/// name.
fn replacement_note(
    id: &str,
    place: Option<usize>,
    inv: &crate::inventory::Inventory,
    ix: &LiveIndex<'_>,
) -> Option<String> {
    let s = match place {
        Some(p) => ix.all.get(p)?,
        None => ix.subject(id)?,
    };
    let by = s.launched_by.as_ref()?;
    let group = by.group.as_deref();
    let launched = group
        .and_then(|g| {
            ix.subject(g)
                .filter(|x| x.kind == SubjectKind::AutoscalingGroup)
        })
        .and_then(|g| g.templates.first())
        .and_then(|u| {
            let t = inv
                .templates
                .iter()
                .find(|t| u.link.id.known() == Some(&t.origin.address))?;
            crate::resolve::template_block(t, &u.version)
                .ok()
                .map(|(b, which)| (t, b, which))
        });
    let who = group.map_or_else(
        || "It was launched from a launch template".to_owned(),
        |g| format!("It belongs to Auto Scaling group `{g}`"),
    );
    Some(match launched {
        Some((t, Block::Set(mo), which))
            if mo.http_tokens.known().is_some_and(|v| v == "required") =>
        {
            format!(
                "{who}, which launches launch template `{}` ({which}) with `HttpTokens = required`: a replacement instance requires IMDSv2",
                t.origin.address
            )
        }
        Some((t, _, which)) => format!(
            "{who}, which launches launch template `{}` ({which}) without `HttpTokens = required`: a replacement instance will allow IMDSv1 again; fix the template too (see the group's finding)",
            t.origin.address
        ),
        None => {
            let check = match (&by.template, group) {
                (Some(t), _) => {
                    format!("aws ec2 describe-launch-template-versions --launch-template-id {t}")
                }
                (None, Some(g)) => format!(
                    "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names {g}"
                ),
                (None, None) => "aws ec2 describe-launch-template-versions".to_owned(),
            };
            format!(
                "{who}{}: a replacement instance takes the launch template's value, not this fix; check it (`{check}`) and fix it too",
                match (&by.template, &by.version) {
                    (Some(t), Some(v)) => format!(" (launch template `{t}` version {v})"),
                    (Some(t), None) => format!(" (launch template `{t}`)"),
                    _ => String::new(),
                }
            )
        }
    })
}
