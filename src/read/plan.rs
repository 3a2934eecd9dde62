//! Terraform plan and state JSON into the inventory.
//!
//! Plans are read from `resource_changes` (which carries `after_unknown`), falling back to
//! `planned_values` for hand-written files without it. `configuration` tells an unset block
//! from an unknown one and links resources whose ids are unknown until apply. `prior_state`
//! contributes data sources and resources a `-target` plan leaves out.

use super::lenient::{Blocks, Scalar};
use super::terraform::{
    Attrs, Changes, ConfigModule, Configuration, Entry, Expr, LazyEntry, MetadataAttrs, Module,
    STRAY_TYPES, TemplateSpec, TopLevel, Values, is_read, is_subject_type, opaque_launcher,
};
pub use crate::address::{Address, parse_address, without_last_key};
use crate::address::{segments, strip_key};
use crate::error::{Error, ErrorCode};
use crate::inventory::{
    AccountDefaults, Ami, Block, Inventory, LaunchConfiguration, LaunchTemplate, Lifecycle, Link,
    MetadataOptions, Origin, ProviderRef, Stray, Subject, SubjectKind, TemplateUse, Val,
};
use crate::report::model::InputKind;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// `text` is the whole document, for error locations inside `resource_changes`.
pub fn read(mut top: TopLevel, kind: InputKind, text: &str) -> Result<Inventory, Error> {
    let mut inv = Inventory::new(kind);
    if let Some(v) = top.format_version.as_str() {
        let major = v.split('.').next().unwrap_or_default();
        if major != "0" && major != "1" {
            return Err(Error::new(
                ErrorCode::UnsupportedFormatVersion,
                format!(
                    "`format_version` is `{v}`; this tool reads Terraform JSON format 0.x and 1.x"
                ),
            )
            .at_path("$.format_version")
            .with_help("a new major format version may change meaning; upgrade imdsv2-policy"));
        }
        inv.format_version = Some(v.to_owned());
    }
    inv.terraform_version = top.terraform_version.as_str().map(str::to_owned);

    let changes = top.resource_changes.take().filter(|c| c.len > 0);
    let config = Config::new(top.configuration.0.as_ref(), &top.variables);
    inv.has_configuration = config.present;
    let mut reader = Reader {
        inv,
        failure: None,
        config,
        seen: BTreeSet::new(),
    };

    // Parsed only where it is read: states forced from a plan, and plans without changes.
    let planned =
        if kind == InputKind::TerraformState && top.values.0.is_none() || changes.is_none() {
            top.planned_values().map_err(|e| {
                Error::new(
                    ErrorCode::InvalidDocument,
                    format!("unexpected value in `planned_values`: {e}"),
                )
                .at_path("$.planned_values")
            })?
        } else {
            None
        };

    if kind == InputKind::TerraformState {
        let values = top.values.0.as_ref().or(planned.as_ref());
        if values.is_none() && !top.is_terraform() {
            return Err(Error::new(
                ErrorCode::UnsupportedInput,
                "the input has no state `values`",
            )
            .at_path("$")
            .with_help("expected `terraform show -json` output of a state"));
        }
        if let Some(values) = values {
            reader.values(values, Lifecycle::Existing, true);
        }
        return reader.failure.map_or(Ok(reader.inv), Err);
    }

    match changes {
        Some(changes) => reader.changes(changes, text)?,
        None => {
            if let Some(values) = &planned {
                reader.values(values, Lifecycle::Create, true);
            }
        }
    }
    if let Some(values) = top.prior_state.0.as_ref().and_then(|s| s.values.as_ref()) {
        reader.values(values, Lifecycle::Existing, false);
    }
    reader.failure.map_or(Ok(reader.inv), Err)
}

struct Reader<'c> {
    inv: Inventory,
    /// An entry of a values tree that could not be read (reported once the tree is read).
    failure: Option<Error>,
    config: Config<'c>,
    /// Addresses already taken from `resource_changes`, so `prior_state` does not add them twice.
    seen: BTreeSet<String>,
}

/// What a resource looks like once its envelope is read.
struct Resource<'a> {
    addr: Address,
    mode_data: bool,
    lifecycle: Lifecycle,
    after: Option<&'a Attrs<Scalar>>,
    unknown: Option<&'a Attrs<Scalar>>,
    before: Option<&'a Attrs<Scalar>>,
    /// The provider configuration the entry itself names (raw state files do), used when the
    /// document has no configuration.
    provider_key: Option<&'a str>,
}

impl<'c> Reader<'c> {
    /// The entries of `resource_changes` the document's parse kept (the others are counted),
    /// each with its `change` read now, one at a time. Where there are threads and the
    /// changes are large, another thread parses them a few batches ahead of this one, which
    /// reads each into the inventory in order, as in sequence (`crate::par`): the two halves
    /// of reading a plan of 50,000 instances take about as long each, measured.
    fn changes(&mut self, changes: Changes, text: &str) -> Result<(), Error> {
        self.inv.resources_seen += changes.len - changes.kept.len();
        // Room for every subject at once: grown by doubling, the vector of a plan of 50,000
        // instances had a third more room than it used, and was copied at each step.
        let subjects = changes
            .kept
            .iter()
            .filter(|(_, l)| {
                l.entry
                    .resource_type
                    .as_deref()
                    .is_some_and(is_subject_type)
            })
            .count();
        self.inv.subjects.reserve_exact(subjects);
        let raws: Vec<_> = changes.kept.iter().map(|(_, l)| l.change).collect();
        let bytes: usize = raws.iter().flatten().map(|r| r.get().len()).sum();
        let parse = |raw: Option<&serde_json::value::RawValue>| {
            raw.map(|r| serde_json::from_str::<super::terraform::Change>(r.get()))
        };
        crate::par::mapped_ahead(raws, bytes >= crate::par::AHEAD_BYTES, parse, |parsed| {
            for (n, lazy) in changes.kept {
                let LazyEntry { mut entry, change } = *lazy;
                if let (Some(raw), Some(Some(parsed))) = (change, parsed.next()) {
                    let change = parsed.map_err(|e| {
                        super::nested_error(
                            text,
                            raw.get(),
                            e,
                            &format!("$.resource_changes[{n}].change"),
                        )
                    })?;
                    entry.change = Some(Box::new(change));
                }
                self.change(&entry, n)?;
            }
            Ok(())
        })
    }

    fn change(&mut self, entry: &Entry, n: usize) -> Result<(), Error> {
        // Terraform writes `type` and `address` on every change: one without them is not a
        // plan this tool can judge, and dropping it could drop an instance.
        let Some(rtype) = entry.resource_type.as_deref().filter(|t| !t.is_empty()) else {
            return Err(Error::new(
                ErrorCode::InvalidDocument,
                "a resource change has no `type` (or it is empty or not a string)",
            )
            .at_path(format!("$.resource_changes[{n}].type"))
            .with_help("every entry of `resource_changes` names its resource type, as `terraform show -json` writes it"));
        };
        self.inv.resources_seen += 1;
        if !is_read(rtype) || entry.deposed.is_some() {
            return Ok(());
        }
        let Some(addr) = entry_address(entry, "").filter(|a| a.rtype == rtype) else {
            return Err(Error::new(
                ErrorCode::InvalidDocument,
                format!(
                    "the `{rtype}` change has an address that is missing, empty or not a Terraform address ({})",
                    entry.address.as_deref().map_or_else(|| "none".to_owned(), |a| format!("`{a}`"))
                ),
            )
            .at_path(format!("$.resource_changes[{n}].address"))
            .with_help("expected an address such as `aws_instance.web` or `module.app.aws_instance.this[0]`"));
        };
        let change = entry.change.as_ref();
        let actions: Vec<&str> = change
            .and_then(|c| c.actions.as_ref())
            .map(|a| a.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let has = |a: &str| actions.contains(&a);
        let lifecycle = if actions.is_empty() {
            Lifecycle::Create
        } else if has("delete") && !has("create") {
            return Ok(());
        } else if has("create") {
            Lifecycle::Create
        } else if has("update") {
            Lifecycle::Update
        } else if has("read") || has("no-op") {
            Lifecycle::Existing
        } else {
            return Err(Error::new(
                ErrorCode::InvalidDocument,
                format!("unknown change action `{}`", actions.join("`, `")),
            )
            .at_path(format!("$.resource_changes[{n}].change.actions"))
            .with_help("expected `create`, `update`, `delete`, `no-op` or `read`"));
        };
        // `prior_state` adds only chain resources (templates, defaults, AMIs), never subjects,
        // so only those need remembering.
        if !is_subject_type(rtype) {
            self.seen.insert(addr.full.clone());
        }
        let mode_data = entry.mode.as_deref() == Some("data") || addr.data;
        let res = Resource {
            addr,
            mode_data,
            lifecycle,
            after: change.and_then(|c| c.after.0.as_deref()),
            unknown: change.and_then(|c| c.after_unknown.0.as_deref()),
            before: change.and_then(|c| c.before.0.as_deref()),
            provider_key: entry.provider_config_key.as_deref(),
        };
        if let Some(c) = change
            && let (Some(after), Some(marks)) =
                (c.after.0.as_deref(), c.after_sensitive.0.as_deref())
        {
            super::terraform::sensitive_texts(after, marks, &mut self.inv.sensitive);
        }
        self.resource(rtype, &res, true);
        Ok(())
    }

    fn values(&mut self, values: &Values, lifecycle: Lifecycle, subjects: bool) {
        if let Some(root) = &values.root_module.0 {
            self.module(root, "", lifecycle, subjects);
        }
    }

    fn module(&mut self, m: &Module, parent: &str, lifecycle: Lifecycle, subjects: bool) {
        let here = m.address.as_deref().unwrap_or(parent);
        for entry in &m.resources {
            let Some(rtype) = entry.resource_type.as_deref() else {
                continue;
            };
            if subjects {
                self.inv.resources_seen += 1;
            }
            if !is_read(rtype) {
                continue;
            }
            let Some(addr) = entry_address(entry, here).filter(|a| a.rtype == rtype) else {
                if subjects && is_subject_type(rtype) {
                    self.failure.get_or_insert_with(|| {
                        Error::new(
                            ErrorCode::InvalidDocument,
                            format!(
                                "a `{rtype}` in `{}` has an address that is missing, empty or not a Terraform address",
                                if here.is_empty() { "the root module" } else { here }
                            ),
                        )
                        .with_help("expected an address such as `aws_instance.web`, or `type` and `name`")
                    });
                }
                continue;
            };
            if self.seen.contains(&addr.full) {
                continue;
            }
            let mode_data = entry.mode.as_deref() == Some("data") || addr.data;
            if !subjects && !mode_data && is_subject_type(rtype) {
                continue;
            }
            self.seen.insert(addr.full.clone());
            if let (Some(v), Some(marks)) =
                (entry.values.as_deref(), entry.sensitive_values.as_deref())
            {
                super::terraform::sensitive_texts(v, marks, &mut self.inv.sensitive);
            }
            let res = Resource {
                addr,
                mode_data,
                lifecycle: if mode_data {
                    Lifecycle::Existing
                } else {
                    lifecycle
                },
                after: entry.values.as_deref(),
                unknown: None,
                before: None,
                provider_key: entry.provider_config_key.as_deref(),
            };
            self.resource(rtype, &res, subjects);
        }
        for child in &m.child_modules {
            self.module(child, here, lifecycle, subjects);
        }
    }

    fn resource(&mut self, rtype: &str, r: &Resource, subjects: bool) {
        let cfg_entry = self.config.resource(&r.addr);
        let cfg = cfg_entry.and_then(|e| e.expressions.as_deref());
        let mut provider = self.config.provider(cfg_entry, r.after, &r.addr);
        if cfg_entry.is_none()
            && let Some(key) = r.provider_key
        {
            // A state names the configuration where it is declared: `module.m:aws` is one
            // the module declares itself, never the root's, so it matches no root default.
            provider.config_key = Some(key.to_owned());
        }
        let origin = Origin {
            address: r.addr.full.clone(),
            resource_type: rtype.to_owned(),
            module: r.addr.module.clone(),
            location: None,
        };
        let empty = Attrs::default();
        let after = r.after.unwrap_or(&empty);
        let unknown = r.unknown.unwrap_or(&empty);
        let known_config = cfg_entry.is_some();
        match (rtype, r.mode_data) {
            ("aws_instance" | "aws_spot_instance_request", false) if subjects => {
                let kind = if rtype == "aws_instance" {
                    SubjectKind::Instance
                } else {
                    SubjectKind::SpotInstanceRequest
                };
                let templates = after
                    .launch_template
                    .first()
                    .map(|_| 0)
                    .or(cfg.and_then(|c| c.launch_template.first()).map(|_| 0))
                    .map(|_| {
                        vec![self.template_use(
                            after.launch_template.first(),
                            unknown_item(&unknown.launch_template),
                            unknown.launch_template.is_marked_unknown(),
                            cfg.and_then(|c| c.launch_template.first()),
                            &r.addr,
                            "launch_template",
                        )]
                    })
                    .unwrap_or_default();
                let ami = self.link(
                    &after.ami,
                    &unknown.ami,
                    cfg.map(|c| &c.ami),
                    None,
                    &r.addr,
                    &["aws_ami"],
                    "ami",
                );
                let mut s = Subject::from_templates(kind, origin, provider, templates);
                s.metadata = metadata_block(after, unknown, cfg, known_config);
                s.can_override = true;
                s.ami = Some(ami).filter(|l| !l.is_empty());
                self.inv.subjects.push(s);
            }
            ("aws_autoscaling_group", false) if subjects => {
                let mut templates = Vec::new();
                if after.launch_template.first().is_some()
                    || cfg.and_then(|c| c.launch_template.first()).is_some()
                {
                    templates.push(self.template_use(
                        after.launch_template.first(),
                        unknown_item(&unknown.launch_template),
                        unknown.launch_template.is_marked_unknown(),
                        cfg.and_then(|c| c.launch_template.first()),
                        &r.addr,
                        "launch_template",
                    ));
                }
                let mip = after
                    .mixed_instances_policy
                    .first()
                    .and_then(|m| m.launch_template.first());
                let mip_u = unknown_item(&unknown.mixed_instances_policy)
                    .and_then(|m| unknown_item(&m.launch_template));
                let mip_c = cfg
                    .and_then(|c| c.mixed_instances_policy.first())
                    .and_then(|m| m.launch_template.first());
                if mip.is_some() || mip_c.is_some() {
                    templates.push(self.template_use(
                        mip.and_then(|m| m.launch_template_specification.first()),
                        mip_u.and_then(|m| unknown_item(&m.launch_template_specification)),
                        false,
                        mip_c.and_then(|m| m.launch_template_specification.first()),
                        &r.addr,
                        "mixed_instances_policy.launch_template.launch_template_specification",
                    ));
                    let overrides = mip.map(|m| m.overrides.items()).unwrap_or_default();
                    let overrides_c = mip_c.map(|m| m.overrides.items()).unwrap_or_default();
                    let count = overrides.len().max(overrides_c.len());
                    for i in 0..count {
                        let a = overrides
                            .get(i)
                            .and_then(|o| o.launch_template_specification.first());
                        let c = overrides_c
                            .get(i)
                            .and_then(|o| o.launch_template_specification.first());
                        let a_set = a.is_some_and(spec_is_set);
                        let c_set = c.is_some_and(|s| {
                            s.launch_template_id.present || s.launch_template_name.present
                        });
                        if a_set || c_set {
                            templates.push(self.template_use(
                                a,
                                None,
                                false,
                                c,
                                &r.addr,
                                &format!("mixed_instances_policy.launch_template.override[{i}].launch_template_specification"),
                            ));
                        }
                    }
                }
                let lc = self.link(
                    &Scalar::Missing,
                    &unknown.launch_configuration,
                    cfg.map(|c| &c.launch_configuration),
                    Some(&after.launch_configuration),
                    &r.addr,
                    &["aws_launch_configuration"],
                    "launch_configuration",
                );
                let mut s = Subject::from_templates(
                    SubjectKind::AutoscalingGroup,
                    origin,
                    provider,
                    templates,
                );
                s.launch_configuration = Some(lc).filter(|l| !l.is_empty()).map(Box::new);
                self.inv.subjects.push(s);
            }
            ("aws_eks_node_group", false) if subjects => {
                // Without a launch template EKS builds its own, whose options no input shows.
                if after.launch_template.first().is_none()
                    && cfg.and_then(|c| c.launch_template.first()).is_none()
                    && !unknown.launch_template.is_marked_unknown()
                {
                    self.opaque(rtype, origin, provider);
                    return;
                }
                let t = self.template_use(
                    after.launch_template.first(),
                    unknown_item(&unknown.launch_template),
                    unknown.launch_template.is_marked_unknown(),
                    cfg.and_then(|c| c.launch_template.first()),
                    &r.addr,
                    "launch_template",
                );
                self.inv.subjects.push(Subject::from_templates(
                    SubjectKind::EksNodeGroup,
                    origin,
                    provider,
                    vec![t],
                ));
            }
            ("aws_ec2_fleet" | "aws_spot_fleet_request", false) if subjects => {
                let items = after.launch_template_config.items();
                let items_u = unknown.launch_template_config.items();
                let items_c = cfg
                    .map(|c| c.launch_template_config.items())
                    .unwrap_or_default();
                let count = items.len().max(items_c.len());
                let mut templates = Vec::new();
                for i in 0..count {
                    let a = items
                        .get(i)
                        .and_then(|c| c.launch_template_specification.first());
                    let u = items_u
                        .get(i)
                        .and_then(|c| unknown_item(&c.launch_template_specification));
                    let c = items_c
                        .get(i)
                        .and_then(|c| c.launch_template_specification.first());
                    if a.is_some() || c.is_some() {
                        let path = if count == 1 {
                            "launch_template_config.launch_template_specification".to_owned()
                        } else {
                            format!("launch_template_config[{i}].launch_template_specification")
                        };
                        templates.push(self.template_use(a, u, false, c, &r.addr, &path));
                    }
                }
                if templates.is_empty() && unknown.launch_template_config.is_marked_unknown() {
                    templates.push(self.template_use(
                        None,
                        None,
                        true,
                        None,
                        &r.addr,
                        "launch_template_config.launch_template_specification",
                    ));
                }
                // A spot fleet's `launch_specification` carries no metadata options: its
                // instances take the account default, then the AMI's.
                let spec = after.launch_specification.first();
                let spec_c = cfg.and_then(|c| c.launch_specification.first());
                let ami = (templates.is_empty() && (spec.is_some() || spec_c.is_some()))
                    .then(|| {
                        let u = unknown_item(&unknown.launch_specification);
                        self.link(
                            spec.map_or(&Scalar::Missing, |s| &s.ami),
                            u.map_or(&Scalar::Missing, |s| &s.ami),
                            spec_c.map(|c| &c.ami),
                            None,
                            &r.addr,
                            &["aws_ami"],
                            "launch_specification.ami",
                        )
                    })
                    .filter(|l| !l.is_empty());
                let mut s =
                    Subject::from_templates(SubjectKind::Fleet, origin, provider, templates);
                s.ami = ami;
                self.inv.subjects.push(s);
            }
            ("aws_batch_compute_environment", false) if subjects => {
                let cr = after.compute_resources.first();
                let cr_u = unknown_item(&unknown.compute_resources);
                let cr_c = cfg.and_then(|c| c.compute_resources.first());
                if cr.is_none() && cr_c.is_none() && !unknown.compute_resources.is_marked_unknown()
                {
                    // An unmanaged environment: Batch launches nothing.
                    return;
                }
                let kind = cr
                    .and_then(|c| c.kind.as_str())
                    .or_else(|| cr_c.and_then(|c| c.kind.constant.as_str()));
                if kind.is_some_and(|k| k.starts_with("FARGATE")) {
                    return;
                }
                let lt = cr.and_then(|c| c.launch_template.first());
                let lt_c = cr_c.and_then(|c| c.launch_template.first());
                if lt.is_none() && lt_c.is_none() {
                    self.opaque(rtype, origin, provider);
                    return;
                }
                let t = self.template_use(
                    lt,
                    cr_u.and_then(|c| unknown_item(&c.launch_template)),
                    cr_u.is_some_and(|c| c.launch_template.is_marked_unknown()),
                    lt_c,
                    &r.addr,
                    "compute_resources.launch_template",
                );
                self.inv.subjects.push(Subject::from_templates(
                    SubjectKind::Fleet,
                    origin,
                    provider,
                    vec![t],
                ));
            }
            (t, false) if subjects && opaque_launcher(t).is_some() => {
                self.opaque(t, origin, provider);
            }
            ("aws_launch_template", _) => {
                let before = r.before.unwrap_or(&empty);
                let image = self.link(
                    &after.image_id,
                    &unknown.image_id,
                    cfg.map(|c| &c.image_id),
                    None,
                    &r.addr,
                    &["aws_ami"],
                    "image_id",
                );
                let lt = LaunchTemplate {
                    origin,
                    id: scalar_str(&after.id, &unknown.id, &"id"),
                    name: scalar_str(&after.name, &unknown.name, &"name"),
                    lifecycle: r.lifecycle,
                    metadata: metadata_block(after, unknown, cfg, known_config),
                    metadata_before: metadata_block(before, &empty, None, false),
                    default_version: scalar_int(
                        &after.default_version,
                        &unknown.default_version,
                        &"default_version",
                    ),
                    latest_version: scalar_int(
                        &after.latest_version,
                        &unknown.latest_version,
                        &"latest_version",
                    ),
                    default_version_before: scalar_int(
                        &before.default_version,
                        &Scalar::Missing,
                        &"default_version",
                    ),
                    latest_version_before: scalar_int(
                        &before.latest_version,
                        &Scalar::Missing,
                        &"latest_version",
                    ),
                    update_default_version: matches!(
                        after.update_default_version,
                        Scalar::Bool(true)
                    ),
                    image: Some(image).filter(|l| !l.is_empty()),
                    provider,
                    versions: Vec::new(),
                };
                self.inv.templates.push(lt);
            }
            ("aws_launch_configuration", _) => {
                let image = self.link(
                    &after.image_id,
                    &unknown.image_id,
                    cfg.map(|c| &c.image_id),
                    None,
                    &r.addr,
                    &["aws_ami"],
                    "image_id",
                );
                self.inv.configurations.push(LaunchConfiguration {
                    origin,
                    name: scalar_str(&after.name, &unknown.name, &"name"),
                    metadata: metadata_block(after, unknown, cfg, known_config),
                    image: Some(image).filter(|l| !l.is_empty()),
                    provider: ProviderRef::default(),
                });
            }
            ("aws_ec2_instance_metadata_defaults", false) => {
                let c = cfg;
                self.inv.defaults.push(AccountDefaults {
                    origin,
                    provider,
                    http_tokens: leaf(
                        &after.http_tokens,
                        &unknown.http_tokens,
                        c.map(|c| &c.http_tokens),
                        false,
                        &"http_tokens",
                    )
                    .and_str(),
                    http_endpoint: leaf(
                        &after.http_endpoint,
                        &unknown.http_endpoint,
                        c.map(|c| &c.http_endpoint),
                        false,
                        &"http_endpoint",
                    )
                    .and_str(),
                    hop_limit: leaf(
                        &after.http_put_response_hop_limit,
                        &unknown.http_put_response_hop_limit,
                        c.map(|c| &c.http_put_response_hop_limit),
                        false,
                        &"http_put_response_hop_limit",
                    )
                    .and_int(),
                    enforced: false,
                    managed_by: None,
                });
            }
            ("aws_ami", _) => {
                // `imds_support` is an argument of `aws_ami` but computed by `data.aws_ami`: a
                // data source read during apply has it unknown whatever its configuration says.
                let c = if r.mode_data {
                    None
                } else {
                    cfg.map(|c| &c.imds_support)
                };
                self.inv.amis.push(Ami {
                    origin,
                    id: scalar_str(&after.id, &unknown.id, &"id"),
                    imds_support: leaf(
                        &after.imds_support,
                        &unknown.imds_support,
                        c,
                        false,
                        &"imds_support",
                    )
                    .and_str(),
                });
            }
            (t, false) if STRAY_TYPES.contains(&t) => self.inv.strays.push(Stray { origin }),
            _ => {}
        }
    }

    /// A launcher whose metadata options no input shows: an `unknown` finding that keeps the
    /// verdict from passing.
    fn opaque(&mut self, rtype: &str, origin: Origin, provider: ProviderRef) {
        if let Some(l) = super::terraform::opaque(rtype) {
            self.inv
                .subjects
                .push(Subject::unjudged(origin, provider, l.why.to_owned()));
        }
    }

    /// A `launch_template` (or `launch_template_specification`) block of a subject.
    fn template_use(
        &self,
        after: Option<&TemplateSpec<Scalar>>,
        unknown: Option<&TemplateSpec<Scalar>>,
        whole_unknown: bool,
        cfg: Option<&'c TemplateSpec<Expr>>,
        addr: &Address,
        path: &str,
    ) -> TemplateUse {
        let missing = Scalar::Missing;
        let a = |f: fn(&TemplateSpec<Scalar>) -> &Scalar| after.map_or(&missing, f);
        let u = |f: fn(&TemplateSpec<Scalar>) -> &Scalar| {
            if whole_unknown {
                &Scalar::Bool(true)
            } else {
                unknown.map_or(&missing, f)
            }
        };
        let id = pick(a(|s| &s.id), a(|s| &s.launch_template_id));
        let name = pick(a(|s| &s.name), a(|s| &s.launch_template_name));
        let id_u = if u(|s| &s.id).is_true() || u(|s| &s.launch_template_id).is_true() {
            &Scalar::Bool(true)
        } else {
            &missing
        };
        let name_u = if u(|s| &s.name).is_true() || u(|s| &s.launch_template_name).is_true() {
            &Scalar::Bool(true)
        } else {
            &missing
        };
        let references = match cfg {
            Some(c) => self.config.resolve_cached(
                std::ptr::from_ref(c) as usize,
                &[
                    &c.id.references,
                    &c.name.references,
                    &c.launch_template_id.references,
                    &c.launch_template_name.references,
                ],
                addr,
                &["aws_launch_template"],
            ),
            None => Vec::new(),
        };
        let cfg_version = cfg.map(|c| &c.version);
        let mut version = match a(|s| &s.version) {
            Scalar::Str(s) if !s.is_empty() => Val::Known(s.clone()),
            Scalar::Int(i) => Val::Known(i.to_string()),
            _ if u(|s| &s.version).is_true() => {
                Val::Unknown(format!("`{path}.version` is known only after apply"))
            }
            _ => match cfg_version {
                Some(e) if e.constant.as_str().is_some() => {
                    Val::Known(e.constant.as_str().unwrap_or_default().to_owned())
                }
                _ => Val::Absent,
            },
        };
        if let (Val::Unknown(_), Some(e)) = (&version, cfg_version) {
            if e.references.iter().any(|r| r.ends_with(".latest_version")) {
                version = Val::Known("$Latest".to_owned());
            } else if e.references.iter().any(|r| r.ends_with(".default_version")) {
                version = Val::Known("$Default".to_owned());
            }
        }
        TemplateUse {
            link: Link {
                id: scalar_str(id, id_u, &format_args!("{path}.id")),
                name: scalar_str(name, name_u, &format_args!("{path}.name")),
                references,
            },
            version,
            path: path.to_owned(),
        }
    }

    /// A string attribute that points at another resource (`ami`, `image_id`,
    /// `launch_configuration`), with the configuration's references to `types`.
    #[allow(clippy::too_many_arguments)]
    fn link(
        &self,
        id: &Scalar,
        unknown: &Scalar,
        cfg: Option<&'c Expr>,
        name: Option<&Scalar>,
        addr: &Address,
        types: &[&str],
        attr: &str,
    ) -> Link {
        let references = match cfg {
            Some(e) => self.config.resolve_cached(
                std::ptr::from_ref(e) as usize,
                &[&e.references],
                addr,
                types,
            ),
            None => Vec::new(),
        };
        match name {
            Some(n) => Link {
                id: Val::Absent,
                name: scalar_str(n, unknown, &attr),
                references,
            },
            None => Link {
                id: scalar_str(id, unknown, &attr),
                name: Val::Absent,
                references,
            },
        }
    }
}

fn spec_is_set(s: &TemplateSpec<Scalar>) -> bool {
    [
        &s.id,
        &s.name,
        &s.launch_template_id,
        &s.launch_template_name,
    ]
    .iter()
    .any(|v| v.as_str().is_some_and(|s| !s.is_empty()))
}

fn unknown_item<T>(b: &Blocks<T>) -> Option<&T> {
    b.first()
}

fn pick<'a>(a: &'a Scalar, b: &'a Scalar) -> &'a Scalar {
    match a {
        Scalar::Str(s) if !s.is_empty() => a,
        _ => b,
    }
}

fn scalar_str(v: &Scalar, unknown: &Scalar, attr: &dyn std::fmt::Display) -> Val<String> {
    match v {
        Scalar::Str(s) if !s.is_empty() => Val::Known(s.clone()),
        _ if unknown.is_true() => Val::Unknown(format!("`{attr}` is known only after apply")),
        _ => Val::Absent,
    }
}

fn scalar_int(v: &Scalar, unknown: &Scalar, attr: &dyn std::fmt::Display) -> Val<i64> {
    match v.as_i64() {
        Some(i) => Val::Known(i),
        None if unknown.is_true() => Val::Unknown(format!("`{attr}` is known only after apply")),
        None => Val::Absent,
    }
}

/// How a JSON value is named in messages (never the value itself: plans hold secrets).
fn type_of(s: &Scalar) -> &'static str {
    match s {
        Scalar::Missing => "missing",
        Scalar::Null => "`null`",
        Scalar::Bool(_) => "a bool",
        Scalar::Int(_) | Scalar::Float(_) => "a number",
        Scalar::Str(_) => "a string",
        Scalar::Other => "an array or an object",
    }
}

/// The attribute's name, for the message a value of the wrong type gets; strings (nearly
/// every leaf of a large plan) need none, so none is formatted for them.
fn name_unless_string(v: &Scalar, attr: &dyn std::fmt::Display) -> String {
    match v {
        Scalar::Str(_) => String::new(),
        _ => attr.to_string(),
    }
}

/// A leaf before it is typed.
enum Leaf<'a> {
    /// The value, and the attribute's name for messages.
    Known(&'a Scalar, String),
    Unknown(String),
    Absent,
}

impl Leaf<'_> {
    /// The provider reads an unset string of a launch template's `metadata_options` back as
    /// `""`: not set, so the next layer decides.
    /// A value of the wrong type is unknown, with the type named: never "not set".
    fn and_str(self) -> Val<String> {
        match self {
            Leaf::Known(Scalar::Str(s), _) if !s.is_empty() => Val::Known(s.clone()),
            Leaf::Known(Scalar::Str(_), _) | Leaf::Absent => Val::Absent,
            Leaf::Known(other, attr) => Val::Unknown(format!(
                "`{attr}` is {}, not a string, which Terraform never writes for it",
                type_of(other)
            )),
            Leaf::Unknown(w) => Val::Unknown(w),
        }
    }

    /// Hop limits: an unset one reads back as `0`, which is not a valid hop limit (1 to 64;
    /// account defaults say `-1` for no preference).
    fn and_int(self) -> Val<i64> {
        match self {
            Leaf::Known(s, attr) => match s.as_i64() {
                Some(0) => Val::Absent,
                Some(i) => Val::Known(i),
                None if matches!(s, Scalar::Missing) => Val::Absent,
                None => Val::Unknown(format!("`{attr}` is {}, not a whole number", type_of(s))),
            },
            Leaf::Unknown(w) => Val::Unknown(w),
            Leaf::Absent => Val::Absent,
        }
    }
}

/// One attribute from `after`, `after_unknown` and the configuration together. A value
/// marked unknown whose argument the configuration does not set is computed by the provider,
/// so it is treated as not set (the next layer decides).
fn leaf<'a>(
    after: &'a Scalar,
    unknown: &Scalar,
    cfg: Option<&'a Expr>,
    block_unknown: bool,
    attr: &dyn std::fmt::Display,
) -> Leaf<'a> {
    if after.is_value() {
        return Leaf::Known(after, name_unless_string(after, attr));
    }
    let marked = unknown.is_true() || block_unknown;
    match cfg {
        Some(e) if e.present && e.constant.is_value() => {
            Leaf::Known(&e.constant, name_unless_string(&e.constant, attr))
        }
        Some(e) if e.present && marked => Leaf::Unknown(describe_expr(e, attr)),
        Some(e) if e.present => Leaf::Absent,
        Some(_) => Leaf::Absent,
        None if marked => Leaf::Unknown(format!("`{attr}` is known only after apply")),
        None => Leaf::Absent,
    }
}

fn describe_expr(e: &Expr, attr: &dyn std::fmt::Display) -> String {
    match e
        .references
        .iter()
        .find(|r| !r.starts_with("count.") && !r.starts_with("each."))
        .or(e.references.first())
    {
        Some(r) => format!("`{attr}` is set from `{r}`, which is known only after apply"),
        None => format!("`{attr}` is set by an expression whose value is known only after apply"),
    }
}

/// The `metadata_options` of a resource from `after`, `after_unknown` and configuration.
fn metadata_block(
    after: &Attrs<Scalar>,
    unknown: &Attrs<Scalar>,
    cfg: Option<&Attrs<Expr>>,
    known_config: bool,
) -> Block {
    let cfg_block: Option<&MetadataAttrs<Expr>> = cfg.and_then(|c| c.metadata_options.first());
    let whole_unknown = unknown.metadata_options.is_marked_unknown();
    let u_item = unknown.metadata_options.first();
    let build = |a: Option<&MetadataAttrs<Scalar>>, block_unknown: bool| {
        let missing = Scalar::Missing;
        let av = |f: fn(&MetadataAttrs<Scalar>) -> &Scalar| a.map_or(&missing, f);
        let uv = |f: fn(&MetadataAttrs<Scalar>) -> &Scalar| u_item.map_or(&missing, f);
        // With a configuration, an argument it does not set is computed: not set for the chain.
        let cv = |f: fn(&MetadataAttrs<Expr>) -> &Expr| -> Option<&Expr> {
            match cfg_block {
                Some(b) => Some(f(b)),
                None => None,
            }
        };
        let field = |fa: fn(&MetadataAttrs<Scalar>) -> &Scalar,
                     fc: fn(&MetadataAttrs<Expr>) -> &Expr,
                     name: &str| {
            // Formatted only for an unknown value's message.
            leaf(
                av(fa),
                uv(fa),
                cv(fc),
                block_unknown,
                &format_args!("metadata_options[0].{name}"),
            )
        };
        MetadataOptions {
            http_tokens: field(|m| &m.http_tokens, |m| &m.http_tokens, "http_tokens").and_str(),
            http_endpoint: field(|m| &m.http_endpoint, |m| &m.http_endpoint, "http_endpoint")
                .and_str(),
            hop_limit: field(
                |m| &m.http_put_response_hop_limit,
                |m| &m.http_put_response_hop_limit,
                "http_put_response_hop_limit",
            )
            .and_int(),
            instance_metadata_tags: field(
                |m| &m.instance_metadata_tags,
                |m| &m.instance_metadata_tags,
                "instance_metadata_tags",
            )
            .and_str(),
            http_protocol_ipv6: field(
                |m| &m.http_protocol_ipv6,
                |m| &m.http_protocol_ipv6,
                "http_protocol_ipv6",
            )
            .and_str(),
        }
    };
    if let Some(item) = after.metadata_options.first() {
        return Block::Set(build(Some(item), false));
    }
    let marked = whole_unknown || u_item.is_some();
    match (cfg_block, known_config) {
        (Some(_), _) => Block::Set(build(None, marked)),
        // The configuration has no `metadata_options`: the provider computes it from the
        // layers below. (A `dynamic` block is not represented in the configuration either;
        // the plan cannot tell the two apart, and an unset block is by far the common case.)
        (None, true) => Block::NotSet,
        // No configuration: a block marked unknown as a whole is what the provider computes
        // when the argument is left unset.
        (None, false) => Block::NotSet,
    }
}

/// The address of an entry, built from its parts where the file leaves it out, and made
/// absolute where an old state gives module-relative addresses.
fn entry_address(e: &Entry, module: &str) -> Option<Address> {
    let module = e.module_address.as_deref().unwrap_or(module);
    let full = match &e.address {
        Some(a) if module.is_empty() || a.starts_with("module.") => a.clone(),
        Some(a) => format!("{module}.{a}"),
        None => {
            let rtype = e.resource_type.as_deref()?;
            let name = e.name.as_deref()?;
            let data = if e.mode.as_deref() == Some("data") {
                "data."
            } else {
                ""
            };
            let key = match &e.index {
                Scalar::Int(i) => format!("[{i}]"),
                Scalar::Str(s) => format!("[{}]", serde_json::to_string(s).unwrap_or_default()),
                _ => String::new(),
            };
            let local = format!("{data}{rtype}.{name}{key}");
            if module.is_empty() {
                local
            } else {
                format!("{module}.{local}")
            }
        }
    };
    // Old states give module-relative addresses without the resource key.
    let full = match (&e.address, &e.index) {
        (Some(a), Scalar::Int(i)) if !a.ends_with(']') => format!("{full}[{i}]"),
        (Some(a), Scalar::Str(s)) if !a.ends_with(']') => {
            format!("{full}[{}]", serde_json::to_string(s).unwrap_or_default())
        }
        _ => full,
    };
    parse_address(&full)
}

/// Resolved references by module instance.
type ByModule = BTreeMap<String, Vec<String>>;

/// The configuration, indexed by configuration address, and the provider configurations.
struct Config<'c> {
    present: bool,
    resources: BTreeMap<String, &'c Entry>,
    modules: BTreeMap<String, &'c ConfigModule>,
    providers: BTreeMap<String, Val<String>>,
    /// Provider configurations that are blocks of their own (root, alias, or arguments), not
    /// a module's `required_providers` entry that inherits its parent's.
    configured: BTreeSet<String>,
    /// [`Config::resolve_cached`]'s results: the instances of one configuration block in one
    /// module instance (a `count` of 50) resolve the same references.
    memo: RefCell<BTreeMap<(usize, u64), ByModule>>,
}

impl<'c> Config<'c> {
    fn new(
        config: Option<&'c Configuration>,
        variables: &BTreeMap<String, super::terraform::Obj<super::terraform::Variable>>,
    ) -> Self {
        let mut c = Config {
            present: config.is_some(),
            resources: BTreeMap::new(),
            modules: BTreeMap::new(),
            providers: BTreeMap::new(),
            configured: BTreeSet::new(),
            memo: RefCell::default(),
        };
        let Some(config) = config else { return c };
        for (key, p) in &config.provider_config {
            if p.name.as_deref().is_some_and(|n| n != "aws") {
                continue;
            }
            let region = p.expressions.0.as_ref().map(|e| &e.region);
            let root = p.module_address.as_deref().is_none_or(str::is_empty);
            let val = match region {
                Some(e) if e.constant.as_str().is_some() => {
                    Val::Known(e.constant.as_str().unwrap_or_default().to_owned())
                }
                Some(e) if !e.references.is_empty() => {
                    let var = e.references.iter().find_map(|r| r.strip_prefix("var."));
                    match var
                        .and_then(|v| variables.get(v))
                        .and_then(|v| v.0.as_ref())
                        .and_then(|v| v.value.as_str())
                    {
                        Some(r) if root => Val::Known(r.to_owned()),
                        _ => Val::Unknown(format!(
                            "the region of provider `{key}` comes from `{}`",
                            e.references.first().map(String::as_str).unwrap_or_default()
                        )),
                    }
                }
                _ => Val::Absent,
            };
            if root || p.alias.is_some() || p.expressions.0.is_some() {
                c.configured.insert(key.clone());
            }
            c.providers.insert(key.clone(), val);
        }
        if let Some(root) = &config.root_module.0 {
            c.index_module(root, "");
        }
        c
    }

    fn index_module(&mut self, m: &'c ConfigModule, prefix: &str) {
        self.modules.insert(prefix.to_owned(), m);
        for r in &m.resources {
            if let Some(a) = &r.address {
                let key = if prefix.is_empty() {
                    a.clone()
                } else {
                    format!("{prefix}.{a}")
                };
                self.resources.insert(key, r);
            }
        }
        for (name, call) in &m.module_calls {
            if let Some(child) = &call.module.0 {
                let p = if prefix.is_empty() {
                    format!("module.{name}")
                } else {
                    format!("{prefix}.module.{name}")
                };
                self.index_module(child, &p);
            }
        }
    }

    fn resource(&self, addr: &Address) -> Option<&'c Entry> {
        self.resources.get(&addr.config()).copied()
    }

    /// The provider configuration of a resource: its `provider_config_key`, walked up to
    /// the configuration it inherits (`a.b:aws` → `a:aws` → `aws`).
    fn provider(
        &self,
        entry: Option<&Entry>,
        values: Option<&Attrs<Scalar>>,
        addr: &Address,
    ) -> ProviderRef {
        let mut key = entry.and_then(|e| e.provider_config_key.clone());
        if let Some(k) = key
            .as_deref()
            .and_then(|k| self.module_provider(k, &addr.config_module))
        {
            key = Some(k);
        }
        if let Some(k) = key.clone() {
            let mut k = k;
            loop {
                if self.providers.contains_key(&k) {
                    break;
                }
                let Some((module, provider)) = k.split_once(':') else {
                    break;
                };
                k = match module.rsplit_once('.') {
                    Some((parent, _)) => format!("{parent}:{provider}"),
                    None => provider.to_owned(),
                };
            }
            key = Some(k);
        }
        let region = match values.map(|v| &v.region) {
            Some(Scalar::Str(r)) if !r.is_empty() => Val::Known(r.clone()),
            _ => key
                .as_ref()
                .and_then(|k| self.providers.get(k))
                .cloned()
                .unwrap_or_default(),
        };
        ProviderRef {
            config_key: key,
            region,
        }
    }

    /// Terraform 0.13 and 0.14 name a module's provider `NAME:aws` in its resources but key it
    /// `module.NAME:aws` (the module path) in `provider_config`, where a module that only
    /// declares `required_providers` has an entry too: that one inherits its parent's. The
    /// key of the configuration a resource at `module` uses, when the plan is of that kind.
    fn module_provider(&self, key: &str, module: &str) -> Option<String> {
        if self.providers.contains_key(key) {
            return None;
        }
        let (name, provider) = key.split_once(':')?;
        if name.starts_with("module.") {
            return None;
        }
        let mut m = module;
        while !m.is_empty() {
            let k = format!("{m}:{provider}");
            if self.configured.contains(&k) {
                return Some(k);
            }
            m = m.rsplit_once(".module.").map_or("", |(parent, _)| parent);
        }
        None
    }

    /// Configuration references (relative to the module of `from`) to resources of `types`,
    /// as absolute addresses; `module.x.out` references are followed through the module's
    /// output expressions.
    /// [`Config::resolve_refs`] over `lists` (the reference lists of one configuration block,
    /// which `block` identifies: its address in the configuration, which outlives this
    /// `Config`; the callers take the block as `&'c`, so no temporary can reuse an address),
    /// remembered per module instance.
    fn resolve_cached(
        &self,
        block: usize,
        lists: &[&Vec<String>],
        from: &Address,
        types: &[&str],
    ) -> Vec<String> {
        if lists.iter().all(|l| l.is_empty()) {
            return Vec::new();
        }
        // FNV-1a over the type names: the key names the content, not where it is stored.
        let types_key = types.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, t| {
            t.bytes()
                .chain([0])
                .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
        });
        let key = (block, types_key);
        if let Some(hit) = self
            .memo
            .borrow()
            .get(&key)
            .and_then(|m| m.get(from.module.as_str()))
        {
            return hit.clone();
        }
        let mut out = Vec::new();
        for refs in lists {
            self.resolve_refs(refs, from, types, &mut out);
        }
        self.memo
            .borrow_mut()
            .entry(key)
            .or_default()
            .insert(from.module.clone(), out.clone());
        out
    }

    fn resolve_refs(&self, refs: &[String], from: &Address, types: &[&str], out: &mut Vec<String>) {
        self.resolve_in(refs, &from.module, &from.config_module, types, out, 0);
    }

    fn resolve_in(
        &self,
        refs: &[String],
        module: &str,
        config_module: &str,
        types: &[&str],
        out: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        let join = |m: &str, s: &str| {
            if m.is_empty() {
                s.to_owned()
            } else {
                format!("{m}.{s}")
            }
        };
        for r in refs {
            let segs = segments(r);
            let (data, rest) = match segs.first() {
                Some(&"data") => (true, segs.get(1..).unwrap_or_default()),
                _ => (false, segs.as_slice()),
            };
            match rest {
                [rtype, name, ..] if types.contains(rtype) => {
                    let local = format!("{}{rtype}.{name}", if data { "data." } else { "" });
                    let abs = join(module, &local);
                    if !out.contains(&abs) {
                        out.push(abs);
                    }
                }
                [m, mname, output, ..] if *m == "module" && !data => {
                    let child_cfg = join(config_module, &format!("module.{}", strip_key(mname)));
                    let child = join(module, &format!("module.{mname}"));
                    let refs = self
                        .modules
                        .get(&child_cfg)
                        .and_then(|cm| cm.outputs.get(*output))
                        .map(|o| o.expression.references.clone());
                    if let Some(refs) = refs {
                        self.resolve_in(&refs, &child, &child_cfg, types, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
        // Drop a bare `x.y` when `x.y[key]` is also referenced: the keyed one is exact.
        let keyed: Vec<String> = out
            .iter()
            .filter(|a| a.ends_with(']'))
            .map(|a| without_last_key(a))
            .collect();
        out.retain(|a| a.ends_with(']') || !keyed.contains(a));
    }
}
