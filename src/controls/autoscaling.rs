//! AutoScaling.3 (a launch configuration requires IMDSv2; AWS Config
//! `autoscaling-launchconfig-requires-imdsv2`) and AutoScaling.4 (its hop limit is at most 1;
//! `autoscaling-launch-config-hop-limit`). Auto Scaling's own defaults are `optional` and hop
//! limit 1, so unset fails AutoScaling.3 and passes AutoScaling.4.

use super::template_finding;
use crate::inventory::{Block, Inventory, Val};
use crate::options::Options;
use crate::policy::Policy;
use crate::report::model::{Finding, Source, Status};

pub struct AutoScaling3;
pub struct AutoScaling4;

fn immutable_notes(policy: &Policy) -> Vec<String> {
    let mut notes = vec![
        policy.notes.launch_configuration_immutable.clone(),
        policy.notes.instance_refresh.clone(),
        policy.notes.sdk_compatibility.clone(),
        policy.notes.hop_limit_trade_off.clone(),
    ];
    notes.retain(|n| !n.is_empty());
    notes
}

impl super::Control for AutoScaling3 {
    fn id(&self) -> &'static str {
        "AutoScaling.3"
    }

    fn evaluate(&self, inv: &Inventory, _: &Options, policy: &Policy, out: &mut Vec<Finding>) {
        out.extend(inv.configurations
            .iter()
            .map(|c| {
                let addr = &c.origin.address;
                let (status, message, mo) = match &c.metadata {
                    Block::NotSet => (
                        Status::Fail,
                        format!("`{addr}` sets no `metadata_options`, so its instances get Auto Scaling's default `optional`"),
                        None,
                    ),
                    Block::Unknown(why) => (Status::Unknown, format!("cannot tell whether `{addr}` requires IMDSv2: {why}"), None),
                    Block::Set(mo) => {
                        let (status, message) = match &mo.http_tokens {
                            Val::Known(t) if t == "required" => (Status::Pass, format!("`{addr}` requires IMDSv2: `http_tokens` is `required`")),
                            Val::Known(t) => (Status::Fail, format!("`{addr}` allows IMDSv1: `http_tokens` is `{t}`")),
                            Val::Absent => (
                                Status::Fail,
                                format!("`{addr}` leaves `http_tokens` unset, so its instances get Auto Scaling's default `optional`"),
                            ),
                            Val::Unknown(why) => (Status::Unknown, format!("cannot tell whether `{addr}` requires IMDSv2: {why}")),
                        };
                        (status, message, Some(mo))
                    }
                };
                template_finding(
                    policy,
                    &c.origin,
                    status,
                    message,
                    mo,
                    Source::LaunchConfiguration,
                    None,
                    false,
                    immutable_notes(policy),
                )
            }));
    }
}

impl super::Control for AutoScaling4 {
    fn id(&self) -> &'static str {
        "AutoScaling.4"
    }

    fn evaluate(&self, inv: &Inventory, _: &Options, policy: &Policy, out: &mut Vec<Finding>) {
        let forced = (
            1,
            "hop limit 1, as AutoScaling.4 asks; containers on these instances that need IMDS need 2 (AWS's advice for them), which this control fails by design: give them credentials another way first".to_owned(),
        );
        out.extend(inv.configurations
            .iter()
            .map(|c| {
                let addr = &c.origin.address;
                let (status, message, mo) = match &c.metadata {
                    Block::NotSet => (
                        Status::Pass,
                        format!("`{addr}` sets no `metadata_options`, so its instances get Auto Scaling's default hop limit 1"),
                        None,
                    ),
                    Block::Unknown(why) => (Status::Unknown, format!("cannot tell the hop limit of `{addr}`: {why}"), None),
                    Block::Set(mo) => {
                        let (status, message) = match &mo.hop_limit {
                            Val::Known(h) if *h > 1 => (
                                Status::Fail,
                                format!("`{addr}` sets `http_put_response_hop_limit = {h}`: tokens reach beyond the instance (containers on it, forwarded requests)"),
                            ),
                            Val::Known(h) => (Status::Pass, format!("`{addr}` sets `http_put_response_hop_limit = {h}`")),
                            Val::Absent => (
                                Status::Pass,
                                format!("`{addr}` leaves `http_put_response_hop_limit` unset, so its instances get Auto Scaling's default 1"),
                            ),
                            Val::Unknown(why) => (Status::Unknown, format!("cannot tell the hop limit of `{addr}`: {why}")),
                        };
                        (status, message, Some(mo))
                    }
                };
                template_finding(
                    policy,
                    &c.origin,
                    status,
                    message,
                    mo,
                    Source::LaunchConfiguration,
                    Some(forced.clone()),
                    false,
                    immutable_notes(policy),
                )
            }));
    }
}
