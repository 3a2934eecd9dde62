//! Raw Terraform state files (`terraform.tfstate`, `terraform state pull`, backend copies):
//! Terraform's own snapshot format, not the `terraform show -json` representation.
//!
//! Version 4 (Terraform 0.12 and later) lists `resources[]`, each with its `module`, `mode`,
//! `type`, `name` and `instances[]` (`index_key`, `attributes`, `deposed`, `status`). Each
//! instance becomes the same entry a `terraform show -json` state holds, so one reader (and one
//! chain) serves both. Version 3 (Terraform 0.11, flattened string attributes) is refused with
//! the command that upgrades it: its flattened form would need a second attribute reader.

use super::lenient::Scalar;
use super::terraform::{Attrs, Entry, Module, Obj, Values, is_relevant};
use crate::error::{Error, ErrorCode};
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
struct RawState<'a> {
    #[serde(default)]
    terraform_version: Scalar,
    #[serde(borrow, default)]
    resources: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawResource<'a> {
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    name: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(borrow, default)]
    instances: Option<&'a RawValue>,
}

/// The provider configuration key (`aws`, `aws.west`, `module.m:aws`) of a state resource's
/// `provider`: `provider["registry.terraform.io/hashicorp/aws"].west` (0.13 and later) or
/// `provider.aws.west` (0.12), either after `module.m.` when the configuration is a module's.
fn provider_key(provider: &str) -> Option<String> {
    let (module, rest) = match provider.find("provider") {
        Some(0) => ("", provider),
        Some(i) => (provider.get(..i)?.trim_end_matches('.'), provider.get(i..)?),
        None => return None,
    };
    let rest = rest.strip_prefix("provider")?;
    let (name, alias) = if let Some(quoted) = rest.strip_prefix("[\"") {
        let (source, after) = quoted.split_once("\"]")?;
        let name = source.rsplit('/').next()?;
        (name, after.strip_prefix('.'))
    } else {
        let rest = rest.strip_prefix('.')?;
        match rest.split_once('.') {
            Some((n, a)) => (n, Some(a)),
            None => (rest, None),
        }
    };
    let local = match alias {
        Some(a) if !a.is_empty() => format!("{name}.{a}"),
        _ => name.to_owned(),
    };
    Some(if module.is_empty() {
        local
    } else {
        format!("{module}:{local}")
    })
}

#[derive(Deserialize)]
struct RawInstance<'a> {
    #[serde(default)]
    index_key: Scalar,
    #[serde(default)]
    deposed: Option<String>,
    #[serde(borrow, default)]
    attributes: Option<&'a RawValue>,
}

/// The state's resources as one values tree (every address absolute, in the root module's
/// list), and the Terraform version that wrote it.
pub fn read(text: &str, version: i64) -> Result<(Values, Option<String>), Error> {
    if version != 4 {
        let help = if version == 3 {
            "this is a Terraform 0.11 state; `terraform show -json` from Terraform 0.12 or later \
             reads it, or run `terraform apply -refresh-only` with 0.12+ to upgrade it"
        } else {
            "this tool reads state format version 4 (Terraform 0.12 and later)"
        };
        return Err(Error::new(
            ErrorCode::UnsupportedFormatVersion,
            format!("the state file has format `version` {version}, which this tool does not read"),
        )
        .at_path("$.version")
        .with_help(help));
    }
    let state: RawState = serde_json::from_str(text).map_err(|e| super::typed_error(text, e))?;
    let mut resources = Vec::new();
    if let Some(raw) = state.resources {
        let list: Vec<&RawValue> = serde_json::from_str(raw.get())
            .map_err(|e| super::nested_error(text, raw.get(), e, "$.resources"))?;
        for (n, item) in list.into_iter().enumerate() {
            let at = format!("$.resources[{n}]");
            let r: RawResource = serde_json::from_str(item.get())
                .map_err(|e| super::nested_error(text, item.get(), e, &at))?;
            let (Some(rtype), Some(name)) = (r.resource_type.clone(), r.name.clone()) else {
                return Err(Error::new(
                    ErrorCode::InvalidDocument,
                    "a state resource has no `type` or no `name`",
                )
                .at_path(at)
                .with_help("every resource of a version 4 state has `mode`, `type`, `name` and `instances`"));
            };
            if rtype.is_empty() || name.is_empty() {
                return Err(Error::new(
                    ErrorCode::InvalidDocument,
                    "a state resource has an empty `type` or `name`",
                )
                .at_path(at));
            }
            let relevant = is_relevant(&rtype);
            let Some(instances) = r.instances else {
                continue;
            };
            let instances: Vec<RawInstance> =
                serde_json::from_str(instances.get()).map_err(|e| {
                    super::nested_error(text, instances.get(), e, &format!("{at}.instances"))
                })?;
            for (i, inst) in instances.into_iter().enumerate() {
                // A deposed object is being replaced: the current one speaks for the resource.
                if inst.deposed.is_some() {
                    continue;
                }
                let values = match (relevant, inst.attributes) {
                    (true, Some(raw)) => {
                        let attrs: Obj<Attrs<Scalar>> =
                            serde_json::from_str(raw.get()).map_err(|e| {
                                super::nested_error(
                                    text,
                                    raw.get(),
                                    e,
                                    &format!("{at}.instances[{i}].attributes"),
                                )
                            })?;
                        attrs.0.map(Box::new)
                    }
                    _ => None,
                };
                let index = match inst.index_key {
                    k @ (Scalar::Int(_) | Scalar::Str(_)) => k,
                    _ => Scalar::Missing,
                };
                resources.push(Entry {
                    provider_config_key: r.provider.as_deref().and_then(provider_key),
                    address: None,
                    module_address: r.module.clone().filter(|m| !m.is_empty()),
                    mode: r.mode.clone(),
                    resource_type: Some(rtype.clone()),
                    name: Some(name.clone()),
                    index,
                    values,
                    ..Entry::default()
                });
            }
        }
    }
    let values = Values {
        root_module: Obj(Some(Module {
            address: None,
            resources,
            child_modules: Vec::new(),
        })),
    };
    Ok((values, state.terraform_version.as_str().map(str::to_owned)))
}

#[cfg(test)]
mod tests {
    use super::provider_key;

    #[test]
    fn provider_strings_of_both_forms() {
        let k = |s: &str| provider_key(s);
        assert_eq!(k("provider.aws").as_deref(), Some("aws"));
        assert_eq!(k("provider.aws.west").as_deref(), Some("aws.west"));
        assert_eq!(
            k("provider[\"registry.terraform.io/hashicorp/aws\"]").as_deref(),
            Some("aws")
        );
        assert_eq!(
            k("provider[\"registry.terraform.io/hashicorp/aws\"].west").as_deref(),
            Some("aws.west")
        );
        assert_eq!(
            k("module.app.provider[\"registry.terraform.io/hashicorp/aws\"]").as_deref(),
            Some("module.app:aws")
        );
        assert_eq!(
            k("module.app.provider.aws").as_deref(),
            Some("module.app:aws")
        );
        assert_eq!(k("nonsense"), None);
    }
}
