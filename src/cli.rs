//! The command line, parsed once: what `imdsv2-policy` (native and WASI) is asked to do. The
//! binary only runs the parsed [`Command`]; usage text per subcommand lives here too.
//!
//! Conventions, as the command-line tools people know do them: `--flag value` and
//! `--flag=value`; `-h`/`--help` on every subcommand; `--format F[=FILE]` repeatable (or
//! `--format json,sarif`), `-o FILE` for the first format without a file; `--quiet`;
//! `--soft-fail`; colour from `--color`, then `NO_COLOR`, `FORCE_COLOR` and `TERM=dumb`
//! (clig.dev); options also from `.imdsv2-policy.toml` or `.json`, found upward from the working
//! directory, which flags override.

use crate::error::{Error, ErrorCode};
use crate::options::{EndpointDisabled, Options};
use crate::report::OutputFormat;
use crate::report::model::InputKind;
use serde::{Deserialize, Serialize};

pub const USAGE: &str = "\
imdsv2-policy: AWS Security Hub IMDSv2 findings (EC2.8, EC2.170, AutoScaling.3, AutoScaling.4) with fixes

usage:
  imdsv2-policy check PATH... [options]  judge Terraform plans, state, source or AWS JSON
  imdsv2-policy fix PATH... [options]    fix `.tf` sources (a unified diff, or `--write`)
  imdsv2-policy schema [report|options|request]
                                         print the JSON Schema of the report, the options, or
                                         the request (documents and options) every host takes
  imdsv2-policy controls                 print the controls as JSON
  imdsv2-policy --version

`imdsv2-policy COMMAND --help` describes each command.

exit codes: 0 nothing fails, 1 something fails (`fix`: a step is left to do by hand, or
            `--check` found a change), 2 bad input or usage
";

pub const CHECK_USAGE: &str = "\
usage: imdsv2-policy check PATH... [options]

  PATH is a Terraform plan or state JSON (`terraform show -json`), a state file, AWS CLI JSON
  (describe-instances, describe-launch-template-versions, describe-launch-templates,
  describe-launch-configurations, describe-auto-scaling-groups, get-instance-metadata-defaults,
  describe-images), `-` for standard input, a directory of such `.json` files, or Terraform
  source: `.tf`/`.tf.json` files or directories with the modules they call. Several JSON
  documents are one evaluation; live documents of one account are joined.

options:
  -f, --format FORMAT[=FILE]  text (default), json, sarif, github, junit, csv, markdown or
                              asff; repeat it (or give `json,sarif`) for several outputs of
                              one run, each to FILE or standard output
  -o, --output FILE           write the one format that names no file to FILE
  -q, --quiet                 text: only what fails or is unknown, and the verdict
  -v, --verbose               text: a row for every finding (by default the instances one fix
                              covers, `count` / `for_each` / module instances, are one row)
      --soft-fail             exit 0 even when something fails (reports still written)
      --fail-on-unknown       exit 1 when a finding is unknown, too
      --control ID[,ID...]    judge only these controls (default: all; see `controls`)
      --endpoint-disabled fail|pass
                              how http_endpoint = \"disabled\" counts (default: fail, as AWS
                              words EC2.8)
      --input-kind KIND       terraform-plan, terraform-state, terraform-state-file,
                              ec2-describe-instances, aws-live or terraform-source (an error
                              when the input is another)
      --ignore-file FILE      suppressions, one a line: TARGET [CONTROL] [expires:YYYY-MM-DD]
                              reason: TEXT (TARGET is an address, an instance id, or a glob)
      --color auto|always|never
                              colour in text output (default: auto: a terminal, unless
                              NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it)
      --source DIR            the Terraform source of a plan or state: its findings point at
                              the `.tf` line of their block (SARIF, annotations); repeatable
      --config FILE           options from this file (JSON, or TOML if it ends in `.toml`)
                              instead of the nearest `.imdsv2-policy.toml` or
                              `.imdsv2-policy.json` upward (`--config none`: no file)
      --max-input-bytes N     refuse an input larger than N bytes before reading it (it can
                              only lower the WebAssembly builds' limit of 1 GiB)
      --aws-account-id ID     asff: the account the findings are imported into (and of
                              findings whose input names none: plans, state, source)
      --aws-region REGION     asff: the region the findings are imported into (likewise)
      --asff-product-arn ARN  asff: the product ARN (default: the account's own custom
                              integration, `arn:aws:securityhub:R:A:product/A/default`)
      --lang en|ja            the language of messages, fixes' explanations and the words
                              of every format (default: the config file's `lang`, then the
                              locale, see below; codes, ids, addresses, HCL and JSON keys
                              stay as they are)

environment:
  GITHUB_STEP_SUMMARY         a Markdown summary is appended to the file it names (unless
                              `--format markdown=$GITHUB_STEP_SUMMARY` appends that instead)
  SOURCE_DATE_EPOCH           asff: the findings' time, in seconds since 1970 (default: now)
  NO_COLOR, FORCE_COLOR, TERM colour, as above
  LC_ALL, LC_MESSAGES, LANG   without `--lang` or `lang` in the config file, the first of
                              these that is set: `ja...`
                              (`ja_JP.UTF-8`) selects Japanese, anything else English

exit codes: 0 nothing fails, 1 something fails, 2 bad input or usage, or a failure of the
            command itself (an input over the limit, a WebAssembly trap)
";

pub const FIX_USAGE: &str = "\
usage: imdsv2-policy fix PATH... [options]

  Fixes `.tf` and `.tf.json` sources: prints a unified diff on standard output and the steps
  left to do by hand on standard error.

options:
  -w, --write                 apply the fix (atomic; mode, owner and line endings kept)
      --check                 change nothing; exit 1 when the fix would change a file
                              (for pre-commit and CI)
  -f, --format text|json      the diff (default), or the result as JSON
      --ignore-file FILE      suppressions (see `check --help`)
      --endpoint-disabled fail|pass
      --config FILE           as for `check`
      --lang en|ja            the language of the steps left to do by hand (default: the
                              config file's `lang`, then the locale, as for `check`)

exit codes: 0 nothing left to do, 1 a step is left to do by hand (or `--check` found a
            change), 2 bad input or usage
";

/// One output of `check`: a format, to a file or standard output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Output {
    pub format: OutputFormat,
    pub file: Option<String>,
}

/// Which options the flags set, so that a config file fills in only the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Given {
    pub endpoint_disabled: bool,
    pub input_kind: bool,
    pub controls: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub paths: Vec<String>,
    pub outputs: Vec<Output>,
    pub options: Options,
    pub given: Given,
    pub ignore_files: Vec<String>,
    pub color: Option<bool>,
    pub quiet: bool,
    pub verbose: bool,
    pub soft_fail: bool,
    pub config: Config,
    /// `--source DIR`: Terraform source whose blocks plan and state findings point at.
    pub sources: Vec<String>,
    /// `--aws-account-id`, `--aws-region`: where ASFF findings are imported.
    pub aws_account_id: Option<String>,
    pub aws_region: Option<String>,
    /// `--asff-product-arn`: a partner product's ARN instead of the custom integration's.
    pub asff_product_arn: Option<String>,
    /// `--lang ja|en`; absent, the shell asks the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`:
    /// [`crate::i18n::Lang::from_locale`]).
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub paths: Vec<String>,
    pub write: bool,
    pub check: bool,
    pub json: bool,
    pub options: Options,
    pub given: Given,
    pub ignore_files: Vec<String>,
    pub config: Config,
}

/// The config files looked for in each directory upward from the working directory. One
/// directory holding both is an error: which one wins would be a guess.
pub const CONFIG_FILES: [&str; 2] = [".imdsv2-policy.toml", ".imdsv2-policy.json"];

/// The config file of the first directory (nearest first) that holds one; `is_file` asks
/// the shell's file system.
pub fn nearest_config<P: AsRef<std::path::Path>>(
    dirs: impl IntoIterator<Item = P>,
    is_file: impl Fn(&std::path::Path) -> bool,
) -> Result<Option<std::path::PathBuf>, Error> {
    for dir in dirs {
        let found: Vec<_> = CONFIG_FILES
            .iter()
            .map(|n| dir.as_ref().join(n))
            .filter(|p| is_file(p))
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(Some(one.clone())),
            [toml, json, ..] => {
                return Err(usage(format!(
                    "two config files in one directory: `{}` and `{}`",
                    toml.display(),
                    json.display()
                ))
                .with_help("keep one of them, or name one with `--config FILE`"));
            }
        }
    }
    Ok(None)
}

/// Where options come from besides the flags.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Config {
    /// The nearest config file ([`CONFIG_FILES`]) upward from the working directory, if any.
    #[default]
    Nearest,
    File(String),
    None,
}

/// A parsed command line. As JSON (what the Node command gets from the core's `parseArgs`):
/// `{"command": "check", "args": {...}}`, `{"command": "help", "args": "usage text"}`,
/// `{"command": "version"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "command", content = "args")]
pub enum Command {
    Check(Box<Check>),
    Fix(Box<Fix>),
    Schema(String),
    Controls,
    Version,
    /// Help text to print on standard output (exit 0).
    Help(&'static str),
}

fn usage(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::Usage, msg)
}

/// The usage text of the subcommand an error belongs to.
pub fn usage_of(args: &[String]) -> &'static str {
    match args.first().map(String::as_str) {
        Some("check") => CHECK_USAGE,
        Some("fix") => FIX_USAGE,
        _ => USAGE,
    }
}

/// Arguments as `(flag, inline value)`: `--format=json` is `("--format", Some("json"))`.
struct Args<'a> {
    args: &'a [String],
    i: usize,
}

impl<'a> Args<'a> {
    fn next(&mut self) -> Option<(&'a str, Option<&'a str>)> {
        let a = self.args.get(self.i)?.as_str();
        self.i += 1;
        Some(match a.split_once('=') {
            Some((flag, v)) if flag.starts_with("--") => (flag, Some(v)),
            _ => (a, None),
        })
    }

    fn value(&mut self, flag: &str, inline: Option<&'a str>) -> Result<&'a str, Error> {
        if let Some(v) = inline {
            return Ok(v);
        }
        let v = self
            .args
            .get(self.i)
            .map(String::as_str)
            .ok_or_else(|| usage(format!("`{flag}` needs a value")))?;
        self.i += 1;
        Ok(v)
    }
}

fn flag_without_value(flag: &str, inline: Option<&str>) -> Result<(), Error> {
    match inline {
        Some(_) => Err(usage(format!("`{flag}` takes no value"))),
        None => Ok(()),
    }
}

pub fn endpoint_disabled(v: &str) -> Result<EndpointDisabled, Error> {
    match v {
        "fail" => Ok(EndpointDisabled::Fail),
        "pass" => Ok(EndpointDisabled::Pass),
        other => Err(usage(format!(
            "unknown `--endpoint-disabled` value `{other}`; expected `fail` or `pass`"
        ))),
    }
}

/// Every input kind `--input-kind` names, in one place.
pub const INPUT_KINDS: &[InputKind] = &[
    InputKind::TerraformPlan,
    InputKind::TerraformState,
    InputKind::TerraformStateFile,
    InputKind::Ec2DescribeInstances,
    InputKind::AwsLive,
    InputKind::TerraformSource,
];

fn input_kind(v: &str) -> Result<InputKind, Error> {
    INPUT_KINDS
        .iter()
        .copied()
        .find(|k| k.as_str() == v)
        .ok_or_else(|| {
            let names: Vec<&str> = INPUT_KINDS.iter().map(|k| k.as_str()).collect();
            usage(format!(
                "unknown input kind `{v}`; expected `{}`",
                names.join("`, `")
            ))
        })
}

fn formats(v: &str, outputs: &mut Vec<Output>) -> Result<(), Error> {
    let (names, file) = match v.split_once('=') {
        Some((n, f)) if !f.is_empty() => (n, Some(f.to_owned())),
        Some((_, _)) => return Err(usage(format!("`--format {v}` names no file after `=`"))),
        None => (v, None),
    };
    let list: Vec<&str> = names.split(',').map(str::trim).collect();
    if file.is_some() && list.len() > 1 {
        return Err(usage(format!(
            "`--format {v}`: one file for several formats; give each its own `--format F=FILE`"
        )));
    }
    for name in list {
        let format = OutputFormat::parse(name).ok_or_else(|| {
            usage(format!(
                "unknown format `{name}`; expected one of `{}`",
                OutputFormat::NAMES.join("`, `")
            ))
        })?;
        outputs.push(Output {
            format,
            file: file.clone(),
        });
    }
    Ok(())
}

pub fn parse(args: &[String]) -> Result<Command, Error> {
    let Some(cmd) = args.first() else {
        return Err(usage("no command given"));
    };
    let rest = args.get(1..).unwrap_or_default();
    match cmd.as_str() {
        "--version" | "-V" => Ok(Command::Version),
        "--help" | "-h" | "help" => Ok(Command::Help(match rest.first().map(String::as_str) {
            Some("check") => CHECK_USAGE,
            Some("fix") => FIX_USAGE,
            _ => USAGE,
        })),
        "schema" => match rest.first().map(String::as_str) {
            Some("-h" | "--help") => Ok(Command::Help(USAGE)),
            None | Some("report") => Ok(Command::Schema("report".to_owned())),
            Some(which @ ("options" | "request")) => Ok(Command::Schema(which.to_owned())),
            Some(other) => Err(usage(format!(
                "unknown schema `{other}`; expected `report`, `options` or `request`"
            ))),
        },
        "controls" => match rest.first().map(String::as_str) {
            Some("-h" | "--help") => Ok(Command::Help(USAGE)),
            None => Ok(Command::Controls),
            Some(other) => Err(usage(format!("`controls` takes no argument (`{other}`)"))),
        },
        "check" => check(rest),
        "fix" => fix(rest),
        other => Err(usage(format!(
            "unknown command `{other}`; expected `check`, `fix`, `schema` or `controls`"
        ))),
    }
}

fn check(args: &[String]) -> Result<Command, Error> {
    let mut c = Check {
        paths: Vec::new(),
        outputs: Vec::new(),
        options: Options::default(),
        given: Given::default(),
        ignore_files: Vec::new(),
        color: None,
        quiet: false,
        verbose: false,
        soft_fail: false,
        config: Config::Nearest,
        sources: Vec::new(),
        aws_account_id: None,
        aws_region: None,
        asff_product_arn: None,
        lang: None,
    };
    let mut output: Option<String> = None;
    let mut a = Args { args, i: 0 };
    while let Some((flag, inline)) = a.next() {
        match flag {
            "-h" | "--help" => return Ok(Command::Help(CHECK_USAGE)),
            "--ignore-file" => c.ignore_files.push(a.value(flag, inline)?.to_owned()),
            "--format" | "-f" => formats(a.value(flag, inline)?, &mut c.outputs)?,
            "--output" | "-o" => {
                if output.is_some() {
                    return Err(usage(
                        "`--output` given twice; use `--format F=FILE` for each",
                    ));
                }
                output = Some(a.value(flag, inline)?.to_owned());
            }
            "--quiet" | "-q" => {
                flag_without_value(flag, inline)?;
                c.quiet = true;
            }
            "--soft-fail" => {
                flag_without_value(flag, inline)?;
                c.soft_fail = true;
            }
            "--verbose" | "-v" => {
                flag_without_value(flag, inline)?;
                c.verbose = true;
            }
            "--fail-on-unknown" => {
                flag_without_value(flag, inline)?;
                c.options.fail_on_unknown = true;
            }
            "--control" => {
                let ids = a
                    .value(flag, inline)?
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty());
                c.options.controls.get_or_insert_with(Vec::new).extend(ids);
                c.given.controls = true;
            }
            "--endpoint-disabled" => {
                c.options.endpoint_disabled = endpoint_disabled(a.value(flag, inline)?)?;
                c.given.endpoint_disabled = true;
            }
            "--input-kind" => {
                c.options.input_kind = Some(input_kind(a.value(flag, inline)?)?);
                c.given.input_kind = true;
            }
            "--color" => {
                c.color = match a.value(flag, inline)? {
                    "auto" => None,
                    "always" => Some(true),
                    "never" => Some(false),
                    other => {
                        return Err(usage(format!(
                            "unknown `--color` value `{other}`; expected `auto`, `always` or `never`"
                        )));
                    }
                }
            }
            "--lang" => c.lang = Some(lang_flag(a.value(flag, inline)?)?),
            "--config" => c.config = config(a.value(flag, inline)?),
            "--source" => c.sources.push(a.value(flag, inline)?.to_owned()),
            "--max-input-bytes" => {
                c.options.max_input_bytes = Some(max_input_bytes(a.value(flag, inline)?)?);
            }
            "--aws-account-id" => c.aws_account_id = Some(a.value(flag, inline)?.to_owned()),
            "--aws-region" => c.aws_region = Some(a.value(flag, inline)?.to_owned()),
            "--asff-product-arn" => c.asff_product_arn = Some(a.value(flag, inline)?.to_owned()),
            "-" => c.paths.push("-".to_owned()),
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            s => c.paths.push(s.to_owned()),
        }
    }
    if c.paths.is_empty() {
        return Err(usage(
            "`check` needs a file, a directory, or `-` for standard input",
        ));
    }
    if c.outputs.is_empty() {
        c.outputs.push(Output {
            format: OutputFormat::Text,
            file: None,
        });
    }
    if let Some(file) = output {
        let mut open = c.outputs.iter_mut().filter(|o| o.file.is_none());
        match (open.next(), open.next()) {
            (Some(o), None) => o.file = Some(file),
            (None, _) => {
                return Err(usage(
                    "`--output` has no format to take: every `--format` names its file",
                ));
            }
            (Some(_), Some(_)) => {
                return Err(usage(
                    "`--output` with several formats that name no file: give each its file (`--format sarif=out.sarif`)",
                ));
            }
        }
    }
    let to_stdout = c.outputs.iter().filter(|o| o.file.is_none()).count();
    if to_stdout > 1 {
        return Err(usage(
            "several formats to standard output; give all but one a file (`--format sarif=out.sarif`)",
        ));
    }
    Ok(Command::Check(Box::new(c)))
}

/// The value of `--max-input-bytes`: a whole number of bytes.
fn max_input_bytes(v: &str) -> Result<u64, Error> {
    v.parse().map_err(|_| {
        usage(format!(
            "invalid `--max-input-bytes` value `{v}`; expected a whole number of bytes"
        ))
    })
}

fn config(v: &str) -> Config {
    if v == "none" {
        Config::None
    } else {
        Config::File(v.to_owned())
    }
}

fn lang_flag(name: &str) -> Result<crate::i18n::Lang, Error> {
    crate::i18n::Lang::parse(name).ok_or_else(|| {
        usage(format!(
            "unknown `--lang` value `{name}`; expected `en` or `ja`"
        ))
    })
}

fn fix(args: &[String]) -> Result<Command, Error> {
    let mut f = Fix {
        paths: Vec::new(),
        write: false,
        check: false,
        json: false,
        options: Options::default(),
        given: Given::default(),
        ignore_files: Vec::new(),
        config: Config::Nearest,
    };
    let mut a = Args { args, i: 0 };
    while let Some((flag, inline)) = a.next() {
        match flag {
            "-h" | "--help" => return Ok(Command::Help(FIX_USAGE)),
            "--write" | "-w" => {
                flag_without_value(flag, inline)?;
                f.write = true;
            }
            "--check" => {
                flag_without_value(flag, inline)?;
                f.check = true;
            }
            "--ignore-file" => f.ignore_files.push(a.value(flag, inline)?.to_owned()),
            "--format" | "-f" => {
                f.json = match a.value(flag, inline)? {
                    "text" => false,
                    "json" => true,
                    other => {
                        return Err(usage(format!(
                            "unknown `fix` format `{other}`; expected `text` (a unified diff) or `json`"
                        )));
                    }
                }
            }
            "--endpoint-disabled" => {
                f.options.endpoint_disabled = endpoint_disabled(a.value(flag, inline)?)?;
                f.given.endpoint_disabled = true;
            }
            "--config" => f.config = config(a.value(flag, inline)?),
            "--lang" => f.options.lang = Some(lang_flag(a.value(flag, inline)?)?),
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            s => f.paths.push(s.to_owned()),
        }
    }
    if f.write && f.check {
        return Err(usage("`--write` and `--check` exclude each other"));
    }
    if f.paths.is_empty() {
        return Err(usage("`fix` needs `.tf` files or a directory"));
    }
    Ok(Command::Fix(Box::new(f)))
}

/// The language of the output: `--lang` first, then the locale (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`, the first that is set), as git and the GNU tools read it. Only the shells call it:
/// the core never reads the environment.
pub fn lang(
    flag: Option<crate::i18n::Lang>,
    env: impl Fn(&str) -> Option<String>,
) -> crate::i18n::Lang {
    flag.unwrap_or_else(|| {
        crate::i18n::Lang::from_locale(
            env("LC_ALL").as_deref(),
            env("LC_MESSAGES").as_deref(),
            env("LANG").as_deref(),
        )
    })
}

/// Whether text output is coloured: `--color` first, then `NO_COLOR` (any value but empty:
/// off), `FORCE_COLOR` (any value but empty or `0`: on), `TERM=dumb` (off), then whether
/// standard output is a terminal.
pub fn color(flag: Option<bool>, is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    if let Some(c) = flag {
        return c;
    }
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("FORCE_COLOR").is_some_and(|v| v != "0") {
        return true;
    }
    if env("TERM").as_deref() == Some("dumb") {
        return false;
    }
    is_terminal
}

/// The width text output wraps to: none unless standard output is a terminal (files, pipes
/// and CI logs keep one row a line); then `COLUMNS` when it is a number, else the terminal's
/// own width.
pub fn width(is_terminal: bool, columns: Option<String>, terminal: Option<usize>) -> Option<usize> {
    if !is_terminal {
        return None;
    }
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
        .or(terminal)
}

/// The time ASFF findings carry: `SOURCE_DATE_EPOCH` (reproducible builds) when set, else
/// the clock, to the second.
pub fn timestamp(
    source_date_epoch: Option<&str>,
    now: std::time::SystemTime,
) -> Result<String, Error> {
    let secs = match source_date_epoch.filter(|s| !s.is_empty()) {
        Some(s) => s.trim().parse::<u64>().map_err(|_| {
            Error::new(
                crate::error::ErrorCode::InvalidOptions,
                format!("`SOURCE_DATE_EPOCH` is `{s}`, not a whole number of seconds since 1970"),
            )
            .with_help("unset it for the current time, or give seconds (`1796117400`)")
        })?,
        None => now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    Ok(crate::report::asff::timestamp_of_unix(secs))
}

/// Options from a config file (the options object as every host takes it: JSON, or TOML
/// when `name` ends in `.toml`), under the flags: a flag given on the command line wins.
pub fn merge_config(
    flags: &mut Options,
    given: Given,
    text: &str,
    name: &str,
) -> Result<(), Error> {
    let file = if name.ends_with(".toml") {
        Options::from_toml(text)
    } else {
        Options::from_json(text)
    }
    .map_err(|e| e.in_document(name))?;
    if !given.endpoint_disabled {
        flags.endpoint_disabled = file.endpoint_disabled;
    }
    flags.fail_on_unknown |= file.fail_on_unknown;
    if !given.input_kind {
        flags.input_kind = file.input_kind;
    }
    if !given.controls {
        flags.controls = file.controls;
    }
    let mut ignore = file.ignore;
    ignore.append(&mut flags.ignore);
    flags.ignore = ignore;
    if flags.today.is_none() {
        flags.today = file.today;
    }
    if flags.max_input_bytes.is_none() {
        flags.max_input_bytes = file.max_input_bytes;
    }
    if flags.lang.is_none() {
        flags.lang = file.lang;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests")]
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    fn check_of(s: &str) -> Check {
        match parse(&args(s)).unwrap() {
            Command::Check(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn flag_forms() {
        let a = check_of("check plan.json --format=json --control=EC2.8,EC2.170 -q");
        let b = check_of("check plan.json --format json --control EC2.8,EC2.170 --quiet");
        assert_eq!(a, b);
        assert_eq!(
            a.outputs,
            vec![Output {
                format: OutputFormat::Json,
                file: None
            }]
        );
        assert!(a.quiet);
    }

    #[test]
    fn several_outputs() {
        assert!(parse(&args("check p.json --format json,sarif=x.sarif")).is_err());
        let c = check_of("check p.json --format sarif=out.sarif --format text -o report.txt");
        assert!(parse(&args("check p.json --format json --format text -o x")).is_err());
        assert_eq!(
            c.outputs,
            vec![
                Output {
                    format: OutputFormat::Sarif,
                    file: Some("out.sarif".to_owned())
                },
                Output {
                    format: OutputFormat::Text,
                    file: Some("report.txt".to_owned())
                },
            ]
        );
        let e = parse(&args("check p.json --format json,sarif")).unwrap_err();
        assert!(
            e.message.contains("several formats to standard output"),
            "{e}"
        );
    }

    #[test]
    fn help_everywhere() {
        assert_eq!(
            parse(&args("check --help")).unwrap(),
            Command::Help(CHECK_USAGE)
        );
        assert_eq!(
            parse(&args("check -h")).unwrap(),
            Command::Help(CHECK_USAGE)
        );
        assert_eq!(
            parse(&args("fix --help")).unwrap(),
            Command::Help(FIX_USAGE)
        );
        assert_eq!(
            parse(&args("controls --help")).unwrap(),
            Command::Help(USAGE)
        );
        assert_eq!(parse(&args("help fix")).unwrap(), Command::Help(FIX_USAGE));
    }

    #[test]
    fn colour_rules() {
        let none = |_: &str| None;
        assert!(!color(None, false, none));
        assert!(color(None, true, none));
        assert!(!color(None, true, |k| (k == "NO_COLOR").then(|| "1".to_owned())));
        assert!(!color(None, true, |k| (k == "TERM").then(|| "dumb".to_owned())));
        assert!(color(None, false, |k| (k == "FORCE_COLOR")
            .then(|| "1".to_owned())));
        assert!(!color(None, false, |k| (k == "FORCE_COLOR")
            .then(|| "0".to_owned())));
        assert!(color(Some(true), false, |_| Some("1".to_owned())));
    }

    #[test]
    fn fix_check_and_write_exclude() {
        assert!(parse(&args("fix a.tf --check --write")).is_err());
        match parse(&args("fix a.tf --check")).unwrap() {
            Command::Fix(f) => assert!(f.check),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_input_kind_parses() {
        for k in INPUT_KINDS {
            assert_eq!(input_kind(k.as_str()).unwrap(), *k);
        }
    }
}
