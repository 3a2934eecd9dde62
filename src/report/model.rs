//! The report: the one answer every shell returns. Its JSON form (camelCase) is the contract
//! that outside checks read, and `schema/report.schema.json` is generated from these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What `evaluate` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Report {
    pub tool: Tool,
    pub input: InputInfo,
    pub summary: Summary,
    /// Sorted by resource address or instance id, then control.
    pub findings: Vec<Finding>,
    /// Report-wide advice, such as the account-level guardrail; each said once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Findings that one fix covers, together: the instances of one configuration block
    /// (`count`, `for_each`, module instances) with the same status, layer and fix. Every
    /// finding is in exactly one group, in the order of `findings`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

/// Findings one fix covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Group {
    pub control: String,
    pub status: Status,
    /// The configuration address (instance keys left out), or the live id.
    pub subject: String,
    /// The indices in `findings` of the findings it holds.
    pub findings: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// The kinds of document the evaluator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    TerraformPlan,
    TerraformState,
    /// A raw state file (`terraform.tfstate`, `terraform state pull`): format version 4.
    TerraformStateFile,
    Ec2DescribeInstances,
    /// Terraform configuration (`.tf` files, with `.tfvars`), read without running Terraform.
    TerraformSource,
    /// AWS's JSON beyond DescribeInstances (launch templates and configurations, Auto Scaling
    /// groups, account defaults, images), with or without instances.
    AwsLive,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::TerraformPlan => "terraform-plan",
            InputKind::TerraformState => "terraform-state",
            InputKind::TerraformStateFile => "terraform-state-file",
            InputKind::Ec2DescribeInstances => "ec2-describe-instances",
            InputKind::TerraformSource => "terraform-source",
            InputKind::AwsLive => "aws-live",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InputInfo {
    pub kind: InputKind,
    /// The document's `format_version`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_version: Option<String>,
    /// The Terraform CLI that wrote the document, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform_version: Option<String>,
    /// The text encoding the input arrived in, when it was not plain UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// How many launch subjects (instances, groups, node groups) were judged.
    pub subjects: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    /// Findings that would fail or be unknown but carry an active suppression (an inline
    /// `imdsv2-policy:ignore` comment or an ignore entry). They are not counted in `fail` or
    /// `unknown` and do not fail the run.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// `fail` when the run should fail under the options given: something fails, or something
    /// is unknown and `failOnUnknown` is set. Suppressed findings never fail the run.
    pub verdict: Verdict,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Fail,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Fail,
    Unknown,
    Pass,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Informational,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Informational => "informational",
        }
    }
}

/// One control judged on one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finding {
    pub control: String,
    pub status: Status,
    pub severity: Severity,
    pub resource: ResourceRef,
    /// Where the subject is written, when the input says (`.tf` sources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    pub effective: Effective,
    /// Why: the layer that decided, and any value that is not known.
    pub message: String,
    /// For fail and unknown: how to make it pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<Box<Remediation>>,
    /// Present when the finding is suppressed: it stays in the report with its status, but
    /// does not count as `fail` or `unknown` in the summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Box<Suppression>>,
    /// Set when the subject was seen but could not be read (a module call whose files are not
    /// here, a resource whose address or type is missing): the finding is `unknown`, and the
    /// verdict cannot be `pass` while it stands unsuppressed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unjudged: bool,
}

/// Why a finding is suppressed, and where the suppression is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The reason the suppression gives (required).
    pub reason: String,
    /// The last day (`YYYY-MM-DD`) the suppression holds, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Where the suppression is written (the comment, or the ignore file's line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
}

/// Where a suppression comes from, in SARIF's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// An `imdsv2-policy:ignore` comment on the resource in a `.tf` file.
    InSource,
    /// An ignore entry (an ignore file, or the `ignore` option).
    External,
    /// Another scanner's comment for the same check (`checkov:skip=CKV_AWS_79`,
    /// `tfsec:ignore:aws-ec2-enforce-http-token-imds`, `trivy:ignore:AVD-AWS-0028`).
    ScannerComment,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::InSource => "in-source",
            SuppressionKind::External => "external",
            SuppressionKind::ScannerComment => "scanner-comment",
        }
    }
}

/// The subject of a finding: a Terraform resource instance, or a live EC2 instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceRef {
    /// `aws_instance`, `aws_autoscaling_group`, ... or `ec2-instance` for a live instance.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The Terraform address, exactly as Terraform prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The instance id of a live instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// A live instance's `Name` tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_tag: Option<String>,
}

impl ResourceRef {
    /// The address or id: what people call the subject by.
    pub fn name(&self) -> &str {
        self.address
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or(self.resource_type.as_str())
    }
}

/// The layers of the effective-value chain, in the order they are consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The subject's own `metadata_options` (for live instances: what EC2 reports).
    Resource,
    LaunchTemplate,
    /// An Auto Scaling group's launch configuration.
    LaunchConfiguration,
    /// `aws_ec2_instance_metadata_defaults` of the same provider configuration.
    AccountDefault,
    /// An AMI marked `imds_support = "v2.0"`.
    Ami,
    /// Nothing above says otherwise: EC2's own default.
    AwsDefault,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Resource => "resource",
            Source::LaunchTemplate => "launch-template",
            Source::LaunchConfiguration => "launch-configuration",
            Source::AccountDefault => "account-default",
            Source::Ami => "ami",
            Source::AwsDefault => "aws-default",
        }
    }
}

/// The settings the instance actually gets; `null` where not known before apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Effective {
    pub http_tokens: Option<String>,
    pub http_endpoint: Option<String>,
    pub hop_limit: Option<i64>,
    /// The layer that decided (or, for unknown, the layer whose value is not known).
    pub source: Source,
    /// The address of the resource that decided, when it is not the subject itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Remediation {
    /// What to do, in words, from the control's policy file.
    pub summary: String,
    /// The Terraform change at the resource that decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<TerraformPatch>,
    /// Other places a Terraform fix can go (an instance-level override).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<TerraformPatch>,
    /// For live instances: the AWS CLI command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_cli: Option<String>,
    /// For live instances: the `ModifyInstanceMetadataOptions` request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_request: Option<ModifyInstanceMetadataOptions>,
    /// Things to know before and after applying the fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A `metadata_options` block for one resource, and the same change as a JSON merge patch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TerraformPatch {
    /// The address of the resource to change.
    pub target: String,
    #[serde(rename = "targetType")]
    pub target_type: String,
    /// The `metadata_options` block, in HCL, to put in that resource; preceded by
    /// `update_default_version = true` when the fix must also make a launch template's new
    /// version its default.
    pub block: String,
    /// An RFC 7396 JSON merge patch over that resource's planned values.
    pub merge_patch: serde_json::Value,
    /// Why this place, and why this hop limit.
    pub reason: String,
}

/// The `ModifyInstanceMetadataOptions` request, as the EC2 API names its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModifyInstanceMetadataOptions {
    #[serde(rename = "InstanceId")]
    pub instance_id: String,
    #[serde(rename = "HttpTokens")]
    pub http_tokens: String,
    #[serde(rename = "HttpEndpoint")]
    pub http_endpoint: String,
    #[serde(
        rename = "HttpPutResponseHopLimit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub http_put_response_hop_limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Note {
    /// A stable id for tools: `account-guardrail`, `not-a-provider-resource`, ...
    pub id: String,
    pub message: String,
    /// A Terraform snippet or command that goes with the note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_cli: Option<String>,
}

/// A place in a source file; lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// In a `.tf.json` file, the JSON path of the block's key (`$.resource.aws_instance.web`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// `file:line:column`, as compilers and editors name a place.
impl std::fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
