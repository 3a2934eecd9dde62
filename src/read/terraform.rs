//! Typed views of Terraform's JSON (plan, state, configuration) that hold only what the
//! EC2.8 chain reads. Attribute objects of resource types the chain never reads are skipped
//! without being built (see `Entry`), which is most of a large plan.

use super::lenient::{Blocks, Scalar, Strings};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Resource types whose attributes the chain reads.
pub const RELEVANT_TYPES: &[&str] = &[
    "aws_instance",
    "aws_spot_instance_request",
    "aws_autoscaling_group",
    "aws_eks_node_group",
    "aws_ec2_fleet",
    "aws_spot_fleet_request",
    "aws_batch_compute_environment",
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_ec2_instance_metadata_defaults",
    "aws_ami",
];

/// Resource types people write for IMDS settings that the AWS provider does not have (the
/// seed article's `aws_instance_metadata_options`): reported in a note, never judged.
pub const STRAY_TYPES: &[&str] = &["aws_instance_metadata_options"];

pub fn is_relevant(resource_type: &str) -> bool {
    RELEVANT_TYPES.contains(&resource_type) || opaque_launcher(resource_type).is_some()
}

/// Whether the reader does anything with a resource of this type: judges it, uses it in the
/// chain, or names it as a stray. Resources of other types are only counted.
pub fn is_read(resource_type: &str) -> bool {
    is_relevant(resource_type) || STRAY_TYPES.contains(&resource_type)
}

/// A resource type whose resources launch instances: the subjects of EC2.8.
pub fn is_subject_type(t: &str) -> bool {
    matches!(
        t,
        "aws_instance"
            | "aws_spot_instance_request"
            | "aws_autoscaling_group"
            | "aws_eks_node_group"
            | "aws_ec2_fleet"
            | "aws_spot_fleet_request"
            | "aws_batch_compute_environment"
    ) || opaque_launcher(t).is_some()
}

/// A resource type that makes AWS launch EC2 instances with metadata options the input does
/// not show (the service builds its own launch template, or the setting lives somewhere this
/// tool does not read). Each one seen is an `unknown` finding that keeps the verdict from
/// passing: a gate must not pass what it did not judge.
#[derive(Debug)]
pub struct OpaqueLauncher {
    pub resource_type: &'static str,
    /// Why the input cannot tell, completing "cannot tell ...: ".
    pub why: &'static str,
    /// What to do about it.
    pub help: &'static str,
}

/// Launchers that are never judged. `aws_eks_node_group` and `aws_batch_compute_environment`
/// are judged through their launch template and are opaque only without one (see
/// [`opaque_without_template`]).
pub const OPAQUE_LAUNCHERS: &[OpaqueLauncher] = &[
    OpaqueLauncher {
        resource_type: "aws_elastic_beanstalk_environment",
        why: "Elastic Beanstalk launches this environment's instances; their IMDS setting is the `aws:autoscaling:launchconfiguration` option `DisableIMDSv1`, which this tool does not read",
        help: "set `setting { namespace = \"aws:autoscaling:launchconfiguration\" name = \"DisableIMDSv1\" value = \"true\" }`, check the instances live (`aws ec2 describe-instances`), then suppress this finding with that reason",
    },
    OpaqueLauncher {
        resource_type: "aws_emr_cluster",
        why: "Amazon EMR launches this cluster's instances with metadata options of its own, which are not in this input",
        help: "check the cluster's instances live (`aws ec2 describe-instances`); an account default (`aws_ec2_instance_metadata_defaults` with `http_tokens = \"required\"`) covers instances launched without options of their own. Suppress this finding with a reason once they require IMDSv2",
    },
    OpaqueLauncher {
        resource_type: "aws_emr_instance_group",
        why: "Amazon EMR launches this instance group's instances with metadata options of its own, which are not in this input",
        help: "check the instances live (`aws ec2 describe-instances`), then suppress this finding with a reason once they require IMDSv2",
    },
    OpaqueLauncher {
        resource_type: "aws_emr_instance_fleet",
        why: "Amazon EMR launches this instance fleet's instances with metadata options of its own, which are not in this input",
        help: "check the instances live (`aws ec2 describe-instances`), then suppress this finding with a reason once they require IMDSv2",
    },
    OpaqueLauncher {
        resource_type: "aws_cloud9_environment_ec2",
        why: "AWS Cloud9 launches this environment's instance with metadata options of its own, which are not in this input",
        help: "require IMDSv2 on the instance live (`aws ec2 modify-instance-metadata-options --http-tokens required`), then suppress this finding with that reason",
    },
    OpaqueLauncher {
        resource_type: "aws_opsworks_instance",
        why: "AWS OpsWorks launches this instance with metadata options of its own, which are not in this input",
        help: "require IMDSv2 on the instance live (`aws ec2 modify-instance-metadata-options --http-tokens required`), then suppress this finding with that reason",
    },
];

/// `aws_eks_node_group` and `aws_batch_compute_environment` without a launch template.
pub fn opaque_without_template(resource_type: &str) -> Option<&'static OpaqueLauncher> {
    const EKS: OpaqueLauncher = OpaqueLauncher {
        resource_type: "aws_eks_node_group",
        why: "EKS launches this node group's instances from a launch template it creates itself, whose metadata options are not in this input (EKS does not document them, and its API has no IMDS setting for a node group)",
        help: "give the node group a launch template whose `metadata_options` set `http_tokens = \"required\"` (and `http_put_response_hop_limit = 2` for pods that use IMDS): `launch_template { id = aws_launch_template.nodes.id, version = aws_launch_template.nodes.latest_version }`. EKS cannot add a launch template to an existing node group: create a new group and move the workloads",
    };
    const BATCH: OpaqueLauncher = OpaqueLauncher {
        resource_type: "aws_batch_compute_environment",
        why: "AWS Batch launches this compute environment's instances with settings of its own (`compute_resources` names no launch template), which are not in this input",
        help: "give `compute_resources` a `launch_template { launch_template_id = aws_launch_template.batch.id, version = \"$Latest\" }` whose `metadata_options` set `http_tokens = \"required\"`",
    };
    match resource_type {
        "aws_eks_node_group" => Some(&EKS),
        "aws_batch_compute_environment" => Some(&BATCH),
        _ => None,
    }
}

/// What an unjudged subject of this type is: a launcher opaque without a template, else a
/// never-judged one.
pub fn opaque(resource_type: &str) -> Option<&'static OpaqueLauncher> {
    opaque_without_template(resource_type).or_else(|| opaque_launcher(resource_type))
}

/// The never-judged launcher of this type, if it is one.
pub fn opaque_launcher(resource_type: &str) -> Option<&'static OpaqueLauncher> {
    OPAQUE_LAUNCHERS
        .iter()
        .find(|l| l.resource_type == resource_type)
}

/// An object read as `T`; any other value (null, `false`) reads as `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj<T>(pub Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::lenient::MapOnly::<T>::deserialize(d).map(|m| Obj(m.0))
    }
}

/// The attributes of the resource types in `RELEVANT_TYPES`, as one superset. `L` is the leaf:
/// `Scalar` for values (`after`, `after_unknown`, state values), `Expr` for configuration.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct Attrs<L> {
    pub id: L,
    pub name: L,
    pub ami: L,
    pub image_id: L,
    pub region: L,
    pub launch_configuration: L,
    pub default_version: L,
    pub latest_version: L,
    pub update_default_version: L,
    pub http_tokens: L,
    pub http_endpoint: L,
    pub http_put_response_hop_limit: L,
    pub imds_support: L,
    pub metadata_options: Blocks<MetadataAttrs<L>>,
    pub launch_template: Blocks<TemplateSpec<L>>,
    pub mixed_instances_policy: Blocks<MixedPolicy<L>>,
    /// `aws_ec2_fleet` and `aws_spot_fleet_request`.
    pub launch_template_config: Blocks<FleetTemplate<L>>,
    /// `aws_spot_fleet_request` without a launch template.
    pub launch_specification: Blocks<LaunchSpecification<L>>,
    /// `aws_batch_compute_environment`.
    pub compute_resources: Blocks<ComputeResources<L>>,
}

/// `launch_template_config` of `aws_ec2_fleet` and `aws_spot_fleet_request`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct FleetTemplate<L> {
    pub launch_template_specification: Blocks<TemplateSpec<L>>,
}

/// `launch_specification` of `aws_spot_fleet_request`: an instance description without
/// metadata options.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct LaunchSpecification<L> {
    pub ami: L,
}

/// `compute_resources` of `aws_batch_compute_environment`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct ComputeResources<L> {
    #[serde(rename = "type")]
    pub kind: L,
    pub launch_template: Blocks<TemplateSpec<L>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct MetadataAttrs<L> {
    pub http_tokens: L,
    pub http_endpoint: L,
    pub http_put_response_hop_limit: L,
    pub instance_metadata_tags: L,
    pub http_protocol_ipv6: L,
}

/// `launch_template { id name version }` and `launch_template_specification
/// { launch_template_id launch_template_name version }`.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct TemplateSpec<L> {
    pub id: L,
    pub name: L,
    pub version: L,
    pub launch_template_id: L,
    pub launch_template_name: L,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct MixedPolicy<L> {
    pub launch_template: Blocks<MixedTemplate<L>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct MixedTemplate<L> {
    pub launch_template_specification: Blocks<TemplateSpec<L>>,
    #[serde(rename = "override")]
    pub overrides: Blocks<Override<L>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct Override<L> {
    pub launch_template_specification: Blocks<TemplateSpec<L>>,
}

/// A configuration expression: `{"constant_value": ...}`, `{"references": [...]}`, or `{}`
/// for anything else (a function call). `present` tells a set argument from an absent one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expr {
    pub present: bool,
    pub constant: Scalar,
    pub references: Vec<String>,
}

impl<'de> Deserialize<'de> for Expr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Raw {
            constant_value: Scalar,
            references: Strings,
        }
        let raw: Obj<Raw> = Obj::deserialize(d)?;
        let raw = raw.0.unwrap_or_default();
        Ok(Expr {
            present: true,
            constant: raw.constant_value,
            references: raw.references.0,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Change {
    pub actions: Option<Vec<String>>,
    // Boxed: a change is 56 bytes (natively) and each of its objects takes room only when it
    // is there (`before` of a create is `null`). Inline, a change was 2,040 bytes, and a
    // reader that holds every change of a plan of 50,000 instances until `configuration` is
    // read held 100 MB of them.
    pub before: Obj<Box<Attrs<Scalar>>>,
    pub after: Obj<Box<Attrs<Scalar>>>,
    pub after_unknown: Obj<Box<Attrs<Scalar>>>,
    /// `true` where a value is sensitive (same shape as `after_unknown`).
    pub after_sensitive: Obj<Box<Attrs<Scalar>>>,
}

/// A resource as it appears in `planned_values`, `prior_state`, state `values`,
/// `resource_changes` and `configuration`: one superset so one reader serves all five.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    pub address: Option<String>,
    pub module_address: Option<String>,
    pub mode: Option<String>,
    pub resource_type: Option<String>,
    pub name: Option<String>,
    pub index: Scalar,
    pub deposed: Option<String>,
    pub provider_config_key: Option<String>,
    pub action_reason: Option<String>,
    pub values: Option<Box<Attrs<Scalar>>>,
    /// `sensitive_values` beside `values` (planned values and state).
    pub sensitive_values: Option<Box<Attrs<Scalar>>>,
    pub change: Option<Box<Change>>,
    pub expressions: Option<Box<Attrs<Expr>>>,
}

impl Entry {
    fn relevant(&self) -> bool {
        // Terraform writes `type` before `values` and `change`; a hand-written file that does
        // not is read in full.
        self.resource_type.as_deref().is_none_or(is_relevant)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor {
            lazy: false,
            chain_only: false,
        })
        .map(|(entry, _)| entry)
    }
}

/// A `resource_changes` entry whose `change` (its bulk) is kept as raw text when the entry's
/// type is one a control reads: see [`Changes`].
#[derive(Debug, Clone, Default)]
pub struct LazyEntry<'a> {
    pub entry: Entry,
    pub change: Option<&'a serde_json::value::RawValue>,
}

impl<'de> Deserialize<'de> for LazyEntry<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor {
            lazy: EAGER_LEFT.get() == 0,
            chain_only: false,
        })
        .map(|(entry, change)| LazyEntry { entry, change })
    }
}

/// The changes [`eager_changes`] parses in the document's pass, at most: about 125 MB held
/// at once (a plan of 50,000 instances peaked at 283.6 MB in wasm with all of them parsed
/// so, 186.8 MB with none, measured).
pub const EAGER_ENTRIES: usize = 1 << 16;

thread_local! {
    /// How many more changes [`eager_changes`] parses in the document's pass.
    static EAGER_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `parse` with the `change` of each of the first `count` kept `resource_changes`
/// entries parsed where it stands, in the document's one pass, instead of borrowed as raw
/// text and parsed after `configuration` is read (see [`Changes`]): the raw text is found by
/// scanning the change once before it is parsed, a tenth of a wasm host's time on a plan of
/// 50,000 instances (measured). Parsed changes are held until `configuration` is read, about
/// 1.9 KB each (so `count` is at most [`EAGER_ENTRIES`]); the others stay raw text. The
/// values read are the same either way; an error is not, since the raw reading places an
/// error inside a change only after the document's other checks, so a caller that gets an
/// error from this pass parses again without it.
pub fn eager_changes<R>(count: usize, parse: impl FnOnce() -> R) -> R {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            EAGER_LEFT.set(self.0);
        }
    }
    let _restore = Restore(EAGER_LEFT.replace(count.min(EAGER_ENTRIES)));
    parse()
}

/// Reads one resource object; with `lazy`, a relevant entry's `change` is borrowed as raw text
/// instead of parsed; with `chain_only`, the values of a managed resource that launches
/// instances are skipped (see [`ChainEntry`]).
struct EntryVisitor {
    lazy: bool,
    chain_only: bool,
}

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = (Entry, Option<&'de serde_json::value::RawValue>);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a resource object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        #[derive(serde::Deserialize)]
        #[serde(field_identifier, rename_all = "snake_case")]
        enum Field {
            Address,
            ModuleAddress,
            Mode,
            Type,
            Name,
            Index,
            Deposed,
            ProviderConfigKey,
            ActionReason,
            Values,
            SensitiveValues,
            Change,
            Expressions,
            #[serde(other)]
            Other,
        }

        let mut e = Entry::default();
        let mut raw_change = None;
        // Terraform writes `address`, `mode` and `type` before `values`; an entry that does
        // not say by then that it is a managed subject is read in full.
        let skipped = |e: &Entry| {
            self.chain_only
                && e.mode.as_deref() == Some("managed")
                && e.resource_type.as_deref().is_some_and(is_subject_type)
                && e.address
                    .as_deref()
                    .is_some_and(|a| !a.starts_with("data.") && !a.contains(".data."))
        };
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Address => e.address = map.next_value()?,
                Field::ModuleAddress => e.module_address = map.next_value()?,
                Field::Mode => e.mode = map.next_value()?,
                Field::Type => e.resource_type = map.next_value()?,
                Field::Name => e.name = map.next_value()?,
                Field::Index => e.index = map.next_value()?,
                Field::Deposed => e.deposed = map.next_value()?,
                Field::ProviderConfigKey => e.provider_config_key = map.next_value()?,
                Field::ActionReason => {
                    e.action_reason = map.next_value::<Scalar>()?.as_str().map(str::to_owned)
                }
                Field::Values if e.relevant() && !skipped(&e) => {
                    e.values = map.next_value::<Obj<Attrs<Scalar>>>()?.0.map(Box::new)
                }
                Field::SensitiveValues if e.relevant() && !skipped(&e) => {
                    e.sensitive_values = map.next_value::<Obj<Attrs<Scalar>>>()?.0.map(Box::new)
                }
                Field::Change if e.relevant() && self.lazy => raw_change = Some(map.next_value()?),
                Field::Change if e.relevant() => e.change = Some(Box::new(map.next_value()?)),
                Field::Expressions if e.relevant() => {
                    e.expressions = map.next_value::<Obj<Attrs<Expr>>>()?.0.map(Box::new)
                }
                Field::Values
                | Field::SensitiveValues
                | Field::Change
                | Field::Expressions
                | Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((e, raw_change))
    }
}

/// `resource_changes`, read in the one pass over the document: an entry of a type no control
/// reads is counted and dropped as it is read (its `change` skipped); the others are kept,
/// their `change` as raw text, and read one at a time once `configuration` (which Terraform
/// writes after it) is known. Keeping the whole array as raw text and then streaming it
/// scanned its bulk twice: a third of the CPU time of a monorepo-like plan, measured.
#[derive(Debug, Clone, Default)]
pub struct Changes<'a> {
    /// Entries of any type, dropped ones included.
    pub len: usize,
    /// The kept entries, each with its index in the array. Boxed, so each is freed as the
    /// reader takes it: the subjects made of 50,000 entries then reuse their memory, where a
    /// vector of the entries themselves stayed whole until the last was read (18 MB more at
    /// the peak of a 146 MB plan, measured).
    pub kept: Vec<(usize, Box<LazyEntry<'a>>)>,
    /// The value is not an array (`null` included): an error once the document is known to
    /// be Terraform's (the reader finds its place then).
    pub not_array: bool,
}

impl<'de> Deserialize<'de> for Changes<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Changes<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of resource changes")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Changes<'de>, A::Error> {
                let mut out = Changes::default();
                while let Some(e) = seq.next_element::<LazyEntry<'de>>()? {
                    // What `Reader::change` would only count: a plain type no control reads.
                    let dropped = e
                        .entry
                        .resource_type
                        .as_deref()
                        .is_some_and(|t| !t.is_empty() && !is_read(t));
                    if !dropped {
                        out.kept.push((out.len, Box::new(e)));
                        // One fewer to parse in the pass (`eager_changes` restores the count).
                        EAGER_LEFT.set(EAGER_LEFT.get().saturating_sub(1));
                    }
                    out.len += 1;
                }
                Ok(out)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Changes<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Changes::not_array())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
            fn visit_str<E>(self, _: &str) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
            fn visit_unit<E>(self) -> Result<Changes<'de>, E> {
                Ok(Changes::not_array())
            }
        }
        d.deserialize_any(V)
    }
}

impl Changes<'_> {
    fn not_array() -> Self {
        Changes {
            not_array: true,
            ..Changes::default()
        }
    }
}

fn changes_keeping_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Changes<'de>>, D::Error> {
    Changes::deserialize(d).map(Some)
}

/// Where `resource_changes` stands in `text`: for the error of one that is not an array
/// (this scans the document again, only on that path).
pub fn resource_changes_raw(text: &str) -> Option<&serde_json::value::RawValue> {
    #[derive(serde::Deserialize)]
    struct Only<'a> {
        #[serde(borrow, default, deserialize_with = "raw_keeping_null")]
        resource_changes: Option<&'a serde_json::value::RawValue>,
    }
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Only>();
    stream.next()?.ok()?.resource_changes
}

/// A values representation (`planned_values`, state `values`, `prior_state.values`); `E` is
/// how its resources are read ([`ChainEntry`] for `prior_state`).
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound = "E: Deserialize<'de> + Default")]
pub struct Values<E = Entry> {
    pub root_module: Obj<Module<E>>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default, bound = "E: Deserialize<'de> + Default")]
pub struct Module<E = Entry> {
    pub address: Option<String>,
    pub resources: Vec<E>,
    pub child_modules: Vec<Module<E>>,
}

/// `prior_state`: the reader takes only chain resources from it (templates, defaults, AMIs,
/// data sources), never subjects, which `resource_changes` gives, so a managed subject's
/// values are skipped as they are read ([`ChainEntry`]). Parsed in full, the 5,000 prior
/// instances of a 146 MB plan took 21 MB at its peak, measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateDoc {
    pub values: Option<Values>,
}

impl<'de> Deserialize<'de> for StateDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Doc {
            values: Obj<Values<ChainEntry>>,
        }
        fn entries(m: Module<ChainEntry>) -> Module {
            Module {
                address: m.address,
                resources: m.resources.into_iter().map(|e| e.0).collect(),
                child_modules: m.child_modules.into_iter().map(entries).collect(),
            }
        }
        let doc = Doc::deserialize(d)?;
        Ok(StateDoc {
            values: doc.values.0.map(|v| Values {
                root_module: Obj(v.root_module.0.map(entries)),
            }),
        })
    }
}

/// A resource of `prior_state`: an [`Entry`] without the values of a managed subject.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChainEntry(Entry);

impl<'de> Deserialize<'de> for ChainEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor {
            lazy: false,
            chain_only: true,
        })
        .map(|(entry, _)| ChainEntry(entry))
    }
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Configuration {
    pub provider_config: BTreeMap<String, ProviderConfig>,
    pub root_module: Obj<ConfigModule>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConfigModule {
    pub resources: Vec<Entry>,
    pub module_calls: BTreeMap<String, ModuleCall>,
    pub outputs: BTreeMap<String, ConfigOutput>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConfigOutput {
    pub expression: Expr,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ModuleCall {
    pub module: Obj<ConfigModule>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProviderConfig {
    pub name: Option<String>,
    pub alias: Option<String>,
    pub module_address: Option<String>,
    pub expressions: Obj<ProviderExprs>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProviderExprs {
    pub region: Expr,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Variable {
    pub value: Scalar,
}

/// A top-level object of a Terraform document: Terraform writes an object there or leaves
/// the key out, so anything else (`null`, a string) is an error at its place, never read as
/// "absent" (an empty plan that passes).
#[derive(Debug, Clone, PartialEq)]
pub struct Strict<T>(pub Option<T>);

impl<T> Default for Strict<T> {
    fn default() -> Self {
        Strict(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Strict<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|t| Strict(Some(t)))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// A raw value where `null` stays `Some("null")` (serde's `Option` would make it `None`), so
/// a `null` where Terraform writes an array or object is reported, not taken for absent.
fn raw_keeping_null<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<&'de serde_json::value::RawValue>, D::Error> {
    <&serde_json::value::RawValue>::deserialize(d).map(Some)
}

/// Every top-level key any supported document uses; detection looks at which are present.
/// `planned_values` repeats what `resource_changes` says, so it is only scanned (kept as the
/// raw text) and parsed when a hand-written plan has no `resource_changes`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TopLevel<'a> {
    pub format_version: Scalar,
    pub terraform_version: Scalar,
    #[serde(borrow, deserialize_with = "raw_keeping_null")]
    pub planned_values: Option<&'a serde_json::value::RawValue>,
    /// Read in the same pass as the rest; see [`Changes`]. `null` is kept (as not an array).
    #[serde(borrow, deserialize_with = "changes_keeping_null")]
    pub resource_changes: Option<Changes<'a>>,
    pub prior_state: Strict<StateDoc>,
    pub configuration: Strict<Configuration>,
    pub variables: BTreeMap<String, Obj<Variable>>,
    /// State representation.
    pub values: Strict<Values>,
    #[serde(rename = "Reservations")]
    pub reservations: Option<Vec<super::describe::Reservation>>,
    /// One instance, as `--query 'Reservations[0].Instances[0]'` prints it.
    #[serde(rename = "InstanceId")]
    pub instance_id: Scalar,
    /// A raw state file (`terraform.tfstate`): its format `version`, `lineage`, `serial`, and
    /// `resources` (version 4) or `modules` (version 3).
    pub version: Scalar,
    pub lineage: Scalar,
    pub serial: Scalar,
    #[serde(borrow)]
    pub resources: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    pub modules: Option<&'a serde_json::value::RawValue>,
    /// What other documents people point the tool at carry, to name them in the error.
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub cfn_version: Scalar,
    #[serde(rename = "Resources", borrow)]
    pub cfn_resources: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "LaunchTemplateVersions", borrow)]
    pub launch_template_versions: Option<&'a serde_json::value::RawValue>,
    /// An AWS error response (`{"Error": {"Code": ..., "Message": ...}}`), saved by mistake.
    #[serde(rename = "Error")]
    pub aws_error: Obj<AwsError>,
    #[serde(rename = "LaunchTemplates", borrow)]
    pub launch_templates: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "LaunchConfigurations", borrow)]
    pub launch_configurations: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "AutoScalingGroups", borrow)]
    pub auto_scaling_groups: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "AccountLevel", borrow)]
    pub account_level: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "Images", borrow)]
    pub images: Option<&'a serde_json::value::RawValue>,
    /// Terraform's JSON configuration syntax (`main.tf.json`, CDK for Terraform's `cdk.tf.json`).
    #[serde(rename = "resource", borrow)]
    pub config_resource: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "module", borrow)]
    pub config_module: Option<&'a serde_json::value::RawValue>,
}

impl TopLevel<'_> {
    /// `planned_values`, parsed.
    pub fn planned_values(&self) -> Result<Option<Values>, serde_json::Error> {
        match self.planned_values {
            Some(raw) => Obj::<Values>::deserialize(raw).map(|o| o.0),
            None => Ok(None),
        }
    }

    pub fn is_terraform(&self) -> bool {
        self.format_version.is_value()
            || self.terraform_version.is_value()
            || self.planned_values.is_some()
            || self.resource_changes.is_some()
            || self.prior_state.0.is_some()
            || self.configuration.0.is_some()
            || self.values.0.is_some()
    }

    /// A plan's shape: what `terraform show -json PLANFILE` always writes beside the version.
    pub fn is_plan(&self) -> bool {
        self.planned_values.is_some()
            || self.resource_changes.is_some()
            || self.configuration.0.is_some()
            || self.prior_state.0.is_some()
    }

    /// A raw state file: a numeric format `version` with what every state file carries.
    pub fn is_raw_state(&self) -> bool {
        !self.format_version.is_value()
            && matches!(self.version, Scalar::Int(_))
            && (self.lineage.is_value()
                || self.serial.is_value()
                || self.resources.is_some()
                || self.modules.is_some())
    }
}

/// The text of every value `marks` flags as sensitive in `values` (the leaves the chain reads,
/// and the `metadata_options` and `launch_template` blocks), so no report echoes them.
pub fn sensitive_texts(values: &Attrs<Scalar>, marks: &Attrs<Scalar>, out: &mut Vec<String>) {
    fn leaf(v: &Scalar, m: &Scalar, all: bool, out: &mut Vec<String>) {
        if all || m.is_true() {
            match v {
                Scalar::Str(s) if !s.is_empty() => out.push(s.clone()),
                Scalar::Int(i) => out.push(i.to_string()),
                _ => {}
            }
        }
    }
    fn pairs<T>(b: &Blocks<T>, m: &Blocks<T>, mut f: impl FnMut(&T, Option<&T>, bool)) {
        let whole = m.is_marked_unknown();
        for (i, item) in b.items().iter().enumerate() {
            f(item, m.items().get(i), whole);
        }
    }
    let top = [
        (&values.id, &marks.id),
        (&values.name, &marks.name),
        (&values.ami, &marks.ami),
        (&values.image_id, &marks.image_id),
        (&values.launch_configuration, &marks.launch_configuration),
        (&values.http_tokens, &marks.http_tokens),
        (&values.http_endpoint, &marks.http_endpoint),
        (
            &values.http_put_response_hop_limit,
            &marks.http_put_response_hop_limit,
        ),
    ];
    for (v, m) in top {
        leaf(v, m, false, out);
    }
    let missing = Scalar::Missing;
    pairs(
        &values.metadata_options,
        &marks.metadata_options,
        |v, m, all| {
            let m = |f: fn(&MetadataAttrs<Scalar>) -> &Scalar| m.map_or(&missing, f);
            leaf(&v.http_tokens, m(|x| &x.http_tokens), all, out);
            leaf(&v.http_endpoint, m(|x| &x.http_endpoint), all, out);
            leaf(
                &v.http_put_response_hop_limit,
                m(|x| &x.http_put_response_hop_limit),
                all,
                out,
            );
        },
    );
    pairs(
        &values.launch_template,
        &marks.launch_template,
        |v, m, all| {
            let m = |f: fn(&TemplateSpec<Scalar>) -> &Scalar| m.map_or(&missing, f);
            leaf(&v.id, m(|x| &x.id), all, out);
            leaf(&v.name, m(|x| &x.name), all, out);
            leaf(&v.version, m(|x| &x.version), all, out);
        },
    );
}

/// The `Error` of an AWS error response.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct AwsError {
    #[serde(rename = "Code")]
    pub code: Scalar,
    #[serde(rename = "Message")]
    pub message: Scalar,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prior_state_keeps_the_values_of_chain_resources_only() {
        let doc: StateDoc = serde_json::from_str(
            r#"{"format_version": "1.2", "values": {"root_module": {"resources": [
              {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
               "name": "web", "values": {"ami": "ami-1"}, "sensitive_values": {}},
              {"address": "data.aws_instance.other", "mode": "data", "type": "aws_instance",
               "name": "other", "values": {"id": "i-1"}},
              {"address": "aws_launch_template.lt", "mode": "managed",
               "type": "aws_launch_template", "name": "lt", "values": {"name": "lt"}},
              {"values": {"ami": "ami-2"}, "address": "aws_instance.late", "mode": "managed",
               "type": "aws_instance", "name": "late"}
            ], "child_modules": [{"address": "module.m", "resources": [
              {"address": "module.m.aws_instance.x", "mode": "managed", "type": "aws_instance",
               "name": "x", "values": {"ami": "ami-3"}}]}]}}}"#,
        )
        .unwrap_or_default();
        let root = doc.values.and_then(|v| v.root_module.0).unwrap_or_default();
        let has_values: Vec<(&str, bool)> = root
            .resources
            .iter()
            .chain(root.child_modules.iter().flat_map(|m| &m.resources))
            .map(|e| (e.address.as_deref().unwrap_or(""), e.values.is_some()))
            .collect();
        assert_eq!(
            has_values,
            [
                ("aws_instance.web", false),
                ("data.aws_instance.other", true),
                ("aws_launch_template.lt", true),
                // Values before `mode` and `type`: read in full, as before.
                ("aws_instance.late", true),
                ("module.m.aws_instance.x", false),
            ]
        );
    }
}
