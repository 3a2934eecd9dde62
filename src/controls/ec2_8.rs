//! EC2.8: the instances a subject launches require IMDSv2 (`HttpTokens = required`).

use crate::inventory::{Inventory, Subject, SubjectKind, Val};
use crate::options::{EndpointDisabled, Options};
use crate::policy::Policy;
use crate::remediation;
use crate::report::model::{Effective, Finding, InputKind, ResourceRef, Status};
use crate::resolve::{Index, Resolution, resolve};

/// EC2.8 over the effective-value chain of every launch subject.
pub struct Ec2_8;

impl super::Control for Ec2_8 {
    fn id(&self) -> &'static str {
        "EC2.8"
    }

    fn evaluate(
        &self,
        inv: &Inventory,
        options: &Options,
        policy: &Policy,
        out: &mut Vec<Finding>,
    ) {
        evaluate(inv, options, policy, out)
    }
}

pub fn evaluate(inv: &Inventory, options: &Options, policy: &Policy, out: &mut Vec<Finding>) {
    let idx = Index::new(inv);
    // Each subject is judged alone, so a large inventory is judged a run per core.
    let judge = |s: &Subject| {
        let mut f = finding(&idx, s, &resolve(inv, &idx, s), options, policy);
        // Source is read without Terraform: "before apply" would promise a plan that could
        // tell.
        if inv.kind == InputKind::TerraformSource
            && let Some(rest) = f.message.strip_prefix("cannot tell before apply ")
        {
            f.message = format!("cannot tell from the source alone {rest}");
        }
        f
    };
    crate::par::map_into(&inv.subjects, judge, out);
}

fn finding(
    idx: &Index,
    s: &Subject,
    r: &Resolution,
    options: &Options,
    policy: &Policy,
) -> Finding {
    let endpoint_disabled = r.endpoint.as_deref() == Some("disabled");
    let status = match &r.tokens {
        Val::Known(t) if t == "required" => Status::Pass,
        _ if endpoint_disabled && options.endpoint_disabled == EndpointDisabled::Pass => {
            Status::Pass
        }
        Val::Known(_) => Status::Fail,
        Val::Unknown(_) | Val::Absent => Status::Unknown,
    };
    let mut message = match status {
        Status::Pass
            if endpoint_disabled && r.tokens.known().map(String::as_str) != Some("required") =>
        {
            format!(
                "the metadata endpoint is disabled, which these options count as a pass: {}",
                r.reason
            )
        }
        Status::Pass => format!("IMDSv2 is required: {}", r.reason),
        Status::Fail => format!("IMDSv1 is reachable: {}", r.reason),
        Status::Unknown
            if s.kind == SubjectKind::LiveInstance
                || (s.kind == SubjectKind::Unjudged && s.origin.resource_type != "module") =>
        {
            format!("cannot tell whether IMDSv2 is required: {}", r.reason)
        }
        Status::Unknown => format!(
            "cannot tell before apply whether IMDSv2 is required: {}",
            r.reason
        ),
    };
    if endpoint_disabled && status == Status::Fail {
        message.push_str(". ");
        message.push_str(policy.notes.endpoint_disabled.trim_end_matches('.'));
    }
    for c in &r.caveats {
        message.push_str(". Note: ");
        message.push_str(c);
    }
    let unjudged = s.kind == SubjectKind::Unjudged;
    let remediation = if unjudged {
        opaque_remediation(s, policy)
    } else {
        (status != Status::Pass).then(|| remediation::remediation(idx, s, r, policy))
    };
    Finding {
        control: policy.id.clone(),
        status,
        severity: policy.severity,
        resource: ResourceRef {
            resource_type: s.origin.resource_type.clone(),
            address: s.id.is_none().then(|| s.origin.address.clone()),
            id: s.id.clone(),
            region: s
                .region
                .clone()
                .or_else(|| s.provider.region.known().cloned()),
            account: s.account.clone(),
            name_tag: s.name_tag.clone(),
        },
        location: s.origin.location.as_deref().cloned(),
        effective: Effective {
            http_tokens: r.tokens.known().cloned(),
            http_endpoint: r.endpoint.clone(),
            hop_limit: r.hop_limit,
            source: r.source,
            decided_by: r.decided_by.clone(),
        },
        message,
        remediation: remediation.map(Box::new),
        suppression: None,
        unjudged,
    }
}

/// What to do about a launcher whose metadata options no input shows (a module call that is
/// not on disk says so in its message).
fn opaque_remediation(s: &Subject, policy: &Policy) -> Option<crate::report::model::Remediation> {
    let l = crate::read::terraform::opaque(&s.origin.resource_type)?;
    Some(crate::report::model::Remediation {
        summary: policy.remediation.clone(),
        terraform: None,
        alternatives: Vec::new(),
        aws_cli: None,
        api_request: None,
        notes: vec![l.help.to_owned()],
    })
}
