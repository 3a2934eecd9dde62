//! The normalized model every reader produces and the resolver reads. Nothing here knows which
//! input kind it came from; every value is known, unknown (with why), or absent.

use crate::report::model::{InputKind, Note, SourceLocation};
use crate::suppress::Ignore;

/// A value from the input: known, known only after apply (with the reason), or not set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Val<T> {
    Known(T),
    /// Not known until apply; the text names the attribute or expression.
    Unknown(String),
    #[default]
    Absent,
}

impl<T> Val<T> {
    pub fn known(&self) -> Option<&T> {
        match self {
            Val::Known(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Val::Absent)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Val<U> {
        match self {
            Val::Known(v) => Val::Known(f(v)),
            Val::Unknown(w) => Val::Unknown(w),
            Val::Absent => Val::Absent,
        }
    }

    pub fn or(self, other: Val<T>) -> Val<T> {
        match self {
            Val::Absent => other,
            v => v,
        }
    }
}

/// A `metadata_options` block (or the `MetadataOptions` of a live instance).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetadataOptions {
    pub http_tokens: Val<String>,
    pub http_endpoint: Val<String>,
    pub hop_limit: Val<i64>,
    pub instance_metadata_tags: Val<String>,
    pub http_protocol_ipv6: Val<String>,
}

/// The `metadata_options` of a resource as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Block {
    /// Not set: the value comes from the next layer.
    #[default]
    NotSet,
    /// Set, but its content cannot be known before apply (a `dynamic` block over an unknown
    /// collection, say); the text says why.
    Unknown(String),
    Set(MetadataOptions),
}

/// Where a thing is in the input, for messages and patches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// Terraform address (`module.a["k"].aws_instance.b[0]`), or the instance id.
    pub address: String,
    /// The resource type (`aws_instance`, ...; `ec2-instance` for a live instance).
    pub resource_type: String,
    /// The address of the module instance the resource lives in (`""` for the root).
    pub module: String,
    /// Where the resource is written (`.tf` sources only).
    pub location: Option<Box<SourceLocation>>,
}

/// The provider configuration a resource uses: the key of `configuration.provider_config`
/// (`aws`, `aws.west`, `module.m:aws`), and the region when it is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProviderRef {
    pub config_key: Option<String>,
    pub region: Val<String>,
}

/// A pointer from one resource to another: by a known id or name, or through
/// `configuration` references to candidate addresses when the id is unknown until apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Link {
    pub id: Val<String>,
    pub name: Val<String>,
    /// Absolute addresses (without instance keys where the reference had none) of the
    /// resources the configuration refers to.
    pub references: Vec<String>,
}

impl Link {
    pub fn is_empty(&self) -> bool {
        self.id.is_absent() && self.name.is_absent() && self.references.is_empty()
    }
}

/// A launch template chosen by a subject, with the version it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateUse {
    pub link: Link,
    /// `$Default`, `$Latest` or a number; absent means `$Default`.
    pub version: Val<String>,
    /// Where the specification sits, for messages (`launch_template`,
    /// `mixed_instances_policy.launch_template.override[1]`).
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Instance,
    SpotInstanceRequest,
    AutoscalingGroup,
    EksNodeGroup,
    /// `aws_ec2_fleet`, `aws_spot_fleet_request`, and `aws_batch_compute_environment` with a
    /// launch template: instances launched from a template (or a launch specification).
    Fleet,
    /// A running or stopped instance from DescribeInstances.
    LiveInstance,
    /// Something that may launch instances but could not be read (a module call whose files
    /// are not here, a service that launches with options of its own): its finding is
    /// `unknown`, and the verdict cannot be `pass` while it stands.
    Unjudged,
}

/// Something that launches instances: the subject of EC2.8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub kind: SubjectKind,
    pub origin: Origin,
    /// Live instances: the instance id, region and account.
    pub id: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub provider: ProviderRef,
    pub metadata: Block,
    /// Whether the subject can carry its own `metadata_options` (ASGs and node groups cannot).
    pub can_override: bool,
    pub templates: Vec<TemplateUse>,
    /// An Auto Scaling group's `launch_configuration` (by name).
    pub launch_configuration: Option<Box<Link>>,
    pub ami: Option<Link>,
    /// Live instances: `MetadataOptions.State` is `pending`.
    pub pending: bool,
    /// Live instances: the Auto Scaling group that launched it (`aws:autoscaling:groupName`),
    /// and the launch template and version it came from (`aws:ec2launchtemplate:*`).
    pub launched_by: Option<Box<LaunchedBy>>,
    /// Live instances: the `Name` tag.
    pub name_tag: Option<String>,
}

/// Where a live instance came from, by its tags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaunchedBy {
    pub group: Option<String>,
    pub template: Option<String>,
    pub version: Option<String>,
}

impl Subject {
    /// A subject that launches from launch templates and carries no options of its own (an
    /// Auto Scaling group, a node group, a fleet).
    pub fn from_templates(
        kind: SubjectKind,
        origin: Origin,
        provider: ProviderRef,
        templates: Vec<TemplateUse>,
    ) -> Subject {
        Subject {
            kind,
            origin,
            id: None,
            region: None,
            account: None,
            provider,
            metadata: Block::NotSet,
            can_override: false,
            templates,
            launch_configuration: None,
            ami: None,
            pending: false,
            launched_by: None,
            name_tag: None,
        }
    }

    /// Something that may launch instances whose metadata options cannot be read, and why.
    pub fn unjudged(origin: Origin, provider: ProviderRef, why: String) -> Subject {
        Subject {
            kind: SubjectKind::Unjudged,
            origin,
            id: None,
            region: None,
            account: None,
            provider,
            metadata: Block::Unknown(why),
            can_override: false,
            templates: Vec::new(),
            launch_configuration: None,
            ami: None,
            pending: false,
            launched_by: None,
            name_tag: None,
        }
    }
}

/// How Terraform will treat a resource in this plan; decides which launch template version
/// the plan shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Create,
    Update,
    /// Unchanged, or read from state.
    Existing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchTemplate {
    pub origin: Origin,
    pub id: Val<String>,
    pub name: Val<String>,
    pub lifecycle: Lifecycle,
    /// The metadata options the plan gives the template's newest version.
    pub metadata: Block,
    /// The metadata options before this plan (updates only).
    pub metadata_before: Block,
    pub default_version: Val<i64>,
    pub latest_version: Val<i64>,
    pub default_version_before: Val<i64>,
    pub latest_version_before: Val<i64>,
    pub update_default_version: bool,
    pub image: Option<Link>,
    pub provider: ProviderRef,
    /// Every version the input shows, by number (live templates); empty for Terraform, whose
    /// templates are the newest version and the one before the plan.
    pub versions: Vec<TemplateVersion>,
}

/// One version of a live launch template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateVersion {
    pub number: i64,
    pub metadata: Block,
    pub image: Option<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchConfiguration {
    pub origin: Origin,
    pub name: Val<String>,
    pub metadata: Block,
    pub image: Option<Link>,
    /// Live configurations: their account and region (Terraform's: the default).
    pub provider: ProviderRef,
}

/// `aws_ec2_instance_metadata_defaults`: the account's defaults in one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDefaults {
    pub origin: Origin,
    pub provider: ProviderRef,
    pub http_tokens: Val<String>,
    pub http_endpoint: Val<String>,
    pub hop_limit: Val<i64>,
    /// `HttpTokensEnforced = enabled` (live only; the AWS provider cannot set it yet): a
    /// launch that asks for IMDSv1 fails.
    pub enforced: bool,
    /// `ManagedBy` (`account`, `declarative-policy`), when the document says.
    pub managed_by: Option<String>,
}

/// `aws_ami` or `data.aws_ami`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ami {
    pub origin: Origin,
    pub id: Val<String>,
    pub imds_support: Val<String>,
}

/// A resource type that looks like it sets IMDS options but is not a provider resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    pub kind: InputKind,
    pub format_version: Option<String>,
    pub terraform_version: Option<String>,
    pub encoding: Option<String>,
    /// Whether the input carried Terraform's `configuration` (so absent blocks are known
    /// to be unset rather than unknown).
    pub has_configuration: bool,
    pub subjects: Vec<Subject>,
    pub templates: Vec<LaunchTemplate>,
    pub configurations: Vec<LaunchConfiguration>,
    pub defaults: Vec<AccountDefaults>,
    pub amis: Vec<Ami>,
    pub strays: Vec<Stray>,
    /// Things the reader wants said once in the report (a module call it did not expand).
    pub notes: Vec<Note>,
    /// Suppressions written in the input itself (`imdsv2-policy:ignore` comments in `.tf`).
    pub ignores: Vec<Ignore>,
    /// How many resources of any type the reader saw (plans and states), so a report of 0
    /// subjects can say whether the input was empty.
    pub resources_seen: usize,
    /// Values the input marks sensitive (`after_sensitive`, `sensitive_values`), which no
    /// report may echo.
    pub sensitive: Vec<String>,
}

impl Inventory {
    pub fn new(kind: InputKind) -> Self {
        Inventory {
            kind,
            format_version: None,
            terraform_version: None,
            encoding: None,
            has_configuration: false,
            subjects: Vec::new(),
            templates: Vec::new(),
            configurations: Vec::new(),
            defaults: Vec::new(),
            amis: Vec::new(),
            strays: Vec::new(),
            notes: Vec::new(),
            ignores: Vec::new(),
            resources_seen: 0,
            sensitive: Vec::new(),
        }
    }
}
