//! Controls as data: `policies/*.json`, embedded at build time. Finding and remediation text
//! comes from here, so wording changes never touch code.

use crate::error::{Error, ErrorCode};
use crate::report::model::Severity;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// The AWS Config managed rule behind the Security Hub control.
    pub config_rule: String,
    /// What of this policy is not confirmed from AWS's own pages, when something is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unconfirmed: Option<String>,
    /// Resource types (or `ec2-instance`) the control judges.
    pub subjects: Vec<String>,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub remediation_url: String,
    pub references: Vec<String>,
    pub notes: PolicyNotes,
    /// Failing and passing examples in Terraform, each run by a test (`tests/policies.rs`).
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// One example of a policy: a Terraform configuration and the status the control gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Example {
    pub title: String,
    pub status: crate::report::model::Status,
    pub terraform: String,
}

/// Wording a control's findings and fixes use; each control uses the notes it needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PolicyNotes {
    pub sdk_compatibility: String,
    pub instance_refresh: String,
    pub fleet_replacement: String,
    pub launch_configuration_immutable: String,
    pub new_template_version: String,
    pub pinned_template_version: String,
    pub endpoint_disabled: String,
    pub guardrail: String,
    pub hop_limit_trade_off: String,
}

/// The policy files, by control id: one line per control (with its module in `controls/`).
const FILES: &[(&str, &str)] = &[
    (
        "AutoScaling.3",
        include_str!("../policies/AutoScaling.3.json"),
    ),
    (
        "AutoScaling.4",
        include_str!("../policies/AutoScaling.4.json"),
    ),
    ("EC2.170", include_str!("../policies/EC2.170.json")),
    ("EC2.8", include_str!("../policies/EC2.8.json")),
];

/// Every control this build knows, in id order.
pub fn all() -> Result<&'static [Policy], Error> {
    static POLICIES: OnceLock<Result<Vec<Policy>, String>> = OnceLock::new();
    POLICIES
        .get_or_init(|| {
            FILES
                .iter()
                .map(|(id, text)| {
                    serde_json::from_str::<Policy>(text)
                        .map_err(|e| format!("policies/{id}.json: {e}"))
                        .and_then(|p| {
                            if p.id == *id {
                                Ok(p)
                            } else {
                                Err(format!("policies/{id}.json: its `id` is `{}`", p.id))
                            }
                        })
                })
                .collect()
        })
        .as_deref()
        .map_err(|e| {
            Error::new(
                ErrorCode::InvalidDocument,
                format!("an embedded policy is invalid: {e}"),
            )
        })
}

/// The policy of a control, by id.
pub fn get(id: &str) -> Result<&'static Policy, Error> {
    all()?.iter().find(|p| p.id == id).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDocument,
            format!("the embedded policies lack `{id}`"),
        )
    })
}

pub fn ec2_8() -> Result<&'static Policy, Error> {
    get("EC2.8")
}
