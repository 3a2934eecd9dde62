//! AWS's own JSON beyond DescribeInstances, as the AWS CLI and boto3 write it:
//! `describe-launch-template-versions`, `describe-launch-templates`,
//! `describe-launch-configurations`, `describe-auto-scaling-groups`,
//! `get-instance-metadata-defaults` and `describe-images`. A document is one response, an
//! array of response pages, or one page per line (`NextToken` pagination); pages of different
//! calls may be mixed, DescribeInstances pages included.
//!
//! Account and region come from ARNs, zones and `OwnerId`. Responses that name neither (account
//! defaults, template versions, images) take the one account and region the other documents
//! of the evaluation name (see [`scope_unscoped`]); with several, they stay unjoined.

use super::describe::{self, LiveMetadataOptions, Reservation};
use super::lenient::{Blocks, Scalar};
use super::terraform::Obj;
use crate::inventory::{
    AccountDefaults, Ami, Block, Inventory, LaunchConfiguration, LaunchTemplate, Lifecycle, Link,
    Origin, ProviderRef, Subject, SubjectKind, TemplateUse, TemplateVersion, Val,
};
use crate::report::model::InputKind;
use std::collections::{BTreeMap, BTreeSet};

/// One response page of any of the calls this reader knows.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Page {
    #[serde(rename = "Reservations")]
    pub reservations: Option<Vec<Reservation>>,
    #[serde(rename = "LaunchTemplateVersions")]
    pub launch_template_versions: Option<Vec<LtVersion>>,
    #[serde(rename = "LaunchTemplates")]
    pub launch_templates: Option<Vec<LtSummary>>,
    #[serde(rename = "LaunchConfigurations")]
    pub launch_configurations: Option<Vec<LiveLc>>,
    #[serde(rename = "AutoScalingGroups")]
    pub auto_scaling_groups: Option<Vec<LiveAsg>>,
    #[serde(rename = "AccountLevel")]
    pub account_level: Obj<AccountLevel>,
    #[serde(rename = "Images")]
    pub images: Option<Vec<Image>>,
}

impl Page {
    /// Whether the page holds anything beyond DescribeInstances.
    pub fn is_live(&self) -> bool {
        self.launch_template_versions.is_some()
            || self.launch_templates.is_some()
            || self.launch_configurations.is_some()
            || self.auto_scaling_groups.is_some()
            || self.account_level.0.is_some()
            || self.images.is_some()
    }

    pub fn is_page(&self) -> bool {
        self.is_live() || self.reservations.is_some()
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LtVersion {
    #[serde(rename = "LaunchTemplateId")]
    pub id: Scalar,
    #[serde(rename = "LaunchTemplateName")]
    pub name: Scalar,
    #[serde(rename = "VersionNumber")]
    pub number: Scalar,
    #[serde(rename = "DefaultVersion")]
    pub default: Scalar,
    /// `arn:aws:iam::ACCOUNT:...`: the account.
    #[serde(rename = "CreatedBy")]
    pub created_by: Scalar,
    #[serde(rename = "LaunchTemplateData")]
    pub data: Obj<LtData>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LtData {
    #[serde(rename = "ImageId")]
    pub image_id: Scalar,
    #[serde(rename = "MetadataOptions")]
    pub metadata_options: Obj<LiveMetadataOptions>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LtSummary {
    #[serde(rename = "LaunchTemplateId")]
    pub id: Scalar,
    #[serde(rename = "LaunchTemplateName")]
    pub name: Scalar,
    #[serde(rename = "DefaultVersionNumber")]
    pub default_version: Scalar,
    #[serde(rename = "LatestVersionNumber")]
    pub latest_version: Scalar,
    #[serde(rename = "CreatedBy")]
    pub created_by: Scalar,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveLc {
    #[serde(rename = "LaunchConfigurationName")]
    pub name: Scalar,
    #[serde(rename = "LaunchConfigurationARN")]
    pub arn: Scalar,
    #[serde(rename = "ImageId")]
    pub image_id: Scalar,
    #[serde(rename = "MetadataOptions")]
    pub metadata_options: Obj<LiveMetadataOptions>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveAsg {
    #[serde(rename = "AutoScalingGroupName")]
    pub name: Scalar,
    #[serde(rename = "AutoScalingGroupARN")]
    pub arn: Scalar,
    #[serde(rename = "LaunchTemplate")]
    pub launch_template: Obj<LiveSpec>,
    #[serde(rename = "LaunchConfigurationName")]
    pub launch_configuration: Scalar,
    #[serde(rename = "MixedInstancesPolicy")]
    pub mixed: Obj<LiveMixed>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveSpec {
    #[serde(rename = "LaunchTemplateId")]
    pub id: Scalar,
    #[serde(rename = "LaunchTemplateName")]
    pub name: Scalar,
    #[serde(rename = "Version")]
    pub version: Scalar,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveMixed {
    #[serde(rename = "LaunchTemplate")]
    pub launch_template: Obj<LiveMixedTemplate>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveMixedTemplate {
    #[serde(rename = "LaunchTemplateSpecification")]
    pub spec: Obj<LiveSpec>,
    #[serde(rename = "Overrides")]
    pub overrides: Blocks<LiveOverride>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveOverride {
    #[serde(rename = "LaunchTemplateSpecification")]
    pub spec: Obj<LiveSpec>,
}

/// `get-instance-metadata-defaults`: the account's defaults in the region of the call.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AccountLevel {
    #[serde(rename = "HttpTokens")]
    pub http_tokens: Scalar,
    #[serde(rename = "HttpEndpoint")]
    pub http_endpoint: Scalar,
    #[serde(rename = "HttpPutResponseHopLimit")]
    pub hop_limit: Scalar,
    #[serde(rename = "HttpTokensEnforced")]
    pub http_tokens_enforced: Scalar,
    #[serde(rename = "ManagedBy")]
    pub managed_by: Scalar,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Image {
    #[serde(rename = "ImageId")]
    pub id: Scalar,
    #[serde(rename = "ImdsSupport")]
    pub imds_support: Scalar,
}

/// `(region, account)` from an ARN: `arn:aws:autoscaling:us-east-1:123456789012:...`.
fn arn_scope(arn: &Scalar) -> (Option<String>, Option<String>) {
    let mut parts = arn.as_str().unwrap_or_default().split(':');
    let (region, account) = (parts.nth(3), parts.next());
    let some = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_owned);
    (some(region), some(account))
}

/// Where a live object sits: `aws:ACCOUNT` as the provider key, the region as its region.
/// Either may be unknown until [`scope_unscoped`] fills it in.
pub fn scope(region: Option<&str>, account: Option<&str>) -> ProviderRef {
    ProviderRef {
        config_key: Some(format!("aws:{}", account.unwrap_or("?"))),
        region: region.map_or(Val::Absent, |r| Val::Known(r.to_owned())),
    }
}

fn options_block(o: Option<&LiveMetadataOptions>) -> Block {
    o.map_or(Block::NotSet, |o| Block::Set(describe::options(o)))
}

fn origin(address: &str, resource_type: &str) -> Origin {
    Origin {
        address: address.to_owned(),
        resource_type: resource_type.to_owned(),
        module: String::new(),
        location: None,
    }
}

fn text(s: &Scalar) -> Option<String> {
    s.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn spec_use(spec: &LiveSpec, path: &str) -> TemplateUse {
    let version = match &spec.version {
        Scalar::Str(v) if !v.is_empty() => Val::Known(v.clone()),
        Scalar::Int(n) => Val::Known(n.to_string()),
        _ => Val::Absent,
    };
    let id = text(&spec.id);
    TemplateUse {
        link: Link {
            // By id when the response gives one: names are unique only per account and region.
            name: if id.is_none() {
                text(&spec.name).map_or(Val::Absent, Val::Known)
            } else {
                Val::Absent
            },
            id: id.map_or(Val::Absent, Val::Known),
            references: Vec::new(),
        },
        version,
        path: path.to_owned(),
    }
}

/// The template `id` of `templates`, made on first sight.
fn template<'m>(
    templates: &'m mut BTreeMap<String, LaunchTemplate>,
    id: &str,
    name: Option<String>,
    account: Option<&str>,
) -> &'m mut LaunchTemplate {
    templates
        .entry(id.to_owned())
        .or_insert_with(|| LaunchTemplate {
            origin: origin(id, "ec2-launch-template"),
            id: Val::Known(id.to_owned()),
            name: name.map_or(Val::Absent, Val::Known),
            lifecycle: Lifecycle::Existing,
            metadata: Block::NotSet,
            metadata_before: Block::NotSet,
            default_version: Val::Absent,
            latest_version: Val::Absent,
            default_version_before: Val::Absent,
            latest_version_before: Val::Absent,
            update_default_version: false,
            image: None,
            provider: scope(None, account),
            versions: Vec::new(),
        })
}

/// Pages into one inventory: instances through the DescribeInstances collector, templates
/// with every version the pages hold.
pub fn inventory(pages: &[Page]) -> Inventory {
    let mut c = describe::Collector::default();
    let mut inv = Inventory::new(if pages.iter().any(Page::is_live) {
        InputKind::AwsLive
    } else {
        InputKind::Ec2DescribeInstances
    });
    let mut templates: BTreeMap<String, LaunchTemplate> = BTreeMap::new();
    for p in pages {
        if let Some(r) = &p.reservations {
            c.reservations(r);
        }
        for v in p.launch_template_versions.iter().flatten() {
            let (Some(id), Some(n)) = (text(&v.id), v.number.as_i64()) else {
                continue;
            };
            let (_, account) = arn_scope(&v.created_by);
            let t = template(&mut templates, &id, text(&v.name), account.as_deref());
            let data = v.data.0.as_ref();
            t.versions.push(TemplateVersion {
                number: n,
                metadata: options_block(data.and_then(|d| d.metadata_options.0.as_ref())),
                image: data.and_then(|d| text(&d.image_id)).map(|id| Link {
                    id: Val::Known(id),
                    ..Link::default()
                }),
            });
            if matches!(v.default, Scalar::Bool(true)) {
                t.default_version = Val::Known(n);
            }
        }
        for s in p.launch_templates.iter().flatten() {
            let Some(id) = text(&s.id) else { continue };
            let (_, account) = arn_scope(&s.created_by);
            let t = template(&mut templates, &id, text(&s.name), account.as_deref());
            if let Some(d) = s.default_version.as_i64() {
                t.default_version = Val::Known(d);
            }
            if let Some(l) = s.latest_version.as_i64() {
                t.latest_version = Val::Known(l);
            }
        }
        for lc in p.launch_configurations.iter().flatten() {
            let Some(name) = text(&lc.name) else { continue };
            let (region, account) = arn_scope(&lc.arn);
            inv.configurations.push(LaunchConfiguration {
                origin: origin(&name, "autoscaling-launch-configuration"),
                name: Val::Known(name),
                // Auto Scaling returns `MetadataOptions` only when it was given one.
                metadata: options_block(lc.metadata_options.0.as_ref()),
                image: text(&lc.image_id).map(|id| Link {
                    id: Val::Known(id),
                    ..Link::default()
                }),
                provider: scope(region.as_deref(), account.as_deref()),
            });
        }
        for g in p.auto_scaling_groups.iter().flatten() {
            let Some(name) = text(&g.name) else { continue };
            let (region, account) = arn_scope(&g.arn);
            let mut templates = Vec::new();
            if let Some(spec) = &g.launch_template.0 {
                templates.push(spec_use(spec, "LaunchTemplate"));
            }
            if let Some(m) = g
                .mixed
                .0
                .as_ref()
                .and_then(|m| m.launch_template.0.as_ref())
            {
                if let Some(spec) = &m.spec.0 {
                    templates.push(spec_use(
                        spec,
                        "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification",
                    ));
                }
                for (i, o) in m.overrides.items().iter().enumerate() {
                    if let Some(spec) = &o.spec.0 {
                        templates.push(spec_use(
                            spec,
                            &format!("MixedInstancesPolicy.LaunchTemplate.Overrides[{i}].LaunchTemplateSpecification"),
                        ));
                    }
                }
            }
            let mut s = Subject::from_templates(
                SubjectKind::AutoscalingGroup,
                origin(&name, "autoscaling-group"),
                scope(region.as_deref(), account.as_deref()),
                templates,
            );
            s.id = Some(name);
            s.region = region;
            s.account = account;
            s.launch_configuration = text(&g.launch_configuration).map(|n| {
                Box::new(Link {
                    name: Val::Known(n),
                    ..Link::default()
                })
            });
            inv.subjects.push(s);
        }
        if let Some(a) = &p.account_level.0 {
            let s = describe::known_str;
            inv.defaults.push(AccountDefaults {
                origin: origin(
                    "get-instance-metadata-defaults",
                    "ec2-instance-metadata-defaults",
                ),
                provider: scope(None, None),
                http_tokens: s(&a.http_tokens),
                http_endpoint: s(&a.http_endpoint),
                hop_limit: a.hop_limit.as_i64().map_or(Val::Absent, Val::Known),
                enforced: a.http_tokens_enforced.as_str() == Some("enabled"),
                managed_by: text(&a.managed_by),
            });
        }
        for i in p.images.iter().flatten() {
            let Some(id) = text(&i.id) else { continue };
            inv.amis.push(Ami {
                origin: origin(&id, "ec2-image"),
                // `describe-images` leaves `ImdsSupport` out when it is not set: known unset.
                imds_support: Val::Known(text(&i.imds_support).unwrap_or_default()),
                id: Val::Known(id),
            });
        }
    }
    inv.templates.extend(templates.into_values());
    settle_templates(&mut inv.templates);
    c.into_inventory(&mut inv);
    scope_unscoped(&mut inv);
    inv
}

/// Versions in order, once each, and the template's `metadata` from its newest version shown.
/// `$Latest` is only known from `describe-launch-templates` (`LatestVersionNumber`): a
/// versions response never says it holds every version.
fn settle_templates(templates: &mut [LaunchTemplate]) {
    for t in templates {
        t.versions.sort_by_key(|v| v.number);
        t.versions.dedup_by_key(|v| v.number);
        if let Some(v) = t.versions.last() {
            t.metadata = v.metadata.clone();
        }
    }
}

/// Live inventories of one evaluation as one: documents of one account join. Objects whose
/// documents name no account or region take the only ones the others name; with several, they
/// keep `?` and join nothing (a note says so).
pub fn merge(parts: Vec<Inventory>) -> Inventory {
    let kind = if parts.iter().any(|i| i.kind == InputKind::AwsLive) {
        InputKind::AwsLive
    } else {
        InputKind::Ec2DescribeInstances
    };
    let mut inv = Inventory::new(kind);
    for p in parts {
        // An instance or group in two documents (overlapping pages) is one subject.
        for s in p.subjects {
            if s.id.is_none()
                || !inv
                    .subjects
                    .iter()
                    .any(|x| x.kind == s.kind && x.id == s.id)
            {
                inv.subjects.push(s);
            }
        }
        // One template, whatever documents its versions and numbers come from.
        for t in p.templates {
            match inv.templates.iter_mut().find(|x| x.id == t.id) {
                Some(x) => {
                    x.versions.extend(t.versions);
                    x.default_version = x.default_version.clone().or(t.default_version);
                    x.latest_version = x.latest_version.clone().or(t.latest_version);
                    if x.name.is_absent() {
                        x.name = t.name;
                    }
                }
                None => inv.templates.push(t),
            }
        }
        inv.configurations.extend(p.configurations);
        inv.defaults.extend(p.defaults);
        inv.amis.extend(p.amis);
        inv.notes.extend(
            p.notes
                .into_iter()
                .filter(|n| n.id != "account-defaults-unjoined"),
        );
        inv.resources_seen += p.resources_seen;
    }
    settle_templates(&mut inv.templates);
    scope_unscoped(&mut inv);
    inv
}

/// Fills in the account and region of live objects whose response did not say, when the
/// evaluation names exactly one of each.
pub fn scope_unscoped(inv: &mut Inventory) {
    for s in &mut inv.subjects {
        if s.kind == SubjectKind::LiveInstance {
            s.provider = scope(s.region.as_deref(), s.account.as_deref());
        }
    }
    let mut accounts = BTreeSet::new();
    let mut regions = BTreeSet::new();
    let mut note = |p: &ProviderRef| {
        if let Some(k) = p.config_key.as_deref().filter(|k| *k != "aws:?") {
            accounts.insert(k.to_owned());
        }
        if let Some(r) = p.region.known() {
            regions.insert(r.clone());
        }
    };
    inv.subjects.iter().for_each(|s| note(&s.provider));
    inv.configurations.iter().for_each(|c| note(&c.provider));
    inv.templates.iter().for_each(|t| note(&t.provider));
    let one = |set: &BTreeSet<String>| {
        (set.len() == 1)
            .then(|| set.iter().next().cloned())
            .flatten()
    };
    let (account, region) = (one(&accounts), one(&regions));
    let fill = |p: &mut ProviderRef| {
        if p.config_key.as_deref() == Some("aws:?")
            && let Some(a) = &account
        {
            p.config_key = Some(a.clone());
        }
        if p.region.is_absent()
            && let Some(r) = &region
        {
            p.region = Val::Known(r.clone());
        }
    };
    inv.templates.iter_mut().for_each(|t| fill(&mut t.provider));
    inv.defaults.iter_mut().for_each(|d| fill(&mut d.provider));
    inv.configurations
        .iter_mut()
        .for_each(|c| fill(&mut c.provider));
    let unjoined = inv.defaults.iter().any(|d| {
        d.provider.config_key.as_deref() == Some("aws:?") || d.provider.region.is_absent()
    }) && (accounts.len() > 1 || regions.len() > 1);
    if unjoined {
        inv.notes.push(crate::report::model::Note {
            id: "account-defaults-unjoined".to_owned(),
            message: "`get-instance-metadata-defaults` output names no account or region, and the other documents name several: its defaults join no subject. Check one account and region per run".to_owned(),
            ..crate::report::model::Note::default()
        });
    }
}

/// The keys of the responses this module reads beyond DescribeInstances.
const KEYS: &[&str] = &[
    "\"LaunchTemplateVersions\"",
    "\"LaunchTemplates\"",
    "\"LaunchConfigurations\"",
    "\"AutoScalingGroups\"",
    "\"AccountLevel\"",
    "\"Images\"",
];

/// Whether a text holds any response of this module (so arrays and streams are read as
/// pages of them rather than as DescribeInstances alone).
pub fn mentions_live(text: &str) -> bool {
    KEYS.iter().any(|k| text.contains(k))
}
