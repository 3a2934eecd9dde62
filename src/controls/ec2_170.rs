//! EC2.170: a launch template's default version requires IMDSv2 (AWS Config
//! `ec2-launch-template-imdsv2-check`). Unset fails: the template itself is judged, not what a
//! launch would get from the account default or the AMI.

use super::template_finding;
use crate::inventory::{Block, Inventory, Val};
use crate::options::Options;
use crate::policy::Policy;
use crate::report::model::{Finding, Source, Status};

pub struct Ec2_170;

impl super::Control for Ec2_170 {
    fn id(&self) -> &'static str {
        "EC2.170"
    }

    fn evaluate(&self, inv: &Inventory, _: &Options, policy: &Policy, out: &mut Vec<Finding>) {
        let default = Val::Known("$Default".to_owned());
        out.extend(inv.templates
            .iter()
            // A data source reads a template Terraform does not manage: it is judged where
            // it is managed.
            .filter(|t| !t.origin.address.starts_with("data.") && !t.origin.address.contains(".data."))
            .map(|t| {
                let addr = &t.origin.address;
                let (status, message, mo) = match crate::resolve::template_block(t, &default) {
                    Err(why) => (Status::Unknown, format!("cannot tell whether the default version requires IMDSv2: {why}"), None),
                    Ok((block, version)) => match block {
                        Block::NotSet => (
                            Status::Fail,
                            format!("the default version ({version}) of `{addr}` leaves `http_tokens` unset, so instances launched from it take the account default or EC2's `optional`"),
                            None,
                        ),
                        Block::Unknown(why) => (Status::Unknown, format!("cannot tell whether the default version ({version}) requires IMDSv2: {why}"), None),
                        Block::Set(mo) => {
                            let (status, message) = match &mo.http_tokens {
                                Val::Known(t) if t == "required" => (
                                    Status::Pass,
                                    format!("the default version ({version}) requires IMDSv2: `http_tokens` is `required`"),
                                ),
                                Val::Known(t) => (
                                    Status::Fail,
                                    format!("the default version ({version}) allows IMDSv1: `http_tokens` is `{t}`"),
                                ),
                                Val::Absent => (
                                    Status::Fail,
                                    format!("the default version ({version}) leaves `http_tokens` unset in its `metadata_options`, so instances launched from it take the account default or EC2's `optional`"),
                                ),
                                Val::Unknown(why) => (
                                    Status::Unknown,
                                    format!("cannot tell whether the default version ({version}) requires IMDSv2: {why}"),
                                ),
                            };
                            (status, message, Some(mo))
                        }
                    },
                };
                let mut notes = vec![policy.notes.new_template_version.clone(), policy.notes.sdk_compatibility.clone()];
                notes.retain(|n| !n.is_empty());
                template_finding(
                    policy,
                    &t.origin,
                    status,
                    message,
                    mo,
                    Source::LaunchTemplate,
                    None,
                    !t.update_default_version,
                    notes,
                )
            }));
    }
}
