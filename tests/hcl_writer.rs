//! The HCL the fixes print is hcl-rs's: the core writes its attribute blocks itself (hcl-rs's
//! serializer would add ~75 KB to the wasm module), and this test holds the two to the same
//! bytes, including strings that need escapes, then reads each block back with hcl-rs.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use imdsv2_policy::remediation::{Hcl, hcl_block};

fn reference(kind: &str, labels: &[&str], attrs: &[(&str, Hcl<'_>)]) -> String {
    let mut block = hcl::Block::builder(kind);
    for label in labels {
        block = block.add_label(*label);
    }
    for (key, value) in attrs {
        block = match value {
            Hcl::Str(s) => block.add_attribute((*key, *s)),
            Hcl::Int(i) => block.add_attribute((*key, *i)),
        };
    }
    hcl::to_string(&hcl::Body::builder().add_block(block.build()).build()).unwrap()
}

#[test]
fn blocks_match_hcl_rs_byte_for_byte() {
    let strings = [
        "enabled",
        "",
        "say \"hi\"",
        "back\\slash",
        "line\nbreak\r\ttab",
        "${var.x} and %{ if true }",
        "$ alone, % alone, $$ twice",
        "ünïcødé ✓",
        "bell\u{7}",
    ];
    for s in strings {
        for labels in [
            &[][..],
            &["aws_ec2_instance_metadata_defaults", "imdsv2"][..],
            &[s][..],
        ] {
            let attrs = [
                ("http_endpoint", Hcl::Str(s)),
                ("http_put_response_hop_limit", Hcl::Int(2)),
                ("negative", Hcl::Int(-7)),
            ];
            let ours = hcl_block("metadata_options", labels, &attrs);
            assert_eq!(ours, reference("metadata_options", labels, &attrs), "{s:?}");
            let body: hcl::Body = hcl::from_str(&ours).unwrap();
            let block = body.blocks().next().unwrap();
            let value = block.body().attributes().next().unwrap().expr().to_string();
            let read: String = hcl::from_str(&format!("v = {value}"))
                .map(
                    |b: hcl::Body| match b.attributes().next().map(|a| a.expr().clone()) {
                        Some(hcl::Expression::String(v)) => v,
                        other => panic!("{other:?}"),
                    },
                )
                .unwrap();
            assert_eq!(read, s);
        }
    }
}
