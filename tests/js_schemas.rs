//! The JSON Schemas the npm package's TypeScript types are generated from
//! (`imdsv2_policy::wasm::json_schemas`, printed by `examples/js_schemas.rs` for
//! scripts/build-pkg.sh).

use serde_json::Value;

#[expect(
    clippy::unwrap_used,
    reason = "a test helper: a bad schema should fail the test"
)]
fn schemas() -> Value {
    serde_json::from_str(&imdsv2_policy::wasm::json_schemas()).unwrap()
}

#[test]
fn every_type_the_package_exposes_is_named() {
    let schemas = schemas();
    let defs = schemas["$defs"].as_object().unwrap();
    for name in [
        "Report",
        "Options",
        "RenderOptions",
        "Policy",
        "ErrorData",
        "OutputFormat",
        "FixResult",
        "IgnoreEntry",
    ] {
        assert!(defs.contains_key(name), "`{name}` missing from $defs");
        assert_eq!(
            schemas["properties"][name]["$ref"],
            format!("#/$defs/{name}")
        );
    }
}

#[test]
fn rust_names_that_shadow_js_globals_are_renamed_everywhere() {
    let schemas = schemas();
    let defs = schemas["$defs"].as_object().unwrap();
    let text = schemas.to_string();
    for name in ["Error", "Location"] {
        assert!(!defs.contains_key(name), "`{name}` is still a definition");
        assert!(
            !text.contains(&format!("\"#/$defs/{name}\"")),
            "a `$ref` still names `{name}`"
        );
    }
    assert_eq!(
        defs["ErrorData"]["properties"]["location"]["anyOf"][0]["$ref"],
        "#/$defs/ErrorLocation"
    );
}

#[test]
fn output_formats_are_the_cli_formats() {
    let schemas = schemas();
    let formats: Vec<&str> = schemas["$defs"]["OutputFormat"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(formats, imdsv2_policy::report::OutputFormat::NAMES);
}

#[test]
fn render_options_reject_unknown_fields_like_options() {
    let schemas = schemas();
    for name in ["RenderOptions", "Options"] {
        assert_eq!(
            schemas["$defs"][name]["additionalProperties"],
            Value::Bool(false),
            "{name}"
        );
    }
}
