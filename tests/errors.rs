//! Bad inputs, with the exact text of the error each gives: a stable code, a lowercase
//! message with user input in backticks, where in the input, and what was expected.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::tests_dir;
use imdsv2_policy::{ErrorCode, Options};

const HELP_JSON: &str =
    "expected Terraform plan or state JSON (`terraform show -json`), or DescribeInstances JSON";
const HELP_KIND: &str = "expected `terraform show -json` output (with `format_version`, `planned_values` or \
                         `resource_changes`, or state `values`), a state file (`terraform.tfstate`), or AWS \
                         CLI output of `describe-instances`, `describe-launch-template-versions`, \
                         `describe-launch-templates`, `describe-launch-configurations`, \
                         `describe-auto-scaling-groups`, `get-instance-metadata-defaults` or `describe-images`";

/// `tests/fixtures/bad/FILE` → the error's code and its full display text.
const CASES: &[(&str, ErrorCode, &str)] = &[
    (
        "not_json.json",
        ErrorCode::InvalidJson,
        "error[invalid-json]: the input is not valid JSON: expected value (line 1, column 1)\n  help: HELP_JSON",
    ),
    (
        "empty.json",
        ErrorCode::InvalidJson,
        "error[invalid-json]: the input is empty\n  help: expected Terraform plan or state JSON, or DescribeInstances JSON",
    ),
    (
        "whitespace.json",
        ErrorCode::InvalidJson,
        "error[invalid-json]: the input is empty\n  help: expected Terraform plan or state JSON, or DescribeInstances JSON",
    ),
    (
        "truncated.json",
        ErrorCode::InvalidJson,
        "error[invalid-json]: the input is not valid JSON: EOF while parsing an object (line 3, column 1)\n  help: HELP_JSON",
    ),
    (
        "top_level_string.json",
        ErrorCode::UnsupportedInput,
        "error[unsupported-input]: the input is a JSON string, but neither a Terraform plan or state nor an \
         AWS response this tool reads (at `$`)\n  help: HELP_KIND",
    ),
    (
        "wrong_top_level.json",
        ErrorCode::UnsupportedInput,
        "error[unsupported-input]: the input is JSON, but neither a Terraform plan or state nor an \
         AWS response this tool reads (at `$`)\n  help: HELP_KIND",
    ),
    (
        "array_of_numbers.json",
        ErrorCode::UnsupportedInput,
        "error[unsupported-input]: an array element is neither an instance (with `InstanceId`) nor a response \
         page (with `Reservations`) (at `$[0]`)\n  help: expected a DescribeInstances response, an array of \
         them, or `Reservations[].Instances[]`",
    ),
    (
        "actions_not_array.json",
        ErrorCode::InvalidDocument,
        "error[invalid-document]: unexpected value: the string `\"create\"`, expected an array \
         (line 12, column 27, at `$.resource_changes[0].change.actions`)",
    ),
    (
        "address_not_string.json",
        ErrorCode::InvalidDocument,
        "error[invalid-document]: unexpected value: the integer `5`, expected a string \
         (line 11, column 18, at `$.resource_changes[1].address`)",
    ),
    (
        "reservations_not_array.json",
        ErrorCode::InvalidDocument,
        "error[invalid-document]: unexpected value: the string `\"none\"`, expected an array \
         (line 2, column 24, at `$.Reservations`)",
    ),
    (
        "unknown_action.json",
        ErrorCode::InvalidDocument,
        "error[invalid-document]: unknown change action `explode` (at `$.resource_changes[0].change.actions`)\n  \
         help: expected `create`, `update`, `delete`, `no-op` or `read`",
    ),
    (
        "invalid_utf8.json",
        ErrorCode::InvalidEncoding,
        "error[invalid-encoding]: the input is not valid utf-8 (byte 52) (line 1, column 53)\n  \
         help: save the file as utf-8, or as utf-16 with a byte order mark",
    ),
    (
        "utf16_odd_length.json",
        ErrorCode::InvalidEncoding,
        "error[invalid-encoding]: the input starts with a utf-16 byte order mark but has an odd number of bytes",
    ),
    (
        "format_2_0.json",
        ErrorCode::UnsupportedFormatVersion,
        "error[unsupported-format-version]: `format_version` is `2.0`; this tool reads Terraform JSON format \
         0.x and 1.x (at `$.format_version`)\n  help: a new major format version may change meaning; upgrade \
         imdsv2-policy",
    ),
];

fn expand(text: &str) -> String {
    text.replace("HELP_JSON", HELP_JSON)
        .replace("HELP_KIND", HELP_KIND)
}

#[test]
fn bad_inputs_give_exact_errors() {
    let mut problems = Vec::new();
    for (file, code, want) in CASES {
        let bytes = std::fs::read(tests_dir().join("fixtures/bad").join(file)).unwrap();
        match imdsv2_policy::evaluate(&bytes, &Options::default()) {
            Ok(r) => problems.push(format!("{file}: no error, {} findings", r.findings.len())),
            Err(e) => {
                if e.code != *code {
                    problems.push(format!("{file}: code {:?}, expected {code:?}", e.code));
                }
                let want = expand(want);
                if e.to_string() != want {
                    problems.push(format!("{file}:\n  got:  {e}\n  want: {want}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_bad_fixture_is_in_the_table() {
    for entry in std::fs::read_dir(tests_dir().join("fixtures/bad")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            CASES.iter().any(|(f, _, _)| *f == name),
            "fixtures/bad/{name} has no expected error"
        );
    }
}

#[test]
fn an_unknown_option_is_rejected_with_its_place() {
    let e = Options::from_json("{\n  \"endpointDisabled\": \"pass\",\n  \"failOnUnknwn\": true\n}")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    // The list of known fields grows with the options; the start and the place do not.
    let text = e.to_string();
    assert!(
        text.starts_with("error[invalid-options]: invalid options: unknown field `failOnUnknwn`, expected one of `endpointDisabled`, `failOnUnknown`"),
        "{text}"
    );
    let loc = e.location.unwrap();
    assert_eq!((loc.line, loc.column), (Some(3), Some(16)));
    // The same through the JSON-in, JSON-out entry point the WASI and Extism shells use.
    let e = imdsv2_policy::evaluate_json(b"{}", "{\"endpointDisabled\": \"maybe\"}").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidOptions);
    assert!(
        e.message
            .starts_with("invalid options: unknown variant `maybe`, expected `fail` or `pass`"),
        "{}",
        e.message
    );
}

#[test]
fn a_forced_kind_that_does_not_fit_is_an_error() {
    let array = std::fs::read(tests_dir().join("fixtures/ec2/flat_instances.json")).unwrap();
    let options = Options {
        input_kind: Some(imdsv2_policy::InputKind::TerraformPlan),
        ..Options::default()
    };
    let e = imdsv2_policy::evaluate(&array, &options).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error[unsupported-input]: the input is a JSON array, not a `terraform-plan` document (at `$`)\n  \
         help: terraform show -json writes one object"
    );
    let plan = std::fs::read(tests_dir().join("fixtures/plan/format_1_2.json")).unwrap();
    let options = Options {
        input_kind: Some(imdsv2_policy::InputKind::Ec2DescribeInstances),
        ..Options::default()
    };
    let e = imdsv2_policy::evaluate(&plan, &options).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error[unsupported-input]: `--input-kind ec2-describe-instances` was given, but the input is a \
         `terraform-plan` document (at `$`)\n  help: leave `--input-kind` out to read the document as \
         what it is, or pass the file you meant"
    );
    // A plan forced as a state was read as an empty state (0 subjects, pass): now an error.
    let options = Options {
        input_kind: Some(imdsv2_policy::InputKind::TerraformState),
        ..Options::default()
    };
    let e = imdsv2_policy::evaluate(&plan, &options).unwrap_err();
    assert!(
        e.message.starts_with(
            "`--input-kind terraform-state` was given, but the input is a `terraform-plan` document"
        ),
        "{e}"
    );
}

/// Documents that used to end as an empty plan (0 subjects, `pass`) or a misleading message:
/// each is now a clear error naming what it is.
#[test]
fn documents_of_no_known_shape_never_pass() {
    let err = |text: &[u8]| {
        imdsv2_policy::evaluate(text, &Options::default())
            .map(|r| {
                format!(
                    "no error: {} subjects, {:?}",
                    r.input.subjects, r.summary.verdict
                )
            })
            .unwrap_err_or_report()
    };
    trait Report {
        fn unwrap_err_or_report(self) -> String;
    }
    impl Report for Result<String, imdsv2_policy::Error> {
        fn unwrap_err_or_report(self) -> String {
            match self {
                Ok(s) => panic!("{s}"),
                Err(e) => e.to_string(),
            }
        }
    }
    for v3 in [
        "corpus/state-v3/10XDevYoutubeChannel_launch-ec2__terraform.tfstate",
        "corpus/state-v3/inframap__generate_testdata_version_3_state.json",
    ] {
        let bytes = std::fs::read(tests_dir().join(v3)).unwrap();
        let e = err(&bytes);
        assert!(
            e.starts_with(
                "error[unsupported-format-version]: the state file has format `version` 3"
            ),
            "{v3}: {e}"
        );
    }
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}"#,
            "error[unsupported-input]: the input is a CloudFormation template (at `$`)",
        ),
        (
            b"PK\x03\x04\x14\x00",
            "error[unsupported-input]: the input is a binary Terraform plan file (a zip archive), not JSON",
        ),
        (
            br#"{"terraform_version":"1.9.0"}"#,
            "error[unsupported-input]: the input has `terraform_version` but neither",
        ),
        (
            br#"{"format_version":"1.2","planned_values":{}} {"Reservations":[]}"#,
            "error[invalid-json]: the input has more text after the Terraform JSON document (line 1, column 46)",
        ),
        (
            br#"{"format_version":"1.2","resource_changes":[{"address":"","type":"aws_instance","change":{"actions":["create"],"after":{"metadata_options":[{"http_tokens":"optional"}]}}}]}"#,
            "error[invalid-document]: the `aws_instance` change has an address that is missing, empty or not a Terraform address (``) (at `$.resource_changes[0].address`)",
        ),
        (
            br#"{"format_version":"1.2","resource_changes":[{"address":"aws_instance.a","type":null,"change":{"actions":["create"]}}]}"#,
            "error[invalid-document]: a resource change has no `type` (or it is empty or not a string) (at `$.resource_changes[0].type`)",
        ),
        (
            br#"{"resource":{"aws_instance":{"a":{"ami":"ami-1"}}}}"#,
            "error[unsupported-input]: the input is Terraform configuration in JSON syntax (`.tf.json`)",
        ),
    ];
    for (bytes, want) in cases {
        let e = err(bytes);
        assert!(e.starts_with(want), "want: {want}\n got: {e}");
    }
}

/// A `change` is parsed in the document's one pass where no thread parses it ahead; an error
/// inside one still comes after the checks of the document's other parts, as when it is
/// parsed once `configuration` is read.
#[test]
fn an_error_inside_a_change_comes_after_the_documents_checks() {
    let change = r#""resource_changes":[{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","change":{"actions":"create"}}]"#;
    let cases = [
        (
            format!(r#"{{"format_version":"2.0",{change}}}"#),
            "error[unsupported-format-version]: `format_version` is `2.0`",
        ),
        (
            format!(r#"{{"format_version":"1.2",{change},"configuration":"x"}}"#),
            "error[invalid-document]: unexpected value: the string `\"x\"`, expected an object (line 1, column 173, at `$.configuration`)",
        ),
        (
            format!(r#"{{"format_version":"1.2",{change}}}"#),
            "error[invalid-document]: unexpected value: the string `\"create\"`, expected an array (line 1, column 150, at `$.resource_changes[0].change.actions`)",
        ),
    ];
    for (text, want) in cases {
        let e = match imdsv2_policy::evaluate(text.as_bytes(), &Options::default()) {
            Ok(r) => format!("no error: {:?}", r.summary.verdict),
            Err(e) => e.to_string(),
        };
        assert!(e.starts_with(want), "want: {want}\n got: {e}");
    }
}

/// hashicorp/setup-terraform's wrapper around `terraform show -json`: the JSON is read and a
/// note says how to turn the wrapper off.
#[test]
fn setup_terraform_wrapper_output_is_read_with_a_note() {
    let text = "[command]/home/runner/work/_temp/abc/terraform-bin show -json tfplan\n\
        {\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_instance.a\",\"mode\":\"managed\",\
        \"type\":\"aws_instance\",\"name\":\"a\",\"change\":{\"actions\":[\"create\"],\"after\":\
        {\"metadata_options\":[{\"http_tokens\":\"optional\"}]}}}]}\n\
        ::debug::Terraform exited with code 0.\n::debug::stdout: {}\n::debug::stderr: \n::debug::exitcode: 0\n";
    let r = imdsv2_policy::evaluate(text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.summary.fail, 1);
    let note = r
        .notes
        .iter()
        .find(|n| n.id == "terraform-wrapper")
        .unwrap();
    assert!(
        note.message.contains("terraform_wrapper: false"),
        "{}",
        note.message
    );
}

/// Shapes Terraform never writes that were read as "absent" (and could pass) or as "nothing
/// sets `http_tokens`": each is an error at its place, or an `unknown` naming the field.
#[test]
fn malformed_plans_are_errors_or_unknown_never_pass() {
    let run = |text: &str| imdsv2_policy::evaluate(text.as_bytes(), &Options::default());
    let errors = [
        (
            r#"{"format_version":"1.2","resource_changes":null,"planned_values":{"root_module":{}}}"#,
            "error[invalid-document]: unexpected value: `resource_changes` is not an array (line 1, column 44, at `$.resource_changes`)",
        ),
        (
            r#"{"format_version":"1.2","planned_values":[],"resource_changes":[]}"#,
            "error[invalid-document]: unexpected value: `planned_values` is not an object",
        ),
        (
            r#"{"format_version":"1.2","configuration":"x","resource_changes":[]}"#,
            "error[invalid-document]: unexpected value: the string `\"x\"`, expected an object (line 1, column 43, at `$.configuration`)",
        ),
        (
            r#"{"format_version":"1.2","prior_state":null,"resource_changes":[]}"#,
            "error[invalid-document]: unexpected value: `null`, expected an object",
        ),
        (
            r#"{"format_version":"1.2","resource_changes":[{"address":"aws_instance.a","type":"aws_instance","name":"a","change":{"actions":["create"],"after":{"metadata_options":{"http_tokens":"required"}}}}]}"#,
            "error[invalid-document]: unexpected value: an object, expected an array of objects",
        ),
    ];
    for (text, want) in errors {
        let e = run(text)
            .map(|r| format!("{:?}", r.summary))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(want), "want: {want}\n got: {e}");
    }
    for (value, named) in [
        ("1", "a number"),
        ("[\"required\"]", "an array or an object"),
        ("true", "a bool"),
    ] {
        let text = format!(
            r#"{{"format_version":"1.2","resource_changes":[{{"address":"aws_instance.a","type":"aws_instance","name":"a","change":{{"actions":["create"],"after":{{"metadata_options":[{{"http_tokens":{value}}}]}}}}}}]}}"#
        );
        let r = run(&text).unwrap();
        let f = &r.findings[0];
        assert_eq!(f.status, imdsv2_policy::Status::Unknown, "{value}");
        assert!(
            f.message.contains(&format!(
                "`metadata_options[0].http_tokens` is {named}, not a string"
            )),
            "{value}: {}",
            f.message
        );
    }
}

/// A hop limit AWS would reject (it accepts 1 to 64) is never copied into a fix.
#[test]
fn hop_limits_outside_1_to_64_are_not_copied_into_fixes() {
    for hop in ["-1", "65", "-9223372036854775808", "\"abc\"", "1.5"] {
        let text = format!(
            r#"{{"format_version":"1.2","resource_changes":[{{"address":"aws_instance.a","type":"aws_instance","name":"a","change":{{"actions":["create"],"after":{{"metadata_options":[{{"http_tokens":"optional","http_put_response_hop_limit":{hop}}}]}}}}}}]}}"#
        );
        let r = imdsv2_policy::evaluate(text.as_bytes(), &Options::default()).unwrap();
        let patch = &r.findings[0]
            .remediation
            .as_ref()
            .unwrap()
            .terraform
            .as_ref()
            .unwrap()
            .merge_patch;
        let got = patch["metadata_options"][0]["http_put_response_hop_limit"]
            .as_i64()
            .unwrap();
        assert!((1..=64).contains(&got), "{hop}: fix has hop limit {got}");
    }
}

/// UTF-16 and UTF-32 saved without a byte order mark are named; a bad page of one document per
/// line is placed on its own line, whatever line breaks and blank lines come before it.
#[test]
fn encodings_without_bom_and_ndjson_lines_are_placed() {
    let run = |bytes: &[u8]| {
        imdsv2_policy::evaluate(bytes, &Options::default())
            .unwrap_err()
            .to_string()
    };
    let utf16: Vec<u8> = "{\"Reservations\":[]}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(
        run(&utf16).starts_with("error[invalid-encoding]: the input holds NUL bytes (the first at byte 1): it looks like utf-16le without a byte order mark"),
        "{}",
        run(&utf16)
    );
    let utf32: Vec<u8> = "{}"
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    assert!(
        run(&utf32).contains("it looks like utf-32be"),
        "{}",
        run(&utf32)
    );
    let e = run(b"{\"Reservations\":[]}\r\n\r\n\r\n{\"Foo\":1}\n");
    assert!(
        e.contains(
            "document 2 of the input is not a DescribeInstances response (line 4, column 1)"
        ),
        "{e}"
    );
}

/// Text output escapes control characters and bidirectional overrides taken from the input.
#[test]
fn text_output_escapes_control_characters() {
    let plan = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_instance.a[\\\"\\u001b[2Jx\\u202e\\\"]\",\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"a\",\"index\":\"\\u001b[2Jx\\u202e\",\"change\":{\"actions\":[\"create\"],\"after\":{\"metadata_options\":[{\"http_tokens\":\"optional\"}]}}}]}";
    let r = imdsv2_policy::evaluate(plan.as_bytes(), &Options::default()).unwrap();
    let text = imdsv2_policy::to_text(&r, false);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(
        text.contains("aws_instance.a[\"\\u{1b}[2Jx\\u{202e}\"]"),
        "{text}"
    );
}
