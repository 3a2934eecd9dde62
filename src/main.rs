//! The native (and WASI) command line: argument handling around `imdsv2_policy::evaluate`.
//!
//! Exit codes: 0 nothing fails, 1 something fails (or is unknown with `--fail-on-unknown`),
//! 2 bad input or usage.

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use imdsv2_policy::report::{OutputFormat, RenderOptions};
use imdsv2_policy::{
    EndpointDisabled, Error, ErrorCode, InputKind, Options, report::model::Verdict,
};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "\
imdsv2-policy: AWS Security Hub IMDSv2 findings (EC2.8, EC2.170, AutoScaling.3, AutoScaling.4) with fixes

usage:
  imdsv2-policy check FILE|- [options]   judge a Terraform plan/state or AWS JSON (DescribeInstances,
                                         launch templates/configurations, groups, defaults, images)
  imdsv2-policy check FILE|DIR... [options]
                                         several JSON documents as one evaluation; a directory's
                                         `.json` files; live documents of one account are joined
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
  --input-kind terraform-plan|terraform-state|terraform-state-file|ec2-describe-instances|aws-live|terraform-source
                             read the input as this kind (an error when it is another)
  --ignore-file FILE         suppressions, one a line: TARGET [CONTROL] [expires:YYYY-MM-DD]
                             reason: TEXT (TARGET is an address or an instance id)
  --color auto|always|never  colour in text output (default: auto, only on a terminal)

environment:
  GITHUB_STEP_SUMMARY        when set, a Markdown summary of the findings is appended to the
                             file it names, whatever the format (as in GitHub Actions)

exit codes: 0 nothing fails, 1 something fails (`fix`: a step is left to do by hand),
            2 bad input or usage
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
                    "aws-live" => InputKind::AwsLive,
                    other => {
                        return Err(usage(format!(
                            "unknown input kind `{other}`; expected `terraform-plan`, `terraform-state`, `terraform-state-file`, `ec2-describe-instances`, `aws-live` or `terraform-source`"
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
    let documents = if source {
        Vec::new()
    } else {
        json_documents(&paths)?
    };
    let report = if source {
        imdsv2_policy::evaluate_sources(&imdsv2_policy::fix::load_paths(&paths)?, &options)?
    } else if documents.len() == 1 && !Path::new(file).is_dir() {
        check_document(file, &options)?
    } else {
        let mut loaded = Vec::new();
        for d in &documents {
            let bytes =
                std::fs::read(d).map_err(|e| Error::io(format_args!("cannot read `{d}`"), &e))?;
            loaded.push((d.as_str(), bytes));
        }
        let refs: Vec<(&str, &[u8])> = loaded.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        imdsv2_policy::evaluate_documents(&refs, &options)?
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
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("cannot read standard input", &e))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| Error::io(format_args!("cannot read `{file}`"), &e))?
    };
    imdsv2_policy::evaluate_owned(bytes, options).map_err(|e| in_file(e, file))
}

/// A directory that holds Terraform configuration, or a file Terraform reads as configuration
/// or variables. A directory of other `.json` files is documents (see [`json_documents`]).
fn is_source_path(path: &str) -> bool {
    const EXTS: [&str; 4] = [".tf", ".tf.json", ".tfvars", ".tfvars.json"];
    let p = Path::new(path);
    if p.is_dir() {
        return std::fs::read_dir(p).map_or(true, |entries| {
            let names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            // No `.json` document beside: an empty folder is read as source (and says so).
            names.iter().any(|n| EXTS.iter().any(|x| n.ends_with(x)))
                || !names.iter().any(|n| n.ends_with(".json"))
        });
    }
    EXTS.iter().any(|ext| path.ends_with(ext))
}

/// The JSON documents of `check`'s arguments: files as given, and each directory's `.json`
/// files in name order. A Terraform source path among them is a usage error.
fn json_documents(paths: &[&str]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for p in paths {
        if *p != "-" && is_source_path(p) {
            return Err(usage(format!(
                "`{p}` is Terraform source, the other arguments are JSON documents: check them in separate runs"
            )));
        }
        if Path::new(p).is_dir() {
            let mut names: Vec<String> = std::fs::read_dir(p)
                .map_err(|e| Error::io(format_args!("cannot read `{p}`"), &e))?
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.path().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect();
            names.sort();
            out.extend(names);
        } else {
            if *p == "-" && paths.len() > 1 {
                return Err(usage("`-` (standard input) cannot be mixed with files"));
            }
            out.push((*p).to_owned());
        }
    }
    Ok(out)
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
