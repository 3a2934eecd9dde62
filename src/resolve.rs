//! The effective-value chain of `shared/domain.md`, over the inventory alone:
//! the subject's own `metadata_options`, its launch template (or launch configuration), the
//! account default of the same provider configuration, an AMI marked `imds_support = "v2.0"`,
//! and EC2's default. A subject with several templates (mixed instances policies) is judged
//! by its weakest template.

use crate::address::without_last_key;
use crate::inventory::{
    AccountDefaults, Ami, Block, Inventory, LaunchConfiguration, LaunchTemplate, Lifecycle, Link,
    Subject, SubjectKind, TemplateUse, TemplateVersion, Val,
};
use crate::report::model::Source;
use std::collections::BTreeMap;

/// Lookups built once per evaluation, so resolving is linear in the number of subjects:
/// launch templates, launch configurations and AMIs by address (with and without instance
/// key), id and name, and which subjects use each template.
pub struct Index<'i> {
    templates_by_addr: BTreeMap<String, Vec<&'i LaunchTemplate>>,
    templates_by_id: BTreeMap<&'i str, Vec<&'i LaunchTemplate>>,
    templates_by_name: BTreeMap<&'i str, Vec<&'i LaunchTemplate>>,
    configurations_by_addr: BTreeMap<String, &'i LaunchConfiguration>,
    configurations_by_name: BTreeMap<&'i str, &'i LaunchConfiguration>,
    amis_by_addr: BTreeMap<String, &'i Ami>,
    amis_by_id: BTreeMap<&'i str, &'i Ami>,
    /// Template address → how many subjects use it.
    pub template_users: BTreeMap<&'i str, usize>,
    /// Template address → the first EKS node group that uses it.
    pub eks_users: BTreeMap<&'i str, &'i str>,
}

impl<'i> Index<'i> {
    pub fn new(inv: &'i Inventory) -> Self {
        let mut idx = Index {
            templates_by_addr: BTreeMap::new(),
            templates_by_id: BTreeMap::new(),
            templates_by_name: BTreeMap::new(),
            configurations_by_addr: BTreeMap::new(),
            configurations_by_name: BTreeMap::new(),
            amis_by_addr: BTreeMap::new(),
            amis_by_id: BTreeMap::new(),
            template_users: BTreeMap::new(),
            eks_users: BTreeMap::new(),
        };
        for t in &inv.templates {
            for key in addr_keys(&t.origin.address) {
                let list = idx.templates_by_addr.entry(key).or_default();
                if !list.iter().any(|x| std::ptr::eq(*x, t)) {
                    list.push(t);
                }
            }
            if let Some(id) = t.id.known() {
                idx.templates_by_id.entry(id).or_default().push(t);
            }
            if let Some(n) = t.name.known() {
                idx.templates_by_name.entry(n).or_default().push(t);
            }
        }
        for c in &inv.configurations {
            for key in addr_keys(&c.origin.address) {
                idx.configurations_by_addr.entry(key).or_insert(c);
            }
            if let Some(n) = c.name.known() {
                idx.configurations_by_name.entry(n).or_insert(c);
            }
        }
        for a in &inv.amis {
            for key in addr_keys(&a.origin.address) {
                idx.amis_by_addr.entry(key).or_insert(a);
            }
            if let Some(id) = a.id.known() {
                idx.amis_by_id.entry(id).or_insert(a);
            }
        }
        let mut users: BTreeMap<&'i str, usize> = BTreeMap::new();
        let mut eks: BTreeMap<&'i str, &'i str> = BTreeMap::new();
        for s in &inv.subjects {
            let mut seen: Vec<&'i str> = Vec::new();
            for u in &s.templates {
                for t in idx.templates(&u.link) {
                    let a = t.origin.address.as_str();
                    if !seen.contains(&a) {
                        seen.push(a);
                        *users.entry(a).or_default() += 1;
                        if s.kind == SubjectKind::EksNodeGroup {
                            eks.entry(a).or_insert(s.origin.address.as_str());
                        }
                    }
                }
            }
        }
        idx.template_users = users;
        idx.eks_users = eks;
        idx
    }

    /// The launch templates a link points at: through configuration references first (ids
    /// are often unknown until apply), then by id, then by name.
    fn templates(&self, link: &Link) -> Vec<&'i LaunchTemplate> {
        let mut found: Vec<&'i LaunchTemplate> = Vec::new();
        for r in &link.references {
            for t in self
                .templates_by_addr
                .get(r)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if !found.iter().any(|x| std::ptr::eq(*x, *t)) {
                    found.push(t);
                }
            }
        }
        if found.is_empty()
            && let Some(v) = link
                .id
                .known()
                .and_then(|id| self.templates_by_id.get(id.as_str()))
        {
            found.clone_from(v);
        }
        if found.is_empty()
            && let Some(v) = link
                .name
                .known()
                .and_then(|n| self.templates_by_name.get(n.as_str()))
        {
            found.clone_from(v);
        }
        found
    }

    fn configuration(&self, link: &Link) -> Option<&'i LaunchConfiguration> {
        link.references
            .iter()
            .find_map(|r| self.configurations_by_addr.get(r).copied())
            .or_else(|| {
                link.name
                    .known()
                    .and_then(|n| self.configurations_by_name.get(n.as_str()).copied())
            })
    }

    fn ami(&self, link: &Link) -> Option<&'i Ami> {
        link.references
            .iter()
            .find_map(|r| self.amis_by_addr.get(r).copied())
            .or_else(|| {
                link.id
                    .known()
                    .and_then(|id| self.amis_by_id.get(id.as_str()).copied())
            })
    }
}

/// An address and, when it ends in an instance key, the address without it.
fn addr_keys(address: &str) -> Vec<String> {
    let bare = without_last_key(address);
    if bare == address {
        vec![bare]
    } else {
        vec![address.to_owned(), bare]
    }
}

/// What the chain gives one subject.
#[derive(Debug, Clone)]
pub struct Resolution<'i> {
    /// `Known` when decided; `Unknown(why)` when the deciding layer is not known before apply.
    pub tokens: Val<String>,
    pub endpoint: Option<String>,
    pub hop_limit: Option<i64>,
    pub source: Source,
    /// The address of the resource that decided, when it is not the subject.
    pub decided_by: Option<String>,
    /// One sentence: which layer decided and how.
    pub reason: String,
    /// Things the input cannot show that could change the answer.
    pub caveats: Vec<String>,
    /// The launch template on the weakest path (the place to fix).
    pub template: Option<&'i LaunchTemplate>,
    pub configuration: Option<&'i LaunchConfiguration>,
    pub ami: Option<&'i Ami>,
    /// Whether an account default for this provider configuration exists.
    pub has_account_default: bool,
}

impl Resolution<'_> {
    /// 0 fails, 1 unknown, 2 passes: the weakest path wins.
    fn rank(&self) -> u8 {
        match &self.tokens {
            Val::Known(t) if t == "required" => 2,
            Val::Unknown(_) | Val::Absent => 1,
            Val::Known(_) => 0,
        }
    }
}

pub fn resolve<'i>(inv: &'i Inventory, idx: &Index<'i>, s: &'i Subject) -> Resolution<'i> {
    let mut paths: Vec<Resolution<'i>> = Vec::new();
    if s.templates.is_empty() {
        paths.push(Path::new(inv, idx, s).run(None));
    }
    for u in &s.templates {
        let mut found = idx.templates(&u.link);
        // Live objects of different accounts or regions never join (names are per account
        // and region).
        found.retain(|t| same_place(&t.provider, &s.provider));
        if found.is_empty() {
            paths.push(Path::new(inv, idx, s).run(Some((u, Err(not_found(&u.link, u))))));
        }
        for t in found {
            paths.push(Path::new(inv, idx, s).run(Some((u, Ok(t)))));
        }
    }
    let mut best: Option<Resolution<'i>> = None;
    for p in paths {
        match &best {
            Some(b) if b.rank() <= p.rank() => {}
            _ => best = Some(p),
        }
    }
    best.unwrap_or_else(|| Path::new(inv, idx, s).run(None))
}

/// Whether two live objects sit in the same account and region (anything else joins).
fn same_place(a: &crate::inventory::ProviderRef, b: &crate::inventory::ProviderRef) -> bool {
    fn live(k: Option<&str>) -> Option<&str> {
        k.and_then(|k| k.strip_prefix("aws:")).filter(|k| *k != "?")
    }
    let accounts = match (live(a.config_key.as_deref()), live(b.config_key.as_deref())) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let regions = match (a.region.known(), b.region.known()) {
        (Some(x), Some(y)) if live(a.config_key.as_deref()).is_some() => x == y,
        _ => true,
    };
    accounts && regions
}

fn not_found(link: &Link, u: &TemplateUse) -> String {
    if let Some(id) = link.id.known() {
        return format!(
            "launch template `{id}` is not in this input, so its metadata options cannot be read"
        );
    }
    if let Some(name) = link.name.known() {
        return format!(
            "launch template `{name}` is not in this input, so its metadata options cannot be read"
        );
    }
    if let Some(r) = link.references.first() {
        return format!("`{}` refers to `{r}`, which is not in this input", u.path);
    }
    match (&link.id, &link.name) {
        (Val::Unknown(w), _) | (_, Val::Unknown(w)) => {
            format!(
                "the launch template is not known before apply ({w}) and the plan's configuration does not say which one it is"
            )
        }
        _ => format!("`{}` names no launch template", u.path),
    }
}

/// The metadata options of the template version a subject asks for, or why it is not in
/// the input.
pub(crate) fn template_block<'t>(
    t: &'t LaunchTemplate,
    version: &Val<String>,
) -> Result<(&'t Block, String), String> {
    let addr = &t.origin.address;
    // A live template is its versions: one known only from `describe-launch-templates` shows
    // none, and none is read as "unset".
    if !t.versions.is_empty() || t.origin.resource_type == "ec2-launch-template" {
        return live_version(t, version).map(|(v, label)| (&v.metadata, label));
    }
    let v = match version {
        Val::Unknown(w) => {
            return Err(format!(
                "the launch template version is not known before apply ({w})"
            ));
        }
        Val::Absent => "$Default",
        Val::Known(v) => v.as_str(),
    };
    match v {
        "$Latest" => Ok((&t.metadata, "`$Latest`".to_owned())),
        "$Default" => match t.lifecycle {
            Lifecycle::Create => Ok((
                &t.metadata,
                "`$Default`, version 1 of a new template".to_owned(),
            )),
            Lifecycle::Existing => match (t.default_version.known(), t.latest_version.known()) {
                (Some(d), Some(l)) if d != l => Err(format!(
                    "`$Default` of `{addr}` is version {d}, but the input shows only version {l}"
                )),
                _ => Ok((&t.metadata, "`$Default`".to_owned())),
            },
            Lifecycle::Update if t.update_default_version => Ok((
                &t.metadata,
                "`$Default`, which this plan moves to the new version".to_owned(),
            )),
            Lifecycle::Update => match (
                t.default_version_before.known(),
                t.latest_version_before.known(),
            ) {
                (Some(d), Some(l)) if d == l => Ok((
                    &t.metadata_before,
                    format!(
                        "`$Default`, which stays at version {d}: the plan adds a version without `update_default_version`"
                    ),
                )),
                _ => Err(format!(
                    "`$Default` of `{addr}` after this plan is a version whose metadata options the plan does not show (set `update_default_version = true`)"
                )),
            },
        },
        n => {
            let Ok(n) = n.parse::<i64>() else {
                return Err(format!(
                    "launch template version `{n}` is not `$Default`, `$Latest` or a number"
                ));
            };
            let shown = match t.lifecycle {
                Lifecycle::Create if n == 1 => Some(&t.metadata),
                Lifecycle::Existing if t.latest_version.known() == Some(&n) => Some(&t.metadata),
                Lifecycle::Update if t.latest_version_before.known() == Some(&n) => {
                    Some(&t.metadata_before)
                }
                Lifecycle::Update if t.latest_version_before.known().map(|l| l + 1) == Some(n) => {
                    Some(&t.metadata)
                }
                _ => None,
            };
            shown
                .map(|b| (b, format!("version {n}")))
                .ok_or_else(|| format!("version {n} of `{addr}` is not the one the input shows"))
        }
    }
}

/// The version of a live template a subject asks for, with how to name it.
fn live_version<'t>(
    t: &'t LaunchTemplate,
    version: &Val<String>,
) -> Result<(&'t TemplateVersion, String), String> {
    let addr = &t.origin.address;
    let asked = match version {
        Val::Known(v) => v.as_str(),
        _ => "$Default",
    };
    let (n, label) = match asked {
        "$Default" => (t.default_version.known().copied(), "`$Default`"),
        "$Latest" => (t.latest_version.known().copied(), "`$Latest`"),
        n => (n.parse::<i64>().ok(), ""),
    };
    let Some(n) = n else {
        return Err(if label.is_empty() {
            format!("launch template version `{asked}` is not `$Default`, `$Latest` or a number")
        } else {
            format!(
                "the input does not say which version {label} of `{addr}` is (add `aws ec2 describe-launch-templates` output, which names the default and latest versions)"
            )
        });
    };
    let v = t
        .versions
        .iter()
        .find(|v| v.number == n)
        .ok_or_else(|| format!("version {n} of `{addr}` is not in this input"))?;
    Ok((
        v,
        if label.is_empty() {
            format!("version {n}")
        } else {
            format!("{label}, version {n}")
        },
    ))
}

/// The image of the template version a subject launches: per version for live templates.
fn template_image<'t>(t: &'t LaunchTemplate, version: &Val<String>) -> Option<&'t Link> {
    if t.versions.is_empty() && t.origin.resource_type != "ec2-launch-template" {
        t.image.as_ref()
    } else {
        live_version(t, version)
            .ok()
            .and_then(|(v, _)| v.image.as_ref())
    }
}

/// One path down the chain, gathering endpoint and hop limit as it goes.
struct Path<'i, 'x> {
    inv: &'i Inventory,
    idx: &'x Index<'i>,
    s: &'i Subject,
    endpoint: Val<String>,
    hop: Val<i64>,
    caveats: Vec<String>,
    template: Option<&'i LaunchTemplate>,
    configuration: Option<&'i LaunchConfiguration>,
    ami: Option<&'i Ami>,
    has_account_default: bool,
}

impl<'i, 'x> Path<'i, 'x> {
    fn new(inv: &'i Inventory, idx: &'x Index<'i>, s: &'i Subject) -> Self {
        Path {
            inv,
            idx,
            s,
            endpoint: Val::Absent,
            hop: Val::Absent,
            caveats: Vec::new(),
            template: None,
            configuration: None,
            ami: None,
            has_account_default: false,
        }
    }

    /// The endpoint and hop limit, each resolved down the whole chain on its own: EC2 merges
    /// launch settings field by field, so the layer that decides `http_tokens` need not be the
    /// one that sets them. A layer that cannot be read makes both unknown.
    fn settings(
        &mut self,
        template: Option<&(&'i TemplateUse, Result<&'i LaunchTemplate, String>)>,
    ) {
        let s = self.s;
        let unknown = |why: &str| (Val::Unknown(why.to_owned()), Val::Unknown(why.to_owned()));
        let of_block = |b: &Block| match b {
            Block::NotSet => (Val::Absent, Val::Absent),
            Block::Unknown(why) => unknown(why),
            Block::Set(mo) => (mo.http_endpoint.clone(), mo.hop_limit.clone()),
        };
        let mut layers = vec![of_block(&s.metadata)];
        let mut image = own_image(s);
        match template {
            Some((u, Ok(t))) => {
                layers.push(match template_block(t, &u.version) {
                    Ok((b, _)) => of_block(b),
                    Err(why) => unknown(&why),
                });
                image = image.or(template_image(t, &u.version));
            }
            Some((_, Err(why))) => layers.push(unknown(why)),
            None => match s
                .launch_configuration
                .as_ref()
                .map(|l| self.idx.configuration(l))
            {
                Some(Some(c)) => {
                    layers.push(of_block(&c.metadata));
                    image = image.or(c.image.as_ref());
                }
                Some(None) => layers.push(unknown("the launch configuration is not in this input")),
                None => {}
            },
        }
        if let Some(d) = self.account_default() {
            let hop = match &d.hop_limit {
                Val::Known(-1) => Val::Absent,
                v => v.clone(),
            };
            layers.push((no_preference(&d.http_endpoint), hop));
        }
        if let Some(a) = image.and_then(|l| self.idx.ami(l)) {
            match &a.imds_support {
                Val::Known(v) if v == "v2.0" => layers.push((Val::Absent, Val::Known(2))),
                Val::Unknown(why) => layers.push((Val::Absent, Val::Unknown(why.clone()))),
                _ => {}
            }
            self.ami = Some(a);
        }
        for (endpoint, hop) in layers {
            if self.endpoint.is_absent() {
                self.endpoint = endpoint;
            }
            if self.hop.is_absent() {
                self.hop = hop;
            }
        }
    }

    fn done(
        mut self,
        tokens: Val<String>,
        source: Source,
        decided_by: Option<String>,
        reason: String,
    ) -> Resolution<'i> {
        let mut caveats = std::mem::take(&mut self.caveats);
        if tokens.known().is_some_and(|t| t == "optional")
            && let Some(d) = self.account_default().filter(|d| d.enforced)
        {
            let by = d
                .managed_by
                .as_deref()
                .map(|m| format!(" (managed by `{m}`)"))
                .unwrap_or_default();
            caveats.push(if self.s.kind == SubjectKind::LiveInstance {
                format!("the account enforces IMDSv2 in this region (`HttpTokensEnforced`{by}); what that does to an instance already running with `optional` is not confirmed by AWS's documentation")
            } else {
                format!("the account enforces IMDSv2 in this region (`HttpTokensEnforced`{by}): a launch that asks for IMDSv1 fails, so these launches fail rather than start with IMDSv1 until the setting is fixed")
            });
        }
        let endpoint = match self.endpoint {
            Val::Known(e) => Some(e),
            Val::Unknown(_) => None,
            Val::Absent => Some("enabled".to_owned()),
        };
        let hop_limit = match self.hop {
            Val::Known(h) => Some(h),
            Val::Unknown(_) => None,
            Val::Absent => Some(1),
        };
        Resolution {
            tokens,
            endpoint,
            hop_limit,
            source,
            decided_by,
            reason,
            caveats,
            template: self.template,
            configuration: self.configuration,
            ami: self.ami,
            has_account_default: self.has_account_default,
        }
    }

    fn run(
        mut self,
        template: Option<(&'i TemplateUse, Result<&'i LaunchTemplate, String>)>,
    ) -> Resolution<'i> {
        let s = self.s;
        self.settings(template.as_ref());
        // 1. The subject's own settings.
        match &s.metadata {
            Block::Unknown(why) => {
                return self.done(
                    Val::Unknown(why.clone()),
                    Source::Resource,
                    None,
                    why.clone(),
                );
            }
            Block::Set(mo) => match &mo.http_tokens {
                Val::Known(t) => {
                    let reason = if s.kind == SubjectKind::LiveInstance {
                        let pending = if s.pending {
                            " (a change to these options is still pending)"
                        } else {
                            ""
                        };
                        format!("EC2 reports `HttpTokens` = `{t}`{pending}")
                    } else {
                        format!("`http_tokens` is `{t}` in the resource's own `metadata_options`")
                    };
                    return self.done(Val::Known(t.clone()), Source::Resource, None, reason);
                }
                Val::Unknown(why) => {
                    return self.done(
                        Val::Unknown(why.clone()),
                        Source::Resource,
                        None,
                        why.clone(),
                    );
                }
                Val::Absent if s.kind == SubjectKind::LiveInstance => {
                    let why = "the document's `MetadataOptions` has no `HttpTokens`".to_owned();
                    return self.done(Val::Unknown(why.clone()), Source::Resource, None, why);
                }
                Val::Absent => {}
            },
            Block::NotSet => {}
        }
        let mut image = own_image(s);
        let mut unset_by: Vec<String> = Vec::new();
        // 2. The launch template, or an Auto Scaling group's launch configuration.
        if let Some((u, found)) = template {
            let t = match found {
                Ok(t) => t,
                Err(why) => {
                    return self.done(Val::Unknown(why.clone()), Source::LaunchTemplate, None, why);
                }
            };
            self.template = Some(t);
            let addr = t.origin.address.clone();
            let (block, which) = match template_block(t, &u.version) {
                Ok(b) => b,
                Err(why) => {
                    return self.done(
                        Val::Unknown(why.clone()),
                        Source::LaunchTemplate,
                        Some(addr),
                        why,
                    );
                }
            };
            match block {
                Block::Unknown(why) => {
                    return self.done(
                        Val::Unknown(why.clone()),
                        Source::LaunchTemplate,
                        Some(addr),
                        why.clone(),
                    );
                }
                Block::Set(mo) => match &mo.http_tokens {
                    Val::Known(tk) => {
                        let reason = format!(
                            "`http_tokens` is `{tk}` in launch template `{addr}` ({which})"
                        );
                        return self.done(
                            Val::Known(tk.clone()),
                            Source::LaunchTemplate,
                            Some(addr),
                            reason,
                        );
                    }
                    Val::Unknown(why) => {
                        let why = format!("launch template `{addr}`: {why}");
                        return self.done(
                            Val::Unknown(why.clone()),
                            Source::LaunchTemplate,
                            Some(addr),
                            why,
                        );
                    }
                    Val::Absent => {}
                },
                Block::NotSet => {}
            }
            unset_by.push(format!("launch template `{addr}`"));
            if image.is_none() {
                image = template_image(t, &u.version);
            }
        } else if let Some(link) = &s.launch_configuration {
            let Some(c) = self.idx.configuration(link) else {
                let why = match (&link.name, link.references.first()) {
                    (Val::Known(n), _) => format!(
                        "launch configuration `{n}` is not in this input, so its metadata options cannot be read"
                    ),
                    (_, Some(r)) => format!(
                        "`launch_configuration` refers to `{r}`, which is not in this input"
                    ),
                    _ => "the launch configuration is not known before apply".to_owned(),
                };
                return self.done(
                    Val::Unknown(why.clone()),
                    Source::LaunchConfiguration,
                    None,
                    why,
                );
            };
            self.configuration = Some(c);
            let addr = c.origin.address.clone();
            match &c.metadata {
                Block::Unknown(why) => {
                    return self.done(
                        Val::Unknown(why.clone()),
                        Source::LaunchConfiguration,
                        Some(addr),
                        why.clone(),
                    );
                }
                Block::Set(mo) => match &mo.http_tokens {
                    Val::Known(tk) => {
                        let reason =
                            format!("`http_tokens` is `{tk}` in launch configuration `{addr}`");
                        return self.done(
                            Val::Known(tk.clone()),
                            Source::LaunchConfiguration,
                            Some(addr),
                            reason,
                        );
                    }
                    Val::Unknown(why) => {
                        let why = format!("launch configuration `{addr}`: {why}");
                        return self.done(
                            Val::Unknown(why.clone()),
                            Source::LaunchConfiguration,
                            Some(addr),
                            why,
                        );
                    }
                    Val::Absent => {}
                },
                Block::NotSet => {}
            }
            unset_by.push(format!("launch configuration `{addr}`"));
            if image.is_none() {
                image = c.image.as_ref();
            }
        } else if matches!(s.kind, SubjectKind::AutoscalingGroup) {
            let why = "the group names no launch template or launch configuration this input shows"
                .to_owned();
            return self.done(Val::Unknown(why.clone()), Source::LaunchTemplate, None, why);
        }
        // 3. The account default of the same provider configuration (and region).
        if let Some(d) = self.account_default() {
            self.has_account_default = true;
            let addr = d.origin.address.clone();
            match &d.http_tokens {
                Val::Known(t) if t != "no-preference" => {
                    let reason = format!(
                        "no launch setting sets `http_tokens`; the account default `{addr}` for this provider configuration says `{t}`"
                    );
                    return self.done(
                        Val::Known(t.clone()),
                        Source::AccountDefault,
                        Some(addr),
                        reason,
                    );
                }
                Val::Unknown(why) => {
                    let why = format!("account default `{addr}`: {why}");
                    return self.done(
                        Val::Unknown(why.clone()),
                        Source::AccountDefault,
                        Some(addr),
                        why,
                    );
                }
                _ => unset_by.push(format!("account default `{addr}` (`no-preference`)")),
            }
        }
        // 4. The AMI.
        if let Some(link) = image.or(s.ami.as_ref()) {
            match self.idx.ami(link) {
                Some(a) => {
                    self.ami = Some(a);
                    let addr = a.origin.address.clone();
                    match &a.imds_support {
                        Val::Known(v) if v == "v2.0" => {
                            let reason = format!(
                                "no launch setting or account default sets `http_tokens`; AMI `{addr}` has `imds_support = \"v2.0\"`, so instances get `required`"
                            );
                            return self.done(
                                Val::Known("required".to_owned()),
                                Source::Ami,
                                Some(addr),
                                reason,
                            );
                        }
                        Val::Unknown(why) => {
                            let why = format!(
                                "AMI `{addr}`: {why}; an AMI marked `v2.0` would make it `required`"
                            );
                            return self.done(
                                Val::Unknown(why.clone()),
                                Source::Ami,
                                Some(addr),
                                why,
                            );
                        }
                        _ => unset_by.push(format!("AMI `{addr}` (no `imds_support`)")),
                    }
                }
                None => {
                    let what = link
                        .id
                        .known()
                        .map(|id| format!("AMI `{id}`"))
                        .or_else(|| link.references.first().map(|r| format!("AMI `{r}`")))
                        .unwrap_or_else(|| "the AMI".to_owned());
                    self.caveats.push(format!(
                        "{what} is not described in this input: an AMI registered with `ImdsSupport = v2.0` would give `required` without any setting here"
                    ));
                }
            }
        }
        // 5. EC2's default.
        let reason = if unset_by.is_empty() {
            "nothing sets `http_tokens`, so EC2's default `optional` applies".to_owned()
        } else {
            format!(
                "nothing sets `http_tokens` (unset in {}), so EC2's default `optional` applies",
                {
                    // Groups and node groups have no metadata options of their own.
                    let mut v = Vec::new();
                    if s.can_override {
                        v.push("the resource".to_owned());
                    }
                    v.extend(unset_by);
                    v.join(", ")
                }
            )
        };
        self.done(
            Val::Known("optional".to_owned()),
            Source::AwsDefault,
            None,
            reason,
        )
    }

    fn account_default(&self) -> Option<&'i AccountDefaults> {
        let p = &self.s.provider;
        self.inv.defaults.iter().find(|d| {
            d.provider.config_key == p.config_key
                && match (d.provider.region.known(), p.region.known()) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        })
    }
}

/// The subject's own `ami` when it names one. An instance launched from a template shows an
/// unknown `ami` that names nothing: its AMI is the template's `image_id`.
fn own_image(s: &Subject) -> Option<&Link> {
    s.ami
        .as_ref()
        .filter(|l| l.id.known().is_some() || !l.references.is_empty())
}

fn no_preference(v: &Val<String>) -> Val<String> {
    match v {
        Val::Known(s) if s == "no-preference" => Val::Absent,
        v => v.clone(),
    }
}
