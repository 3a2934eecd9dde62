//! The JavaScript interface: the npm package `imdsv2-policy` (built by
//! `scripts/build-pkg.sh`).
//!
//! The wasm-bindgen exports ([`bindings`], on `wasm32` with the `wasm` feature) are a few
//! lines around [`crate::evaluate`] and the report writers, so that the Node command and the
//! browser page carry no logic of their own. Values cross the boundary as JSON text: the
//! report is serialized by the same serde types as the native CLI's and parsed once by the
//! engine's `JSON.parse`, which keeps field names and order identical to the CLI's report.
//! Errors are thrown as real JS `Error`s carrying `code`, `location` and `help`.
//!
//! The package's TypeScript types are generated from [`json_schemas`] at build time
//! (`examples/js_schemas.rs` prints them for scripts/build-pkg.sh), never written by hand.
//! That part builds on every target, so the schemas cost the shipped module nothing.

use crate::error::Error;
use crate::fix::FixResult;
use crate::options::Options;
use crate::policy::Policy;
use crate::report::OutputFormat;
use crate::report::model::Report;
use crate::suppress::IgnoreEntry;
use serde_json::{Value, json};

pub use crate::report::RenderOptions;

/// Type names as TypeScript sees them, where the Rust name would shadow a JS global.
const RENAMED: &[(&str, &str)] = &[("Error", "ErrorData"), ("Location", "ErrorLocation")];

/// One JSON Schema (draft 2020-12) whose `$defs` hold every type the package takes and
/// returns, each under its TypeScript name; the root lists the entry points by name.
pub fn json_schemas() -> String {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let roots = [
        ("Report", generator.subschema_for::<Report>()),
        ("Options", generator.subschema_for::<Options>()),
        ("RenderOptions", generator.subschema_for::<RenderOptions>()),
        ("Policy", generator.subschema_for::<Policy>()),
        ("ErrorData", generator.subschema_for::<Error>()),
        ("FixResult", generator.subschema_for::<FixResult>()),
        ("IgnoreEntry", generator.subschema_for::<IgnoreEntry>()),
    ];
    let mut defs = generator.take_definitions(true);
    defs.insert(
        "OutputFormat".to_owned(),
        json!({
            "description": "An output format of `render` and of the CLI's `--format`.",
            "type": "string",
            "enum": OutputFormat::NAMES,
        }),
    );
    let mut properties = serde_json::Map::new();
    for (name, schema) in roots {
        properties.insert(name.to_owned(), schema.to_value());
    }
    properties.insert(
        "OutputFormat".to_owned(),
        json!({ "$ref": "#/$defs/OutputFormat" }),
    );
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "imdsv2-policy",
        "description": "The values the npm package `imdsv2-policy` takes and returns.",
        "type": "object",
        "properties": properties,
        "$defs": defs,
    });
    rename_types(&mut root);
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_default();
    text.push('\n');
    text
}

/// Applies [`RENAMED`] to `$defs` keys and `$ref`s.
fn rename_types(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                for (from, to) in RENAMED {
                    if r.as_str() == format!("#/$defs/{from}") {
                        *r = format!("#/$defs/{to}");
                    }
                }
            }
            if let Some(Value::Object(defs)) = map.get_mut("$defs") {
                for (from, to) in RENAMED {
                    if let Some(def) = defs.remove(*from) {
                        defs.insert((*to).to_owned(), def);
                    }
                }
            }
            map.values_mut().for_each(rename_types);
        }
        Value::Array(items) => items.iter_mut().for_each(rename_types),
        _ => {}
    }
}

#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
pub use bindings::*;

/// The wasm-bindgen exports.
#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
mod bindings {
    use crate::error::{Error, ErrorCode};
    use crate::options::Options;
    use crate::report::OutputFormat;
    use crate::report::model::Report;
    use js_sys::{Array, JSON, Object, Reflect, Uint8Array};
    use std::sync::Once;
    use wasm_bindgen::prelude::*;

    /// The module is single-threaded (no `atomics`), as wasm-bindgen builds it.
    #[cfg(not(target_feature = "atomics"))]
    #[global_allocator]
    static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

    /// Called first by every export that does work. The library is built panic-free (clippy
    /// denies `unwrap`, `expect`, `panic!` and indexing), but should a panic happen after all,
    /// the instance it aborts is replaced by a fresh one before the next call instead of
    /// staying poisoned.
    fn guard() {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            std::panic::set_hook(Box::new(|_| wasm_bindgen::handler::schedule_reinit()));
        });
    }

    /// The version of this build, as the report's `tool.version` says it.
    #[wasm_bindgen]
    pub fn version() -> String {
        crate::VERSION.to_owned()
    }

    /// Judges one document, or several as one evaluation: a Terraform plan or state
    /// (`terraform show -json`), a state file, or AWS CLI JSON (DescribeInstances, launch
    /// templates and their versions, launch configurations, Auto Scaling groups, account
    /// defaults, images), as text or bytes (UTF-8, or UTF-16 with a byte-order mark). Several
    /// documents are an array, each a `{name, content}` (content as text, bytes or the parsed
    /// document) or bare text or bytes (named `document N`): the live ones are joined into one
    /// account view, as `imdsv2-policy check a.json b.json` joins them; when every name is a
    /// Terraform file (`main.tf`), they are Terraform source. Returns the report
    /// `imdsv2-policy check FILE... --format json` prints, parsed. Throws an `Error` with
    /// `code`, `location` and `help` for input it cannot judge.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn evaluate(
        #[wasm_bindgen(
            unchecked_param_type = "string | Uint8Array | Array<string | Uint8Array | { name: string; content: string | Uint8Array | object }>"
        )]
        input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard();
        let options = options_from_js(&options).map_err(to_js_error)?;
        let report = if let Some(list) = input.dyn_ref::<Array>() {
            let documents = documents_from_js(list).map_err(to_js_error)?;
            let refs: Vec<(&str, &[u8])> = documents
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            crate::evaluate_documents(&refs, &options)
        } else {
            let input = input_bytes(&input).map_err(to_js_error)?;
            crate::evaluate_owned(input, &options)
        }
        .map_err(to_js_error)?;
        report_to_js(&report)
    }

    /// Throws the `input-too-large` error `evaluate` would throw for an input of `size` bytes
    /// (UTF-8 bytes for text), without taking the input: check a file's size before reading
    /// it. The limit is 1 GiB (WebAssembly's memory is 4 GiB), lowered by `maxInputBytes`.
    #[wasm_bindgen(js_name = checkInputSize)]
    pub fn check_input_size(
        size: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<(), JsValue> {
        guard();
        let options = options_from_js(&options).map_err(to_js_error)?;
        // `as` saturates: past u64 is u64::MAX, over any limit.
        let size = size as u64;
        crate::limits::check(size, &options).map_err(to_js_error)
    }

    /// Judges Terraform source: an object of file name to content (`.tf` files, with
    /// `terraform.tfvars` / `*.auto.tfvars`; files in different directories are different
    /// configurations). Returns the report `imdsv2-policy check DIR --format json` prints;
    /// findings carry `location` (`file`, `line`, `column`).
    #[wasm_bindgen(js_name = evaluateSources, unchecked_return_type = "Report")]
    pub fn evaluate_sources(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard();
        let options = options_from_js(&options).map_err(to_js_error)?;
        let files = files_from_js(&files).map_err(to_js_error)?;
        let report = crate::evaluate_sources(&files, &options).map_err(to_js_error)?;
        report_to_js(&report)
    }

    /// The directories a loader must still read so that `files` holds every module the
    /// configuration calls from disk (local paths, and what `.terraform/modules/modules.json`
    /// lists); `tried` are directories already read or found missing. Call it until it
    /// returns nothing, reading each directory's `.tf` files, variable files and
    /// `.terraform/modules/modules.json` into `files`: the Node command's loader does.
    #[wasm_bindgen(js_name = sourceDirsToLoad)]
    pub fn source_dirs_to_load(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
        tried: Vec<String>,
    ) -> Result<Vec<String>, JsValue> {
        guard();
        let files = files_from_js(&files).map_err(to_js_error)?;
        let tried: std::collections::BTreeSet<String> = tried.into_iter().collect();
        Ok(crate::read::source::dirs_to_load(&files, &tried))
    }

    /// The fix of Terraform source, as `imdsv2-policy fix DIR --format json` prints it: the
    /// changed files with their new content and unified diff, and the manual steps. Writes
    /// nothing; the caller saves `files[].content`.
    #[wasm_bindgen(js_name = fixSources, unchecked_return_type = "FixResult")]
    pub fn fix_sources(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard();
        let options = options_from_js(&options).map_err(to_js_error)?;
        let files = files_from_js(&files).map_err(to_js_error)?;
        let result = crate::fix_sources(&files, &options).map_err(to_js_error)?;
        to_js_json(&result, "fix")
    }

    /// What `imdsv2-policy fix` prints on standard error for `result` (a `fixSources`
    /// answer): the files written when `write`, the manual steps at their places, the files
    /// `--check` would change when `check`; in `lang` (`"en"`, the default, or `"ja"`).
    #[wasm_bindgen(js_name = fixMessages)]
    pub fn fix_messages(
        #[wasm_bindgen(unchecked_param_type = "FixResult")] result: JsValue,
        write: bool,
        check: bool,
        lang: Option<String>,
    ) -> Result<String, JsValue> {
        guard();
        let result: crate::fix::FixResult =
            from_js(&result, "a result from `fixSources`").map_err(to_js_error)?;
        Ok(crate::fix::messages(&result, write, check, lang_arg(lang)))
    }

    /// An ignore file (`TARGET [CONTROL] [expires:YYYY-MM-DD] reason: TEXT` a line) read
    /// into the entries of the `ignore` option, as the CLI's `--ignore-file` does. Throws
    /// for an entry without a reason, with the file, line and column.
    #[wasm_bindgen(js_name = parseIgnoreFile, unchecked_return_type = "IgnoreEntry[]")]
    pub fn parse_ignore_file(name: &str, text: &str) -> Result<JsValue, JsValue> {
        guard();
        let entries = crate::suppress::parse_ignore_file(name, text).map_err(to_js_error)?;
        to_js_json(&entries, "ignore entries")
    }

    /// Every control this build judges, with its description, rationale and remediation.
    #[wasm_bindgen(unchecked_return_type = "Policy[]")]
    pub fn controls() -> Result<JsValue, JsValue> {
        guard();
        let all = crate::policy::all().map_err(to_js_error)?;
        to_js_json(all, "controls")
    }

    /// The formats `render` writes, as the CLI's `--format` lists them.
    #[wasm_bindgen(js_name = outputFormats, unchecked_return_type = "OutputFormat[]")]
    pub fn output_formats() -> Vec<String> {
        OutputFormat::NAMES
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    /// A report from `evaluate` in one of the output formats: byte for byte what
    /// `imdsv2-policy check FILE --format FORMAT` prints for the same input.
    #[wasm_bindgen]
    pub fn render(
        #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OutputFormat")] format: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<String, JsValue> {
        guard();
        let format = parse_format(format).map_err(to_js_error)?;
        let mut options = render_options_from_js(&options).map_err(to_js_error)?;
        let report = report_from_js(&report).map_err(to_js_error)?;
        if format == OutputFormat::Asff && options.timestamp.is_none() {
            // The clock, to the second, as the native CLI writes it.
            let iso = String::from(js_sys::Date::new_0().to_iso_string());
            options.timestamp = iso.get(..19).map(|s| format!("{s}Z"));
        }
        crate::report::try_render(&report, format, &options).map_err(to_js_error)
    }

    /// Whether `render` can write `format` for this report with these options (ASFF needs an
    /// account and a region for every finding): throws the error `render` would. The Node
    /// command asks for every output before it writes any.
    #[wasm_bindgen]
    pub fn renderable(
        #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OutputFormat")] format: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        guard();
        let format = parse_format(format).map_err(to_js_error)?;
        let mut options = render_options_from_js(&options).map_err(to_js_error)?;
        let report = report_from_js(&report).map_err(to_js_error)?;
        if options.timestamp.is_none() {
            options.timestamp = Some("1970-01-01T00:00:00Z".to_owned()); // `render` reads the clock
        }
        crate::report::renderable(&report, format, &options).map_err(to_js_error)
    }

    /// The time ASFF findings carry, as the CLI decides it: `SOURCE_DATE_EPOCH` (seconds)
    /// when given, else `nowMs` (`Date.now()`), to the second.
    #[wasm_bindgen(js_name = timestampOf)]
    pub fn timestamp_of(source_date_epoch: Option<String>, now_ms: f64) -> Result<String, JsValue> {
        guard();
        // Whole milliseconds of a JS clock: well inside u64 for any date a clock gives.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a clock's milliseconds"
        )]
        let ms = now_ms.max(0.0) as u64;
        let now = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms);
        crate::cli::timestamp(source_date_epoch.as_deref(), now).map_err(to_js_error)
    }

    /// [`render`] as UTF-8 bytes instead of a string: a report's text can be longer than a JS
    /// engine's longest string (V8: 512 MiB). The Node command writes its output from these
    /// bytes, a piece at a time.
    #[wasm_bindgen(js_name = renderBytes)]
    pub fn render_bytes(
        #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
        #[wasm_bindgen(unchecked_param_type = "OutputFormat")] format: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "RenderOptions")] options: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        render(report, format, options).map(String::into_bytes)
    }

    /// Traps the instance (`unreachable`): the JS shell's recovery is tested with it
    /// (`--features test-trap`, never in the package).
    #[cfg(feature = "test-trap")]
    #[wasm_bindgen(js_name = __trap)]
    pub fn trap() {
        core::arch::wasm32::unreachable()
    }

    /// Allocates until the instance's 4 GiB are used up, which aborts it as a too large input
    /// did: the old instance keeps the 3.75 GiB it never frees (with the bare glue, a 300 MiB
    /// input trapped it again; small calls still ran).
    #[cfg(feature = "test-trap")]
    #[wasm_bindgen(js_name = __exhaustMemory)]
    pub fn exhaust_memory() -> usize {
        let mut held: Vec<Vec<u8>> = Vec::new();
        while held.len() < 64 {
            let mut block = Vec::<u8>::with_capacity(256 << 20);
            block.push(1);
            held.push(block);
        }
        held.len()
    }

    /// The command line `argv` (without `node` and the script) as the native CLI parses it:
    /// `{command: "check", args: {paths, outputs, options, given, ignoreFiles, color, quiet,
    /// verbose, softFail, config}}`, `{command: "fix", args: {...}}`, `{command: "help", args:
    /// TEXT}`, `{command: "schema", args: WHICH}`, `{command: "controls"}` or `{command:
    /// "version"}`. Throws the CLI's `usage` error; `usageOf(argv)` is the usage to print then.
    /// The package's own command runs on it, so that both parse arguments with one parser.
    #[wasm_bindgen(js_name = parseArgs, unchecked_return_type = "object")]
    pub fn parse_args(argv: Vec<String>) -> Result<JsValue, JsValue> {
        guard();
        let command = crate::cli::parse(&argv).map_err(to_js_error)?;
        to_js_json(&command, "command")
    }

    /// Whether `name` is a file Terraform reads as configuration or variables (`.tf`,
    /// `.tf.json`, `.tfvars`, `.tfvars.json`): how `check` tells source from JSON documents.
    #[wasm_bindgen(js_name = isSourceName)]
    pub fn is_source_name(name: &str) -> bool {
        crate::request::is_source_name(name)
    }

    /// `report` (of a plan or state) with each finding placed on its block in the Terraform
    /// source `files` (file name to text), as `check plan.json --source DIR` places them: for
    /// SARIF and annotations on the `.tf` line. Blocks not found are named in a note.
    #[wasm_bindgen(js_name = locateFindings, unchecked_return_type = "Report")]
    pub fn locate_findings(
        #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard();
        let mut report = report_from_js(&report).map_err(to_js_error)?;
        let files = files_from_js(&files).map_err(to_js_error)?;
        crate::locate_findings(&mut report, &files).map_err(to_js_error)?;
        report_to_js(&report)
    }

    /// The usage text that goes with a usage error of `argv` (its subcommand's).
    #[wasm_bindgen(js_name = usageOf)]
    pub fn usage_of(argv: Vec<String>) -> String {
        crate::cli::usage_of(&argv).to_owned()
    }

    /// The config file the CLI would read when no `--config` is given: the nearest
    /// `.imdsv2-policy.toml` or `.imdsv2-policy.json` in `dirs` (nearest first), asking
    /// `isFile(path)` of the host's file system; an error when one directory holds both.
    #[wasm_bindgen(js_name = nearestConfig)]
    pub fn nearest_config(
        dirs: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "(path: string) => boolean")]
        is_file: &js_sys::Function,
    ) -> Result<Option<String>, JsValue> {
        guard();
        let found = crate::cli::nearest_config(&dirs, |p| {
            is_file
                .call1(&JsValue::NULL, &JsValue::from_str(&p.to_string_lossy()))
                .is_ok_and(|v| v.is_truthy())
        })
        .map_err(to_js_error)?;
        Ok(found.map(|p| p.to_string_lossy().into_owned()))
    }

    /// `options` (from `parseArgs`) with a config file's options under them, as the CLI merges
    /// its config file (JSON, or TOML when `name` ends in `.toml`): what the flags set (`given`) wins. `name` is the file's name for
    /// errors.
    #[wasm_bindgen(js_name = mergeConfig, unchecked_return_type = "Options")]
    pub fn merge_config(
        #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "object")] given: JsValue,
        text: &str,
        name: &str,
    ) -> Result<JsValue, JsValue> {
        guard();
        // Without a `today` from the clock: the file's `today` counts when the flags set none.
        let mut options = options_without_today(&options).map_err(to_js_error)?;
        let given = object_json(&given)
            .map_err(|msg| invalid_options("given", &msg))
            .and_then(|t| {
                serde_json::from_str(&t).map_err(|e| invalid_options("given", &strip_position(&e)))
            })
            .map_err(to_js_error)?;
        crate::cli::merge_config(&mut options, given, text, name).map_err(to_js_error)?;
        to_js_json(&options, "options")
    }

    /// Whether text output is coloured, as the CLI decides: `flag` (`--color always|never`;
    /// `undefined` for auto), then `NO_COLOR`, `FORCE_COLOR`, `TERM=dumb` from `env`, then
    /// whether standard output is a terminal.
    #[wasm_bindgen(js_name = colorOf)]
    pub fn color_of(
        flag: Option<bool>,
        is_terminal: bool,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string | undefined>")] env: JsValue,
    ) -> bool {
        guard();
        crate::cli::color(flag, is_terminal, |k| {
            Reflect::get(&env, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
        })
    }

    /// The language of the output, as the CLI decides it: `flag` (`--lang`, `"en"` or
    /// `"ja"`; `undefined` when not given), then `LC_ALL`, `LC_MESSAGES`, `LANG` from `env`.
    /// `"en"` or `"ja"`, for `RenderOptions.lang`.
    #[wasm_bindgen(js_name = langOf)]
    pub fn lang_of(
        flag: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string | undefined>")] env: JsValue,
    ) -> String {
        guard();
        let lang = crate::cli::lang(flag.as_deref().and_then(crate::i18n::Lang::parse), |k| {
            Reflect::get(&env, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
        });
        match lang {
            crate::i18n::Lang::En => "en".to_owned(),
            crate::i18n::Lang::Ja => "ja".to_owned(),
        }
    }

    /// The width text output wraps to, as the CLI decides it: none unless standard output
    /// is a terminal; then `COLUMNS` from `env` when it is a number, else `columns` (Node's
    /// `process.stdout.columns`).
    #[wasm_bindgen(js_name = widthOf)]
    pub fn width_of(
        is_terminal: bool,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string | undefined>")] env: JsValue,
        columns: Option<u32>,
    ) -> Option<u32> {
        guard();
        let env_columns = Reflect::get(&env, &JsValue::from_str("COLUMNS"))
            .ok()
            .and_then(|v| v.as_string());
        crate::cli::width(is_terminal, env_columns, columns.map(|c| c as usize))
            .map(|w| u32::try_from(w).unwrap_or(u32::MAX))
    }

    /// The Markdown a GitHub workflow step appends to `$GITHUB_STEP_SUMMARY`, in `lang`
    /// (`"en"`, the default, or `"ja"`, as `langOf` gives it).
    #[wasm_bindgen(js_name = githubStepSummary)]
    pub fn github_step_summary(
        #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
        lang: Option<String>,
    ) -> Result<String, JsValue> {
        guard();
        let report = report_from_js(&report).map_err(to_js_error)?;
        Ok(crate::report::github::github_step_summary_in(
            &report,
            lang_arg(lang),
        ))
    }

    /// An error as the CLI prints it on standard error: `error[CODE]: NAME: message (where)`,
    /// then the help on its own line. Takes an error `evaluate` or `render` threw (or an
    /// `ErrorData`); anything else is shown with the code `usage`.
    #[wasm_bindgen(js_name = formatError)]
    pub fn format_error(
        #[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue,
        #[wasm_bindgen(js_name = inputName)] input_name: Option<String>,
    ) -> String {
        guard();
        let mut e = error_from_js(&error);
        if let Some(name) = input_name.filter(|n| n != "-") {
            e.message = format!("{name}: {}", e.message);
        }
        e.to_string()
    }

    /// An object of file name to text; anything else is a usage error.
    fn files_from_js(value: &JsValue) -> Result<std::collections::BTreeMap<String, String>, Error> {
        let usage = |msg: &str| {
            Error::new(
                ErrorCode::Usage,
                format!("the files must be an object of file name to text: {msg}"),
            )
        };
        let text = object_json(value).map_err(|msg| usage(&msg))?;
        serde_json::from_str(&text).map_err(|e| usage(&strip_position(&e)))
    }

    /// The report as a JS object: its JSON (compact; the same fields in the same order as
    /// the CLI's) parsed by the engine. Measured on a 20,000-instance plan (55 MB), building
    /// the objects through `serde-wasm-bindgen` instead was 5-9% faster for the whole call
    /// (411 against 450 ms), but needs a second serializer of the report in the module, which
    /// is over its size budget, and can drift from the CLI's JSON (`None`, large integers).
    fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
        // About 750 bytes a finding, compact: one allocation instead of a doubling series.
        let mut json = Vec::with_capacity(1024 + report.findings.len() * 768);
        serde_json::to_writer(&mut json, report).map_err(|e| write_failed("report", &e))?;
        JSON::parse(std::str::from_utf8(&json).unwrap_or_default())
    }

    /// A value as a JS object, through its JSON.
    fn to_js_json<T: serde::Serialize + ?Sized>(value: &T, what: &str) -> Result<JsValue, JsValue> {
        let json = serde_json::to_string(value).map_err(|e| write_failed(what, &e))?;
        JSON::parse(&json)
    }

    /// One function for every "cannot write" error, so that each caller adds only a call.
    #[inline(never)]
    fn write_failed(what: &str, e: &dyn std::fmt::Display) -> JsValue {
        to_js_error(Error::new(
            ErrorCode::InvalidDocument,
            format!("cannot write the {what}: {e}"),
        ))
    }

    fn parse_format(name: &str) -> Result<OutputFormat, Error> {
        OutputFormat::parse(name).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOptions,
                format!(
                    "unknown format `{name}`; expected one of `{}`",
                    OutputFormat::NAMES.join("`, `")
                ),
            )
        })
    }

    /// Text or bytes; anything else is a usage error. (The JS shell refuses an input over the
    /// limit before it gets here, by `checkInputSize`; the core checks again.)
    fn input_bytes(input: &JsValue) -> Result<Vec<u8>, Error> {
        if let Some(text) = input.as_string() {
            Ok(text.into_bytes())
        } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
            Ok(bytes.to_vec())
        } else {
            Err(Error::new(
                ErrorCode::Usage,
                "the input must be a string or a `Uint8Array`",
            ))
        }
    }

    /// The named documents of `evaluate`'s array.
    fn documents_from_js(list: &Array) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let mut out = Vec::new();
        for (n, item) in list.iter().enumerate() {
            let bad = |what: &str| {
                Error::new(ErrorCode::Usage, format!("document {} {what}", n + 1))
                    .with_help("each document is text, a `Uint8Array`, or `{ name, content }`")
            };
            if item.as_string().is_some() || item.is_instance_of::<Uint8Array>() {
                out.push((format!("document {}", n + 1), input_bytes(&item)?));
                continue;
            }
            if !item.is_object() {
                return Err(bad("is not text, bytes or an object"));
            }
            let name = Reflect::get(&item, &"name".into())
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(|| bad("has no `name` (text)"))?;
            let content = Reflect::get(&item, &"content".into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
                .ok_or_else(|| bad("has no `content`"))?;
            let bytes = if content.as_string().is_some() || content.is_instance_of::<Uint8Array>() {
                input_bytes(&content)?
            } else {
                JSON::stringify(&content)
                    .ok()
                    .and_then(|s| s.as_string())
                    .ok_or_else(|| bad("has a `content` that cannot be written as JSON"))?
                    .into_bytes()
            };
            out.push((name, bytes));
        }
        Ok(out)
    }

    /// The options, with `today` from the engine's clock when the caller leaves it out: the
    /// native CLI takes it from the system clock, which `wasm32-unknown-unknown` lacks, and
    /// suppressions with an expiry need it.
    fn options_from_js(value: &JsValue) -> Result<Options, Error> {
        let mut options = options_without_today(value)?;
        if options.today.is_none() {
            // UTC, as the native clock counts days.
            let iso = String::from(js_sys::Date::new_0().to_iso_string());
            options.today = iso.get(..10).map(str::to_owned);
        }
        Ok(options)
    }

    /// The options as given.
    fn options_without_today(value: &JsValue) -> Result<Options, Error> {
        Ok(if value.is_undefined() || value.is_null() {
            Options::default()
        } else {
            let text = object_json(value).map_err(|msg| invalid_options("options", &msg))?;
            // `Options::from_json` words it as every shell does; a line and column in JSON
            // text the caller never wrote would mislead, so the location is left out.
            Options::from_json(&text).map_err(|mut e| {
                e.location = None;
                e
            })?
        })
    }

    fn render_options_from_js(value: &JsValue) -> Result<super::RenderOptions, Error> {
        if value.is_undefined() || value.is_null() {
            return Ok(super::RenderOptions::default());
        }
        let text = object_json(value).map_err(|msg| invalid_options("render options", &msg))?;
        serde_json::from_str(&text)
            .map_err(|e| invalid_options("render options", &strip_position(&e)))
    }

    fn report_from_js(value: &JsValue) -> Result<Report, Error> {
        from_js(value, "a report from `evaluate`")
    }

    /// A value the module handed out earlier (`what` names it: "a report from `evaluate`"),
    /// given back by the caller; anything else is a `usage` error saying what it is not.
    fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, Error> {
        let invalid = |msg: String| Error::new(ErrorCode::Usage, format!("not {what}: {msg}"));
        let text = object_json(value).map_err(invalid)?;
        serde_json::from_str(&text).map_err(|e| invalid(strip_position(&e)))
    }

    /// A `lang` argument: `ja` or `en`; English when absent or neither (as before the
    /// argument existed).
    fn lang_arg(lang: Option<String>) -> crate::i18n::Lang {
        lang.as_deref()
            .and_then(crate::i18n::Lang::parse)
            .unwrap_or_default()
    }

    fn invalid_options(what: &str, msg: &str) -> Error {
        Error::new(ErrorCode::InvalidOptions, format!("invalid {what}: {msg}"))
    }

    /// The JSON text of a plain object.
    fn object_json(value: &JsValue) -> Result<String, String> {
        if !value.is_object() || Array::is_array(value) {
            return Err("expected an object".to_owned());
        }
        JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| "it cannot be written as JSON".to_owned())
    }

    /// serde's message without its " at line L column C" tail.
    fn strip_position(e: &serde_json::Error) -> String {
        crate::error::serde_message(e)
    }

    /// A JS `Error` whose `message` is the CLI's message, with the rest of the error's data
    /// (`code`, `location`, `help`; see `ErrorData`) as properties.
    fn to_js_error(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.message);
        err.set_name("Imdsv2PolicyError");
        let data = serde_json::to_string(&e)
            .ok()
            .and_then(|json| JSON::parse(&json).ok());
        for key in ["code", "location", "help"] {
            let value = data
                .as_ref()
                .and_then(|d| Reflect::get(d, &JsValue::from_str(key)).ok())
                .filter(|v| !v.is_undefined());
            if let Some(value) = value {
                let _ = Reflect::set(&err, &JsValue::from_str(key), &value);
            }
        }
        err.into()
    }

    /// The error data back from a thrown error (or an `ErrorData`); anything else, such as an
    /// error of the host, becomes a `usage` error with its message.
    fn error_from_js(value: &JsValue) -> Error {
        let get = |key: &str| {
            Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined())
        };
        let message = get("message")
            .and_then(|v| v.as_string())
            .or_else(|| value.as_string())
            .unwrap_or_else(|| format!("{value:?}"));
        let data = Object::new();
        for key in ["code", "location", "help"] {
            if let Some(v) = get(key) {
                let _ = Reflect::set(&data, &JsValue::from_str(key), &v);
            }
        }
        let _ = Reflect::set(&data, &"message".into(), &JsValue::from_str(&message));
        JSON::stringify(&data)
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_else(|| Error::new(ErrorCode::Usage, message))
    }
}
