//! Readers: bytes in, one `Inventory` out. Each input kind has its own module; this one
//! decodes the text, detects the kind and turns parse failures into located errors.

pub mod describe;
mod json_path;
pub mod lenient;
pub mod live;
pub mod plan;
pub mod source;
pub mod state;
pub mod terraform;

use crate::error::{Error, ErrorCode};
use crate::inventory::Inventory;
use crate::report::model::InputKind;
use std::borrow::Cow;

/// The input as text, and the name of its encoding when it was not plain UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<&'static str>), Error> {
    // JSON and HCL never hold NUL: NUL bytes among the first few are UTF-16 or UTF-32 saved
    // without a byte order mark, which would otherwise read as "not valid JSON".
    let head = bytes.get(..bytes.len().min(8)).unwrap_or_default();
    if head.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]) {
        let guess = match head {
            [_, 0, 0, 0, ..] => "utf-32le",
            [0, 0, 0, _, ..] => "utf-32be",
            [_, 0, ..] => "utf-16le",
            _ => "utf-16be",
        };
        let at = head.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(Error::new(
            ErrorCode::InvalidEncoding,
            format!("the input holds NUL bytes (the first at byte {at}): it looks like {guess} without a byte order mark"),
        )
        .with_help("save it as utf-8 (PowerShell: `Out-File -Encoding utf8`), or as utf-16 with a byte order mark"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest).map(|s| (Cow::Borrowed(s), Some("utf-8 with bom")));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(|s| (Cow::Owned(s), Some("utf-16le")));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(|s| (Cow::Owned(s), Some("utf-16be")));
    }
    utf8(bytes).map(|s| (Cow::Borrowed(s), None))
}

fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    // Valid text, nearly every input, is checked with SIMD natively (std's check was a tenth
    // of the CPU time of a 100 MB plan, measured); std's check finds the place of an error.
    #[cfg(not(target_family = "wasm"))]
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let (line, column) = line_column(valid);
        Error::new(
            ErrorCode::InvalidEncoding,
            format!("the input is not valid utf-8 (byte {})", e.valid_up_to()),
        )
        .at_line(line, column)
        .with_help("save the file as utf-8, or as utf-16 with a byte order mark")
    })
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, Error> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::new(
            ErrorCode::InvalidEncoding,
            "the input starts with a utf-16 byte order mark but has an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| {
        word([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| {
            Error::new(
                ErrorCode::InvalidEncoding,
                format!(
                    "the input is not valid utf-16 (unpaired surrogate `{:#06x}`)",
                    e.unpaired_surrogate()
                ),
            )
        })
}

fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let col_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = prefix
        .get(col_start..)
        .map_or(0, |s| String::from_utf8_lossy(s).chars().count())
        + 1;
    (line, column)
}

/// Reads any supported document into an inventory.
pub fn read(bytes: &[u8], forced: Option<InputKind>) -> Result<Inventory, Error> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            "the input is a binary Terraform plan file (a zip archive), not JSON",
        )
        .with_help("run `terraform show -json PLANFILE > plan.json` and check plan.json"));
    }
    let (text, encoding) = decode(bytes)?;
    let text: &str = &text;
    if forced == Some(InputKind::TerraformSource) {
        let mut inventory = source::read_one(text)?;
        inventory.encoding = encoding.map(str::to_owned);
        return Ok(inventory);
    }
    let (text, wrapper) = match unwrap_wrapper(text) {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    let first = text.trim_start().as_bytes().first().copied();
    let mut inventory = match first {
        None => {
            return Err(Error::new(ErrorCode::InvalidJson, "the input is empty")
                .with_help("expected Terraform plan or state JSON, or DescribeInstances JSON"));
        }
        Some(b'[') => read_array(text, forced)?,
        Some(b'{') => read_object(text, forced)?,
        Some(c) => {
            // Valid JSON that is not an object or array is not a document; anything else,
            // serde_json says where and what.
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => not_a_document(match c {
                    b'"' => "the input is a JSON string",
                    b't' | b'f' => "the input is a JSON boolean",
                    b'n' => "the input is JSON `null`",
                    _ => "the input is a JSON number",
                }),
                Err(e) => json_error(text, Some(e)),
            });
        }
    };
    inventory.encoding = encoding.map(str::to_owned);
    if wrapper {
        inventory.notes.push(crate::report::model::Note {
            id: "terraform-wrapper".to_owned(),
            message: "the input holds hashicorp/setup-terraform's wrapper output (a `[command]` line \
                      or `::debug::` lines) around the JSON; the JSON was read. Turn the wrapper off \
                      with `terraform_wrapper: false` in the setup-terraform step, or call \
                      `terraform-bin`, so the saved file is plain JSON"
                .to_owned(),
            terraform: None,
            aws_cli: None,
        });
    }
    Ok(inventory)
}

/// The JSON inside hashicorp/setup-terraform's wrapper output: a first line
/// `[command]/.../terraform-bin show -json tfplan`, then the JSON, then `::debug::` lines (and,
/// seen in logs, `::debug::` lines before it). `None` when the text is not such output.
fn unwrap_wrapper(text: &str) -> Option<&str> {
    let is_noise = |line: &str| {
        let l = line.trim_start();
        l.starts_with("[command]") || l.starts_with("::debug::") || l.starts_with("::set-output")
    };
    let trimmed = text.trim_start_matches('\u{feff}');
    // Only the first line decides, and finding its end would scan the whole of a plan
    // written on one line (4.5% of checking a 100 MB plan, measured): its start is enough.
    if !is_noise(trimmed.trim_start_matches(|c: char| c != '\n' && c.is_whitespace())) {
        return None;
    }
    // The JSON starts at the first line that is not noise, and ends before the first noise
    // line after it.
    let mut start = None;
    let mut end = trimmed.len();
    let mut offset = 0;
    for line in trimmed.split_inclusive('\n') {
        let noise = is_noise(line);
        match (start, noise) {
            (None, false) if !line.trim().is_empty() => start = Some(offset),
            (Some(_), true) => {
                end = offset;
                break;
            }
            _ => {}
        }
        offset += line.len();
    }
    trimmed.get(start?..end)
}

fn read_object(text: &str, forced: Option<InputKind>) -> Result<Inventory, Error> {
    // Changes are parsed in the document's pass, as many as `crate::par` leaves to this
    // thread; a document that pass refuses is read again with none so, which places its
    // error as it always has.
    read_object_with(text, forced, crate::par::changes_in_pass(text.len()))
}

fn read_object_with(
    text: &str,
    forced: Option<InputKind>,
    in_pass: usize,
) -> Result<Inventory, Error> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<terraform::TopLevel>();
    let first = terraform::eager_changes(in_pass, || stream.next());
    let top = match first {
        Some(Ok(top)) => top,
        Some(Err(_)) if in_pass > 0 => return read_object_with(text, forced, 0),
        Some(Err(e)) => return Err(typed_error(text, e)),
        None => return Err(Error::new(ErrorCode::InvalidJson, "the input is empty")),
    };
    let rest = text.get(stream.byte_offset()..).unwrap_or_default();
    if !rest.trim().is_empty() {
        if top.is_terraform() || top.is_raw_state() {
            // A Terraform document is one JSON object: whatever follows it is not part of it.
            let (line, column) = line_column(
                text.as_bytes()
                    .get(..stream.byte_offset() + (rest.len() - rest.trim_start().len()))
                    .unwrap_or_default(),
            );
            return Err(Error::new(
                ErrorCode::InvalidJson,
                "the input has more text after the Terraform JSON document",
            )
            .at_line(line, column)
            .with_help("save only the output of `terraform show -json`, with nothing after it"));
        }
        // More than one document: DescribeInstances pages, one JSON document per line.
        return read_lines(text, forced);
    }
    let detected = detect(&top)?;
    if let Some(kind) = forced.filter(|&k| k != detected) {
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            format!(
                "`--input-kind {}` was given, but the input is a `{}` document",
                kind.as_str(),
                detected.as_str()
            ),
        )
        .at_path("$")
        .with_help("leave `--input-kind` out to read the document as what it is, or pass the file you meant"));
    }
    let changes_not_array = top.resource_changes.as_ref().is_some_and(|c| c.not_array);
    for (key, raw, open) in [
        ("planned_values", top.planned_values, '{'),
        (
            "resource_changes",
            changes_not_array
                .then(|| terraform::resource_changes_raw(text))
                .flatten(),
            '[',
        ),
    ] {
        if let Some(raw) = raw
            && !raw.get().trim_start().starts_with(open)
        {
            let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let (line, column) = line_column(text.as_bytes().get(..offset).unwrap_or_default());
            return Err(Error::new(
                ErrorCode::InvalidDocument,
                format!(
                    "unexpected value: `{key}` is not {}",
                    if open == '{' { "an object" } else { "an array" }
                ),
            )
            .at_line(line, column)
            .at_path(format!("$.{key}"))
            .with_help("`terraform show -json` writes it as one, or leaves it out"));
        }
    }
    match detected {
        InputKind::TerraformPlan | InputKind::TerraformState => plan::read(top, detected, text),
        InputKind::TerraformStateFile => {
            let version = top.version.as_i64().unwrap_or_default();
            let (values, terraform_version) = state::read(text, version)?;
            let state = terraform::TopLevel {
                values: terraform::Strict(Some(values)),
                ..terraform::TopLevel::default()
            };
            let mut inv = plan::read(state, InputKind::TerraformState, text)?;
            inv.kind = InputKind::TerraformStateFile;
            inv.terraform_version = terraform_version;
            Ok(inv)
        }
        // Forced source input is read before any JSON parsing (see `read`).
        InputKind::TerraformSource => Err(Error::new(
            ErrorCode::UnsupportedInput,
            "the input is JSON, not Terraform source",
        )),
        InputKind::AwsLive => {
            let page: live::Page = serde_json::from_str(text).map_err(|e| typed_error(text, e))?;
            Ok(live::inventory(&[page]))
        }
        InputKind::Ec2DescribeInstances => {
            let mut c = describe::Collector::default();
            if let Some(r) = &top.reservations {
                c.reservations(r);
            } else if top.instance_id.is_value() {
                // One instance, as `--query 'Reservations[0].Instances[0]'` prints it.
                let item: describe::Item =
                    serde_json::from_str(text).map_err(|e| typed_error(text, e))?;
                c.item(&item, "$");
            }
            let mut inv = Inventory::new(InputKind::Ec2DescribeInstances);
            c.into_inventory(&mut inv);
            Ok(inv)
        }
    }
}

/// What the document is, from its top-level keys; a document of no known shape is an error
/// that says what it looks like, never an empty plan.
fn detect(top: &terraform::TopLevel) -> Result<InputKind, Error> {
    if top.launch_template_versions.is_some()
        || top.launch_templates.is_some()
        || top.launch_configurations.is_some()
        || top.auto_scaling_groups.is_some()
        || top.account_level.is_some()
        || top.images.is_some()
    {
        return Ok(InputKind::AwsLive);
    }
    if top.reservations.is_some() || top.instance_id.is_value() {
        return Ok(InputKind::Ec2DescribeInstances);
    }
    if top.is_raw_state() {
        return Ok(InputKind::TerraformStateFile);
    }
    if top.is_plan() {
        return Ok(InputKind::TerraformPlan);
    }
    if top.values.0.is_some() {
        return Ok(InputKind::TerraformState);
    }
    // `terraform show -json` of an empty state writes only `format_version`.
    if top.format_version.is_value() && !top.terraform_version.is_value() {
        return Ok(InputKind::TerraformState);
    }
    if let Some(e) = &top.aws_error.0 {
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            format!(
                "the input is an AWS error response (`{}`), not data",
                e.code.as_str().unwrap_or("no code")
            ),
        )
        .at_path("$.Error")
        .with_help(
            "the call that saved it failed; run it again and save the response it gives on success",
        ));
    }
    let looks = if top.cfn_version.is_value() || top.cfn_resources.is_some() {
        Some((
            "the input is a CloudFormation template",
            "CloudFormation templates are not supported yet; check the stack's instances live \
             with `aws ec2 describe-instances`",
        ))
    } else if top.config_resource.is_some() || top.config_module.is_some() {
        Some((
            "the input is Terraform configuration in JSON syntax (`.tf.json`)",
            "name the file `*.tf.json` and pass it, or its directory, as Terraform source",
        ))
    } else if top.terraform_version.is_value() {
        Some((
            "the input has `terraform_version` but neither a plan's `planned_values` / \
             `resource_changes` nor a state's `values`",
            "pass the output of `terraform show -json PLANFILE` (a plan) or `terraform show -json` (a state)",
        ))
    } else {
        None
    };
    match looks {
        Some((what, help)) => Err(Error::new(ErrorCode::UnsupportedInput, what)
            .at_path("$")
            .with_help(help)),
        None => Err(not_a_document("the input is JSON")),
    }
}

fn not_a_document(what: &str) -> Error {
    Error::new(
        ErrorCode::UnsupportedInput,
        format!(
            "{what}, but neither a Terraform plan or state nor an AWS response this tool reads"
        ),
    )
    .at_path("$")
    .with_help(
        "expected `terraform show -json` output (with `format_version`, `planned_values` or \
         `resource_changes`, or state `values`), a state file (`terraform.tfstate`), or AWS \
         CLI output of `describe-instances`, `describe-launch-template-versions`, \
         `describe-launch-templates`, `describe-launch-configurations`, \
         `describe-auto-scaling-groups`, `get-instance-metadata-defaults` or `describe-images`",
    )
}

fn read_array(text: &str, forced: Option<InputKind>) -> Result<Inventory, Error> {
    if let Some(
        kind @ (InputKind::TerraformPlan
        | InputKind::TerraformState
        | InputKind::TerraformStateFile),
    ) = forced
    {
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            format!(
                "the input is a JSON array, not a `{}` document",
                kind.as_str()
            ),
        )
        .at_path("$")
        .with_help("terraform show -json writes one object"));
    }
    if live::mentions_live(text)
        && let Ok(pages) = serde_json::from_str::<Vec<live::Page>>(text)
        && pages.iter().all(live::Page::is_page)
    {
        return Ok(live::inventory(&pages));
    }
    let items: Vec<describe::Item> =
        serde_json::from_str(text).map_err(|e| typed_error(text, e))?;
    let mut c = describe::Collector::default();
    for (n, item) in items.iter().enumerate() {
        c.item(item, &format!("$[{n}]"));
    }
    if let Some(path) = c.strays.first() {
        return Err(Error::new(
            ErrorCode::UnsupportedInput,
            "an array element is neither an instance (with `InstanceId`) nor a response page (with `Reservations`)",
        )
        .at_path(path.clone())
        .with_help("expected a DescribeInstances response, an array of them, or `Reservations[].Instances[]`"));
    }
    let mut inv = Inventory::new(InputKind::Ec2DescribeInstances);
    c.into_inventory(&mut inv);
    Ok(inv)
}

/// One JSON document per line (or any whitespace-separated sequence): DescribeInstances pages.
fn read_lines(text: &str, forced: Option<InputKind>) -> Result<Inventory, Error> {
    if let Some(
        kind @ (InputKind::TerraformPlan
        | InputKind::TerraformState
        | InputKind::TerraformStateFile),
    ) = forced
    {
        return Err(Error::new(
            ErrorCode::InvalidJson,
            format!(
                "the input holds more than one JSON document, not one `{}` document",
                kind.as_str()
            ),
        ));
    }
    if live::mentions_live(text) {
        return read_live_lines(text);
    }
    let mut c = describe::Collector::default();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<describe::Item>();
    let mut n = 0usize;
    // The line of each document, counted on from the last one: counting from the start of
    // the text for every document made one DescribeInstances page a line quadratic (19 s for
    // 2,000 pages of 25 instances, measured).
    let (mut counted_to, mut line) = (0usize, 1usize);
    loop {
        let start = stream.byte_offset();
        let Some(next) = stream.next() else { break };
        let item = next.map_err(|e| typed_error(text, e))?;
        // The document's own first byte: past the line breaks (and blank lines) before it.
        let rest = text.get(start..).unwrap_or_default();
        let doc_start = start + (rest.len() - rest.trim_start().len());
        line += text
            .as_bytes()
            .get(counted_to..doc_start)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = doc_start;
        c.item(&item, &format!("document {} (line {line})", n + 1));
        // An instance that is terminated, or a page of them, adds no subject but is still a
        // response; anything that is neither a page nor an instance is a stray.
        if !c.strays.is_empty() {
            return Err(Error::new(
                ErrorCode::UnsupportedInput,
                format!(
                    "document {} of the input is not a DescribeInstances response",
                    n + 1
                ),
            )
            .at_line(line, 1)
            .with_help("expected one DescribeInstances response (with `Reservations`) per line"));
        }
        n += 1;
    }
    let mut inv = Inventory::new(InputKind::Ec2DescribeInstances);
    c.into_inventory(&mut inv);
    Ok(inv)
}

/// One response page per line, of any of the AWS calls this tool reads.
fn read_live_lines(text: &str) -> Result<Inventory, Error> {
    let mut pages = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<live::Page>();
    loop {
        let start = stream.byte_offset();
        let Some(next) = stream.next() else { break };
        let page = next.map_err(|e| typed_error(text, e))?;
        if !page.is_page() {
            let rest = text.get(start..).unwrap_or_default();
            let doc_start = start + (rest.len() - rest.trim_start().len());
            let (line, _) = line_column(text.as_bytes().get(..doc_start).unwrap_or_default());
            return Err(Error::new(
                ErrorCode::UnsupportedInput,
                format!(
                    "document {} of the input is not a response this tool reads",
                    pages.len() + 1
                ),
            )
            .at_line(line, 1)
            .with_help("expected one AWS response page per line (`Reservations`, `LaunchTemplateVersions`, `LaunchConfigurations`, `AutoScalingGroups`, `AccountLevel`, `Images`)"));
        }
        pages.push(page);
    }
    Ok(live::inventory(&pages))
}

/// A parse error with line and column, and the JSON path of the place it points at (found by
/// scanning the text before it, only on this failure path).
fn typed_error(text: &str, e: serde_json::Error) -> Error {
    if e.is_syntax() || e.is_eof() {
        return json_error(text, Some(e));
    }
    let offset = json_path::offset_of(text, e.line(), e.column());
    let path = json_path::path_at(text, offset, "$", is_missing_field(&e));
    Error::new(
        ErrorCode::InvalidDocument,
        format!("unexpected value: {}", plain(&e)),
    )
    .at_line(e.line(), e.column().max(1))
    .at_path(path)
}

/// A type error inside a part of the document parsed on its own (`sub`, a slice of `text`):
/// line and column made absolute, the path found in the part and put under `prefix`.
pub(crate) fn nested_error(text: &str, sub: &str, e: serde_json::Error, prefix: &str) -> Error {
    let offset = (sub.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let (line0, col0) = line_column(text.as_bytes().get(..offset).unwrap_or_default());
    let (line, column) = if e.line() <= 1 {
        (line0, col0 + e.column().max(1) - 1)
    } else {
        (line0 + e.line() - 1, e.column().max(1))
    };
    let at = json_path::offset_of(sub, e.line(), e.column());
    let path = json_path::path_at(sub, at, prefix, is_missing_field(&e));
    Error::new(
        ErrorCode::InvalidDocument,
        format!("unexpected value: {}", plain(&e)),
    )
    .at_line(line, column)
    .at_path(path)
}

/// serde reports a missing field once it has read the whole object: the path is the object's.
fn is_missing_field(e: &serde_json::Error) -> bool {
    crate::error::serde_message(e).starts_with("missing field")
}

/// serde's message in JSON's words: `invalid type: string "x", expected a sequence` becomes
/// ``the string `"x"`, expected an array``; the place is reported separately.
fn plain(e: &serde_json::Error) -> String {
    let msg = crate::error::serde_message(e);
    let msg = msg.as_str();
    let Some((got, want)) = msg
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split_once(", expected "))
    else {
        return msg.to_owned();
    };
    let got = match got {
        "map" => "an object".to_owned(),
        "sequence" => "an array".to_owned(),
        "null" => "`null`".to_owned(),
        g => match g.strip_prefix("string ") {
            Some(s) => format!("the string `{s}`"),
            None => format!("the {g}"),
        },
    };
    let want = match want {
        "a sequence" => "an array",
        "a map" => "an object",
        w => w,
    };
    format!("{got}, expected {want}")
}

fn json_error(text: &str, e: Option<serde_json::Error>) -> Error {
    let _ = text;
    match e {
        Some(e) => {
            let msg = crate::error::serde_message(&e);
            Error::new(ErrorCode::InvalidJson, format!("the input is not valid JSON: {msg}"))
                .at_line(e.line(), e.column().max(1))
                .with_help("expected Terraform plan or state JSON (`terraform show -json`), or DescribeInstances JSON")
        }
        None => Error::new(ErrorCode::InvalidJson, "the input is not valid JSON"),
    }
}
