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
    /// Resource types (or `ec2-instance`) the control judges.
    pub subjects: Vec<String>,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub remediation_url: String,
    pub references: Vec<String>,
    pub notes: PolicyNotes,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyNotes {
    pub sdk_compatibility: String,
    pub instance_refresh: String,
    pub launch_configuration_immutable: String,
    pub new_template_version: String,
    pub pinned_template_version: String,
    pub endpoint_disabled: String,
    pub guardrail: String,
}

const EC2_8: &str = include_str!("../policies/EC2.8.json");

/// Every control this build knows, in id order.
pub fn all() -> Result<&'static [Policy], Error> {
    static POLICIES: OnceLock<Result<Vec<Policy>, String>> = OnceLock::new();
    POLICIES
        .get_or_init(|| {
            serde_json::from_str::<Policy>(EC2_8)
                .map(|p| vec![p])
                .map_err(|e| format!("policies/EC2.8.json: {e}"))
        })
        .as_deref()
        .map_err(|e| {
            Error::new(
                ErrorCode::InvalidDocument,
                format!("an embedded policy is invalid: {e}"),
            )
        })
}

pub fn ec2_8() -> Result<&'static Policy, Error> {
    all()?.iter().find(|p| p.id == "EC2.8").ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDocument,
            "the embedded policies lack `EC2.8`",
        )
    })
}
