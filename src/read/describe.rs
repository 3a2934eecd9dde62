//! EC2 DescribeInstances: the AWS CLI / boto3 response, a flat `Reservations[].Instances[]`
//! array (or the nested `Reservations[*].Instances[*]` one), an array of response pages, and
//! one JSON document per line.

use super::lenient::{Blocks, Scalar};
use super::terraform::Obj;
use crate::inventory::{
    Block, Inventory, MetadataOptions, Origin, ProviderRef, Subject, SubjectKind, Val,
};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Reservation {
    #[serde(rename = "OwnerId")]
    pub owner_id: Scalar,
    #[serde(rename = "Instances")]
    pub instances: Blocks<Instance>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Instance {
    #[serde(rename = "InstanceId")]
    pub instance_id: Scalar,
    #[serde(rename = "State")]
    pub state: Obj<InstanceState>,
    #[serde(rename = "Placement")]
    pub placement: Obj<Placement>,
    #[serde(rename = "MetadataOptions")]
    pub metadata_options: Obj<LiveMetadataOptions>,
    /// A page of the response inside an array of pages.
    #[serde(rename = "Reservations")]
    pub reservations: Option<Vec<Reservation>>,
    #[serde(rename = "OwnerId")]
    pub owner_id: Scalar,
    #[serde(rename = "Tags")]
    pub tags: Blocks<Tag>,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: Scalar,
    #[serde(rename = "Value")]
    pub value: Scalar,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct InstanceState {
    #[serde(rename = "Name")]
    pub name: Scalar,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct Placement {
    #[serde(rename = "AvailabilityZone")]
    pub availability_zone: Scalar,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(default)]
pub struct LiveMetadataOptions {
    #[serde(rename = "State")]
    pub state: Scalar,
    #[serde(rename = "HttpTokens")]
    pub http_tokens: Scalar,
    #[serde(rename = "HttpEndpoint")]
    pub http_endpoint: Scalar,
    #[serde(rename = "HttpPutResponseHopLimit")]
    pub hop_limit: Scalar,
    #[serde(rename = "InstanceMetadataTags")]
    pub instance_metadata_tags: Scalar,
    #[serde(rename = "HttpProtocolIpv6")]
    pub http_protocol_ipv6: Scalar,
}

/// An element of a top-level array: an instance, a response page, or a nested array.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Object(Box<Instance>),
    Array(Vec<Item>),
    Other,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an instance, a response page or an array of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                Instance::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|i| Item::Object(Box::new(i)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
                let mut v = Vec::new();
                while let Some(item) = seq.next_element()? {
                    v.push(item);
                }
                Ok(Item::Array(v))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Item, E> {
                Ok(Item::Other)
            }
            fn visit_unit<E>(self) -> Result<Item, E> {
                Ok(Item::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// Collects live instances into an inventory.
#[derive(Default)]
pub struct Collector {
    pub subjects: Vec<Subject>,
    /// Items that were neither instances nor pages, with their JSON path.
    pub strays: Vec<String>,
}

impl Collector {
    pub fn reservations(&mut self, reservations: &[Reservation]) {
        for r in reservations {
            let owner = r.owner_id.as_str();
            for i in r.instances.items() {
                self.instance(i, owner);
            }
        }
    }

    pub fn item(&mut self, item: &Item, path: &str) {
        match item {
            Item::Object(obj) => {
                if let Some(pages) = &obj.reservations {
                    self.reservations(pages);
                } else if obj.instance_id.is_value() {
                    self.instance(obj, None);
                } else {
                    self.strays.push(path.to_owned());
                }
            }
            Item::Array(items) => {
                for (n, i) in items.iter().enumerate() {
                    self.item(i, &format!("{path}[{n}]"));
                }
            }
            Item::Other => self.strays.push(path.to_owned()),
        }
    }

    pub fn instance(&mut self, i: &Instance, owner: Option<&str>) {
        let state = i.state.0.as_ref().and_then(|s| s.name.as_str());
        if matches!(state, Some("terminated" | "shutting-down")) {
            return;
        }
        let id = i
            .instance_id
            .as_str()
            .unwrap_or("(no InstanceId)")
            .to_owned();
        let region = i
            .placement
            .0
            .as_ref()
            .and_then(|p| p.availability_zone.as_str())
            .and_then(region_of_zone);
        let account = owner.or(i.owner_id.as_str()).map(str::to_owned);
        let (metadata, pending) = match &i.metadata_options.0 {
            Some(mo) => (
                Block::Set(options(mo)),
                mo.state.as_str() == Some("pending"),
            ),
            None => (
                Block::Unknown(
                    "the document has no `MetadataOptions` for this instance (an old recording, \
                     or a `--query` that left it out)"
                        .to_owned(),
                ),
                false,
            ),
        };
        self.subjects.push(Subject {
            kind: SubjectKind::LiveInstance,
            origin: Origin {
                address: id.clone(),
                resource_type: "ec2-instance".to_owned(),
                module: String::new(),
                location: None,
            },
            id: Some(id),
            region,
            account,
            provider: ProviderRef::default(),
            metadata,
            can_override: true,
            templates: Vec::new(),
            launch_configuration: None,
            ami: None,
            pending,
            launched_by: launched_by(&i.tags).map(Box::new),
            name_tag: i
                .tags
                .items()
                .iter()
                .find(|t| t.key.as_str() == Some("Name"))
                .and_then(|t| t.value.as_str())
                .map(str::to_owned),
        });
    }

    pub fn into_inventory(self, inv: &mut Inventory) {
        inv.subjects.extend(self.subjects);
    }
}

/// The group and template an instance came from, by the tags EC2 and Auto Scaling put on it.
fn launched_by(tags: &Blocks<Tag>) -> Option<crate::inventory::LaunchedBy> {
    let tag = |k: &str| {
        tags.items()
            .iter()
            .find(|t| t.key.as_str() == Some(k))
            .and_then(|t| t.value.as_str())
            .map(str::to_owned)
    };
    let by = crate::inventory::LaunchedBy {
        group: tag("aws:autoscaling:groupName"),
        template: tag("aws:ec2launchtemplate:id"),
        version: tag("aws:ec2launchtemplate:version"),
    };
    (by.group.is_some() || by.template.is_some()).then_some(by)
}

/// `MetadataOptions` as EC2 and Auto Scaling write them (instances, template versions,
/// launch configurations: the same keys).
pub fn options(mo: &LiveMetadataOptions) -> MetadataOptions {
    MetadataOptions {
        http_tokens: known_str(&mo.http_tokens),
        http_endpoint: known_str(&mo.http_endpoint),
        hop_limit: mo.hop_limit.as_i64().map_or(Val::Absent, Val::Known),
        instance_metadata_tags: known_str(&mo.instance_metadata_tags),
        http_protocol_ipv6: known_str(&mo.http_protocol_ipv6),
    }
}

pub(crate) fn known_str(s: &Scalar) -> Val<String> {
    s.as_str().map_or(Val::Absent, |v| Val::Known(v.to_owned()))
}

/// `us-east-1a` → `us-east-1`, `us-gov-west-1a` → `us-gov-west-1`; local and wavelength
/// zones (`us-east-1-bos-1a`) map to their parent region.
pub fn region_of_zone(zone: &str) -> Option<String> {
    let mut region = Vec::new();
    for part in zone.split('-') {
        if part.starts_with(|c: char| c.is_ascii_digit()) {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            region.push(digits);
            return (region.len() >= 3).then(|| region.join("-"));
        }
        region.push(part.to_owned());
    }
    None
}
