//! The controls, one module each, and the one table of them. A control reads the inventory
//! (resolved through `resolve` where it needs the effective-value chain) and its policy text
//! from `policies/`, and gives findings with their remediation.
//!
//! Adding a control: its module here, its `policies/ID.json` (with failing and passing
//! examples, which `tests/policies.rs` runs), and one line in [`CONTROLS`] and in
//! `policy::FILES`.

pub mod autoscaling;
pub mod ec2_170;
pub mod ec2_8;

use crate::error::{Error, ErrorCode};
use crate::inventory::Inventory;
use crate::options::Options;
use crate::policy::Policy;
use crate::report::model::Finding;

/// A Security Hub control this tool judges.
pub trait Control: Sync {
    /// The control id, as Security Hub writes it (`EC2.8`).
    fn id(&self) -> &'static str;
    /// The findings of one inventory, appended to `out`.
    fn evaluate(&self, inv: &Inventory, options: &Options, policy: &Policy, out: &mut Vec<Finding>);
}

/// Every control, in the order their findings are listed for one resource.
pub static CONTROLS: &[&dyn Control] = &[
    &ec2_8::Ec2_8,
    &ec2_170::Ec2_170,
    &autoscaling::AutoScaling3,
    &autoscaling::AutoScaling4,
];

/// The controls the options select (all when they name none), with their policies.
pub fn selected(options: &Options) -> Result<Vec<(&'static dyn Control, &'static Policy)>, Error> {
    if let Some(ids) = &options.controls {
        for id in ids {
            if !CONTROLS.iter().any(|c| c.id().eq_ignore_ascii_case(id)) {
                return Err(Error::new(
                    ErrorCode::InvalidOptions,
                    format!("invalid options: no control is called `{id}`"),
                )
                .with_help(format!(
                    "the controls are `{}`",
                    CONTROLS
                        .iter()
                        .map(|c| c.id())
                        .collect::<Vec<_>>()
                        .join("`, `")
                )));
            }
        }
    }
    CONTROLS
        .iter()
        .filter(|c| {
            options
                .controls
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|id| c.id().eq_ignore_ascii_case(id)))
        })
        .map(|c| Ok((*c, crate::policy::get(c.id())?)))
        .collect()
}

/// A finding about a launch template or launch configuration itself (EC2.170,
/// AutoScaling.3/4): its own settings, and for anything but a pass the `metadata_options`
/// fix at the resource (`hop` fixes the hop limit, AutoScaling.4; `move_default` adds
/// `update_default_version = true`).
#[expect(clippy::too_many_arguments, reason = "one finding and its fix")]
pub(crate) fn template_finding(
    policy: &Policy,
    origin: &crate::inventory::Origin,
    status: crate::report::model::Status,
    message: String,
    mo: Option<&crate::inventory::MetadataOptions>,
    source: crate::report::model::Source,
    hop: Option<(i64, String)>,
    move_default: bool,
    notes: Vec<String>,
) -> Finding {
    use crate::report::model::{Effective, Remediation, ResourceRef, Status};
    let remediation = (status != Status::Pass).then(|| Remediation {
        summary: policy.remediation.clone(),
        terraform: Some(crate::remediation::metadata_patch(
            &origin.address,
            &origin.resource_type,
            mo,
            (None, None),
            &None,
            hop,
            move_default,
            format!("`{}` is the resource {} judges", origin.address, policy.id),
        )),
        alternatives: Vec::new(),
        aws_cli: None,
        api_request: None,
        notes,
    });
    Finding {
        control: policy.id.clone(),
        status,
        severity: policy.severity,
        resource: ResourceRef {
            resource_type: origin.resource_type.clone(),
            address: Some(origin.address.clone()),
            id: None,
            region: None,
            account: None,
            name_tag: None,
        },
        location: origin.location.as_deref().cloned(),
        effective: Effective {
            http_tokens: mo.and_then(|m| m.http_tokens.known().cloned()),
            http_endpoint: mo.and_then(|m| m.http_endpoint.known().cloned()),
            hop_limit: mo.and_then(|m| m.hop_limit.known().copied()),
            source,
            decided_by: None,
        },
        message,
        remediation: remediation.map(Box::new),
        suppression: None,
        unjudged: false,
    }
}
