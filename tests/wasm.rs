//! The wasm-bindgen exports as JavaScript sees them, run under Node by
//! `wasm-pack test --node --features wasm` (scripts/test.d/20-node.sh). On other targets this
//! file is empty.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]
// clippy's allowances for tests know `#[test]`, not `#[wasm_bindgen_test]`.
#![cfg_attr(
    all(target_arch = "wasm32", feature = "wasm"),
    expect(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        reason = "tests: a failed unwrap is a failed test"
    )
)]

use imdsv2_policy::wasm;
use js_sys::{JSON, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PLAN: &str =
    include_str!("corpus/plans/regula__rego_tests_examples_aws_inputs_ec2_t2_only_infra.json");
const EC2: &str =
    include_str!("corpus/ec2/aws-cli__describe-instances_example1_output.DERIVED.json");

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap()
    })
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("`{path}` is not a string"))
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// The report object is the CLI's JSON report, parsed: same fields, same order, same text.
#[wasm_bindgen_test]
fn evaluate_returns_the_cli_report() {
    let report = wasm::evaluate(JsValue::from_str(PLAN), JsValue::UNDEFINED).unwrap();
    let native = imdsv2_policy::to_json(
        &imdsv2_policy::evaluate(PLAN.as_bytes(), &imdsv2_policy::Options::default()).unwrap(),
    );
    let stringified =
        JSON::stringify_with_replacer_and_space(&report, &JsValue::NULL, &JsValue::from_f64(2.0))
            .unwrap()
            .as_string()
            .unwrap();
    assert_eq!(format!("{stringified}\n"), native);
    assert_eq!(text(&report, "input.kind"), "terraform-plan");
    assert_eq!(text(&report, "summary.verdict"), "fail");
    assert_eq!(get(&report, "summary.fail").as_f64(), Some(7.0));
}

#[wasm_bindgen_test]
fn evaluate_takes_bytes_and_options() {
    let bytes = Uint8Array::from(EC2.as_bytes());
    let report = wasm::evaluate(bytes.into(), options(r#"{"failOnUnknown": true}"#)).unwrap();
    assert_eq!(text(&report, "input.kind"), "ec2-describe-instances");
    // UTF-16 with a byte-order mark is read too.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(EC2.encode_utf16().flat_map(u16::to_le_bytes));
    let report = wasm::evaluate(Uint8Array::from(&utf16[..]).into(), JsValue::NULL).unwrap();
    assert_eq!(text(&report, "input.encoding"), "utf-16le");
}

/// Bad input throws a real `Error` with the CLI's message and the error's data, and the
/// instance goes on working after it.
#[wasm_bindgen_test]
fn bad_input_throws_an_error_with_code_location_and_help() {
    let thrown = wasm::evaluate(
        JsValue::from_str("{\"format_version\": "),
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    let error = thrown.dyn_ref::<js_sys::Error>().expect("a JS Error");
    assert_eq!(String::from(error.name()), "Imdsv2PolicyError");
    let expected =
        imdsv2_policy::evaluate(b"{\"format_version\": ", &Default::default()).unwrap_err();
    assert_eq!(String::from(error.message()), expected.message);
    assert_eq!(text(&thrown, "code"), "invalid-json");
    assert_eq!(get(&thrown, "location.line").as_f64(), Some(1.0));
    assert!(get(&thrown, "location.column").as_f64().is_some());
    assert!(!text(&thrown, "help").is_empty());
    assert_eq!(
        wasm::format_error(thrown, Some("plan.json".to_owned())),
        imdsv2_policy::Error {
            message: format!("plan.json: {}", expected.message),
            ..expected
        }
        .to_string()
    );

    let again = wasm::evaluate(JsValue::from_str(PLAN), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&again, "summary.verdict"), "fail");
}

#[wasm_bindgen_test]
fn unknown_options_and_wrong_input_types_are_rejected() {
    let thrown = wasm::evaluate(
        JsValue::from_str(PLAN),
        options(r#"{"failOnUnknwn": true}"#),
    )
    .unwrap_err();
    assert_eq!(text(&thrown, "code"), "invalid-options");
    assert!(text(&thrown, "message").contains("`failOnUnknwn`"));
    // A line and column in JSON the caller never wrote would mislead.
    assert!(get(&thrown, "location").is_undefined());

    let thrown = wasm::evaluate(JsValue::from_f64(42.0), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "usage");
    let thrown = wasm::evaluate(JsValue::from_str(PLAN), JsValue::from_str("fail")).unwrap_err();
    assert_eq!(text(&thrown, "code"), "invalid-options");

    assert!(wasm::evaluate(JsValue::from_str(EC2), JsValue::UNDEFINED).is_ok());
}

/// `render` gives what the CLI prints, for every format it lists.
#[wasm_bindgen_test]
fn render_writes_every_format_as_the_cli_does() {
    let report = wasm::evaluate(JsValue::from_str(PLAN), JsValue::UNDEFINED).unwrap();
    let native = imdsv2_policy::evaluate(PLAN.as_bytes(), &Default::default()).unwrap();
    let formats = wasm::output_formats();
    assert_eq!(formats, imdsv2_policy::report::OutputFormat::NAMES);
    for name in formats {
        let format = imdsv2_policy::report::OutputFormat::parse(&name).unwrap();
        // ASFF needs the account and region a plan does not say, and a time.
        let render_options = imdsv2_policy::report::RenderOptions {
            color: false,
            input_name: Some("plan.json".to_owned()),
            aws_account_id: Some("111122223333".to_owned()),
            aws_region: Some("eu-west-1".to_owned()),
            timestamp: Some("2026-12-01T09:30:00Z".to_owned()),
            ..Default::default()
        };
        assert_eq!(
            wasm::render(
                report.clone(),
                &name,
                options(
                    r#"{"inputName": "plan.json", "awsAccountId": "111122223333", "awsRegion": "eu-west-1", "timestamp": "2026-12-01T09:30:00Z"}"#
                )
            )
            .unwrap(),
            imdsv2_policy::report::render(&native, format, &render_options),
            "format `{name}`"
        );
    }
    // Without them, ASFF is refused with the CLI's error, not written with empty fields.
    let thrown = wasm::render(report.clone(), "asff", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "invalid-options");
    assert!(text(&thrown, "message").starts_with("ASFF needs the AWS account of `"));
    assert_eq!(
        wasm::github_step_summary(report.clone(), None).unwrap(),
        imdsv2_policy::report::github::github_step_summary(&native)
    );
    let thrown = wasm::render(report.clone(), "xml", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "invalid-options");
    let thrown = wasm::render(options(r#"{"tool": 1}"#), "json", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "usage");
    assert!(wasm::render(report, "text", JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn version_and_controls() {
    assert_eq!(wasm::version(), imdsv2_policy::VERSION);
    let controls = wasm::controls().unwrap();
    let all = imdsv2_policy::policy::all().unwrap();
    assert_eq!(
        JSON::stringify(&controls).unwrap().as_string().unwrap(),
        serde_json::to_string(all).unwrap()
    );
    // In id order, as `imdsv2-policy controls` prints them.
    assert_eq!(text(&controls, "0.id"), "AutoScaling.3");
    assert_eq!(text(&controls, "3.id"), "EC2.8");
}

/// The native CLI dates suppressions by the system clock; JS hosts get the engine's clock
/// unless they pass `today`.
#[wasm_bindgen_test]
fn suppression_expiry_uses_the_engine_clock_unless_today_is_given() {
    let files = js_sys::Object::new();
    Reflect::set(
        &files,
        &JsValue::from_str("main.tf"),
        &JsValue::from_str(
            "# imdsv2-policy:ignore EC2.8 expires:2099-12-31 reason: vendor agent\n\
             resource \"aws_instance\" \"vendor\" {\n  ami = \"ami-0123456789abcdef0\"\n}\n",
        ),
    )
    .unwrap();
    let report = wasm::evaluate_sources(files.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "summary.suppressed").as_f64(), Some(1.0));
    assert_eq!(text(&report, "summary.verdict"), "pass");
    let later =
        wasm::evaluate_sources(files.into(), options(r#"{"today": "2100-01-01"}"#)).unwrap();
    assert_eq!(get(&later, "summary.fail").as_f64(), Some(1.0));
}

/// An input over the limit is refused by its size (issue 12): `checkInputSize` without the
/// input, and `evaluate` before the bytes are copied into the instance.
#[wasm_bindgen_test]
fn inputs_over_the_limit_are_refused_by_size() {
    let limit = imdsv2_policy::limits::WASM32_MAX_INPUT_BYTES as f64;
    assert!(wasm::check_input_size(limit, JsValue::UNDEFINED).is_ok());
    let thrown = wasm::check_input_size(limit + 1.0, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "input-too-large");
    assert_eq!(
        text(&thrown, "message"),
        "the input is 1073741825 bytes, more than the WebAssembly build's limit (1 GiB of its 4 GiB of memory): 1073741824 bytes"
    );
    assert!(text(&thrown, "help").contains("`cargo install --path .`"));
    let thrown = wasm::check_input_size(f64::INFINITY, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "input-too-large");

    let low = options(r#"{"maxInputBytes": 10}"#);
    let thrown = wasm::evaluate(Uint8Array::from(EC2.as_bytes()).into(), low.clone()).unwrap_err();
    assert_eq!(text(&thrown, "code"), "input-too-large");
    assert!(
        text(&thrown, "message").ends_with("more than the limit set by `maxInputBytes`: 10 bytes")
    );
    let thrown = wasm::evaluate(JsValue::from_str(EC2), low).unwrap_err();
    assert_eq!(text(&thrown, "code"), "input-too-large");
}

/// `renderBytes` is `render` as UTF-8 bytes, for output longer than a JS string can be.
#[wasm_bindgen_test]
fn render_bytes_is_render_as_utf8() {
    let report = wasm::evaluate(JsValue::from_str(PLAN), JsValue::UNDEFINED).unwrap();
    // ASFF: the account and region the plan does not say, and a fixed time.
    let asff = r#"{"awsAccountId": "111122223333", "awsRegion": "eu-west-1", "timestamp": "2026-12-01T09:30:00Z"}"#;
    for name in wasm::output_formats() {
        let opts = || {
            if name == "asff" {
                options(asff)
            } else {
                JsValue::UNDEFINED
            }
        };
        let bytes = wasm::render_bytes(report.clone(), &name, opts()).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            wasm::render(report.clone(), &name, opts()).unwrap(),
            "format `{name}`"
        );
    }
    let thrown = wasm::render_bytes(report, "xml", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(text(&thrown, "code"), "invalid-options");
}
