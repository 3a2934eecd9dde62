//! The native (and WASI) command line: argument handling around `imdsv2_policy::evaluate`.
//!
//! Exit codes: 0 nothing fails, 1 something fails (or is unknown with `--fail-on-unknown`),
//! 2 bad input or usage, or a failure of the command itself (an input over the limit, a trap).

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use imdsv2_policy::report::{OutputFormat, RenderOptions};
use imdsv2_policy::{
    EndpointDisabled, Error, ErrorCode, InputKind, Options, report::model::Verdict,
};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
imdsv2-policy: AWS Security Hub IMDSv2 findings (EC2.8, EC2.170, AutoScaling.3, AutoScaling.4) with fixes

usage:
  imdsv2-policy check FILE|- [options]   judge a Terraform plan/state or DescribeInstances JSON
  imdsv2-policy check PATH... [options]  judge Terraform source: `.tf` files or directories
  imdsv2-policy fix PATH... [--write]    print the fix of `.tf` sources as a unified diff;
                                         `--write` applies it (options: --ignore-file,
                                         --endpoint-disabled, --format text|json)
  imdsv2-policy schema [report|options]  print the JSON Schema of the report or the options
  imdsv2-policy controls                 print the controls as JSON
  imdsv2-policy --version

options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0, for code scanning)
                             or github (GitHub Actions annotations)
  --fail-on-unknown          exit 1 when a finding is unknown, too
  --control ID[,ID...]       judge only these controls (default: all; see `controls`)
  --endpoint-disabled fail|pass
                             how http_endpoint = \"disabled\" counts (default: fail, as AWS words EC2.8)
  --input-kind terraform-plan|terraform-state|terraform-state-file|ec2-describe-instances|terraform-source
                             read the input as this kind (an error when it is another)
  --ignore-file FILE         suppressions, one a line: TARGET [CONTROL] [expires:YYYY-MM-DD]
                             reason: TEXT (TARGET is an address or an instance id)
  --color auto|always|never  colour in text output (default: auto, only on a terminal)
  --max-input-bytes N        refuse an input larger than N bytes before reading it (it can
                             only lower the WebAssembly builds' limit of 1 GiB)

environment:
  GITHUB_STEP_SUMMARY        when set, a Markdown summary of the findings is appended to the
                             file it names, whatever the format (as in GitHub Actions)

exit codes: 0 nothing fails, 1 something fails (`fix`: a step is left to do by hand),
            2 bad input or usage, or a failure of the command itself (an input over the
            limit, a WebAssembly trap)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            if e.code == ErrorCode::Usage {
                let _ = writeln!(std::io::stderr(), "\n{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}

fn usage(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::Usage, msg)
}

/// The value of `--endpoint-disabled`, for `check` and `fix` alike.
fn endpoint_disabled(v: &str) -> Result<EndpointDisabled, Error> {
    match v {
        "fail" => Ok(EndpointDisabled::Fail),
        "pass" => Ok(EndpointDisabled::Pass),
        other => Err(usage(format!(
            "unknown `--endpoint-disabled` value `{other}`; expected `fail` or `pass`"
        ))),
    }
}

/// The value of `--max-input-bytes`: a whole number of bytes.
fn max_input_bytes(v: &str) -> Result<u64, Error> {
    v.parse().map_err(|_| {
        usage(format!(
            "invalid `--max-input-bytes` value `{v}`; expected a whole number of bytes"
        ))
    })
}

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, Error> {
    *i += 1;
    args.get(*i)
        .map(String::as_str)
        .ok_or_else(|| usage(format!("`{flag}` needs a value")))
}

fn run(args: &[String]) -> Result<u8, Error> {
    let Some(cmd) = args.first() else {
        return Err(usage("no command given"));
    };
    match cmd.as_str() {
        "--version" | "-V" => {
            println!("{} {}", imdsv2_policy::TOOL_NAME, imdsv2_policy::VERSION);
            Ok(0)
        }
        "--help" | "-h" | "help" => {
            print!("{USAGE}");
            Ok(0)
        }
        "schema" => {
            match args.get(1).map(String::as_str) {
                None | Some("report") => print!("{}", imdsv2_policy::report_schema()),
                Some("options") => print!("{}", imdsv2_policy::options_schema()),
                Some(other) => {
                    return Err(usage(format!(
                        "unknown schema `{other}`; expected `report` or `options`"
                    )));
                }
            }
            Ok(0)
        }
        "controls" => {
            let all = imdsv2_policy::policy::all()?;
            println!("{}", serde_json::to_string_pretty(all).unwrap_or_default());
            Ok(0)
        }
        "check" => check(args.get(1..).unwrap_or_default()),
        "fix" => fix(args.get(1..).unwrap_or_default()),
        other => Err(usage(format!(
            "unknown command `{other}`; expected `check`, `fix`, `schema` or `controls`"
        ))),
    }
}

fn check(args: &[String]) -> Result<u8, Error> {
    let mut file: Option<&str> = None;
    let mut format = OutputFormat::Text;
    let mut options = Options::default();
    let mut color: Option<bool> = None;
    let mut more: Vec<&str> = Vec::new();
    let mut ignore_files: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args.get(i).map(String::as_str).unwrap_or_default();
        match arg {
            "--ignore-file" => ignore_files.push(value(args, &mut i, arg)?),
            "--format" | "-f" => {
                let name = value(args, &mut i, arg)?;
                format = OutputFormat::parse(name).ok_or_else(|| {
                    usage(format!(
                        "unknown format `{name}`; expected one of `{}`",
                        OutputFormat::NAMES.join("`, `")
                    ))
                })?;
            }
            "--fail-on-unknown" => options.fail_on_unknown = true,
            "--max-input-bytes" => {
                options.max_input_bytes = Some(max_input_bytes(value(args, &mut i, arg)?)?)
            }
            "--control" => {
                let ids: Vec<String> = value(args, &mut i, arg)?
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                options.controls.get_or_insert_with(Vec::new).extend(ids);
            }
            "--endpoint-disabled" => {
                options.endpoint_disabled = endpoint_disabled(value(args, &mut i, arg)?)?
            }
            "--input-kind" => {
                options.input_kind = Some(match value(args, &mut i, arg)? {
                    "terraform-plan" => InputKind::TerraformPlan,
                    "terraform-state" => InputKind::TerraformState,
                    "terraform-state-file" => InputKind::TerraformStateFile,
                    "ec2-describe-instances" => InputKind::Ec2DescribeInstances,
                    "terraform-source" => InputKind::TerraformSource,
                    other => {
                        return Err(usage(format!(
                            "unknown input kind `{other}`; expected `terraform-plan`, `terraform-state`, `terraform-state-file`, `ec2-describe-instances` or `terraform-source`"
                        )));
                    }
                })
            }
            "--color" => {
                color = match value(args, &mut i, arg)? {
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
            "-" => file = Some("-"),
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            s if file.is_none() => file = Some(s),
            s => more.push(s),
        }
        i += 1;
    }
    let Some(file) = file else {
        return Err(usage("`check` needs a file, or `-` for standard input"));
    };
    options.ignore = read_ignore_files(&ignore_files)?;
    let paths: Vec<&str> = std::iter::once(file).chain(more.iter().copied()).collect();
    let source = file != "-"
        && (options.input_kind == Some(InputKind::TerraformSource)
            || paths.iter().all(|p| is_source_path(p)));
    if !source && !more.is_empty() {
        return Err(usage(format!(
            "unexpected argument `{}`: `check` takes one JSON file, or any number of `.tf` files and directories",
            more.join(" ")
        )));
    }
    let report = if source {
        imdsv2_policy::evaluate_sources(&imdsv2_policy::fix::load_paths(&paths)?, &options)?
    } else {
        check_document(file, &options)?
    };
    let render = RenderOptions {
        color: color.unwrap_or_else(|| {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }),
        input_name: (file != "-").then(|| file.to_owned()),
    };
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    imdsv2_policy::report::render_to(&report, format, &render, &mut stdout)
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::io("cannot write the report", &e))?;
    drop(stdout);
    append_step_summary(&report);
    Ok(match report.summary.verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
    })
}

/// A JSON document (plan, state, DescribeInstances), from a file or standard input.
fn check_document(file: &str, options: &Options) -> Result<imdsv2_policy::Report, Error> {
    let bytes = read_document(file, options)?;
    imdsv2_policy::evaluate_owned(bytes, options).map_err(|e| in_file(e, file))
}

/// Bytes asked of the host in one read. Hosts cap a read: Python wasmtime (50) answers a WASI
/// `fd_read` into a buffer of 128 MiB or more with `ENOMEM`, which `std::fs::read` asks for
/// when the file is that large; smaller reads it serves 64 KiB at a time.
const READ_CHUNK: u64 = 8 << 20;

/// The input's bytes, refused with `input-too-large` before they are read when they are more
/// than the limit: a file by its size, standard input by counting what it sends.
fn read_document(file: &str, options: &Options) -> Result<Vec<u8>, Error> {
    let limit = imdsv2_policy::limits::max_input_bytes(options);
    let (mut source, size, what): (Box<dyn Read>, Option<u64>, String) = if file == "-" {
        (
            Box::new(std::io::stdin().lock()),
            None,
            "cannot read standard input".to_owned(),
        )
    } else {
        let what = format!("cannot read `{file}`");
        let f = std::fs::File::open(file).map_err(|e| Error::io(&what, &e))?;
        let size = f
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len());
        (Box::new(f), size, what)
    };
    if let (Some(size), Some(_)) = (size, limit) {
        imdsv2_policy::limits::check(size, options).map_err(|e| in_file(e, file))?;
    }
    let mut buf = Vec::new();
    if let Some(size) = size {
        buf.try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
            .map_err(|_| Error::io(&what, &std::io::ErrorKind::OutOfMemory.into()))?;
    }
    loop {
        let n = (&mut source)
            .take(READ_CHUNK)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(&what, &e))?;
        if n == 0 {
            return Ok(buf);
        }
        if let Some(limit) = limit.filter(|&l| buf.len() as u64 > l) {
            // Over the limit: the rest is counted, not kept, so the message says its size.
            let read = buf.len() as u64;
            drop(buf);
            let rest = std::io::copy(&mut source, &mut std::io::sink())
                .map_err(|e| Error::io(&what, &e))?;
            let e = imdsv2_policy::limits::too_large(read + rest, limit, options);
            return Err(in_file(e, file));
        }
    }
}

/// A directory, or a file Terraform reads as configuration or variables.
fn is_source_path(path: &str) -> bool {
    std::path::Path::new(path).is_dir()
        || [".tf", ".tf.json", ".tfvars", ".tfvars.json"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

/// Every `--ignore-file`, read into the `ignore` option.
fn read_ignore_files(paths: &[&str]) -> Result<Vec<imdsv2_policy::IgnoreEntry>, Error> {
    let mut entries = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format_args!("cannot read `{path}`"), &e))?;
        entries.extend(imdsv2_policy::suppress::parse_ignore_file(path, &text)?);
    }
    Ok(entries)
}

/// `fix PATH... [--write]`: the diff on standard output, manual steps on standard error.
/// Exit 0 when nothing is left to do by hand, 1 when something is, 2 on bad input.
fn fix(args: &[String]) -> Result<u8, Error> {
    let mut paths: Vec<&str> = Vec::new();
    let mut ignore_files: Vec<&str> = Vec::new();
    let mut options = Options::default();
    let (mut write, mut json) = (false, false);
    let mut i = 0;
    while i < args.len() {
        let arg = args.get(i).map(String::as_str).unwrap_or_default();
        match arg {
            "--write" | "-w" => write = true,
            "--ignore-file" => ignore_files.push(value(args, &mut i, arg)?),
            "--format" | "-f" => {
                json = match value(args, &mut i, arg)? {
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
                options.endpoint_disabled = endpoint_disabled(value(args, &mut i, arg)?)?
            }
            s if s.starts_with('-') => return Err(usage(format!("unknown option `{s}`"))),
            s => paths.push(s),
        }
        i += 1;
    }
    if paths.is_empty() {
        return Err(usage("`fix` needs `.tf` files or a directory"));
    }
    options.ignore = read_ignore_files(&ignore_files)?;
    let files = imdsv2_policy::fix::load_paths(&paths)?;
    let result = imdsv2_policy::fix_sources(&files, &options)?;
    if write {
        let all: Vec<(&str, &str, &str)> = result
            .files
            .iter()
            .map(|f| {
                let original = files.get(&f.file).map(String::as_str).unwrap_or_default();
                (f.file.as_str(), original, f.content.as_str())
            })
            .collect();
        imdsv2_policy::fix::write_all(&all)?;
    }
    let out = if json {
        let mut s = serde_json::to_string_pretty(&result).unwrap_or_default();
        s.push('\n');
        s
    } else {
        result.diff.clone()
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::io("cannot write the diff", &e))?;
    let mut stderr = std::io::stderr().lock();
    if write && !result.files.is_empty() {
        let names: Vec<&str> = result.files.iter().map(|f| f.file.as_str()).collect();
        let _ = writeln!(stderr, "fixed: {}", names.join(", "));
    }
    for m in &result.manual {
        let at = m
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_default();
        let _ = writeln!(stderr, "{at}manual step for `{}`: {}", m.target, m.message);
    }
    Ok(u8::from(!result.manual.is_empty()))
}

/// In GitHub Actions, appends the Markdown summary to the file `GITHUB_STEP_SUMMARY` names
/// (creating it if missing). A summary that cannot be written is worth a warning, not a
/// failed check.
fn append_step_summary(report: &imdsv2_policy::Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    // A leading blank line, so that the heading starts a block after whatever came before.
    let summary = format!(
        "\n{}",
        imdsv2_policy::report::github::github_step_summary(report)
    );
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(summary.as_bytes()));
    if let Err(e) = written {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot append the step summary to `{}`: {e}",
            std::path::Path::new(&path).display()
        );
    }
}

/// Prefixes the file name to an input error, as compilers do (`plan.json: ...`).
fn in_file(mut e: Error, file: &str) -> Error {
    if file != "-" {
        e.message = format!("{file}: {}", e.message);
    }
    e
}
