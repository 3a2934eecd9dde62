//! The native (and WASI) command line: argument handling around `imdsv2_policy::evaluate`.
//!
//! Exit codes: 0 nothing fails, 1 something fails (or is unknown with `--fail-on-unknown`),
//! 2 bad input or usage.

use imdsv2_policy::report::{OutputFormat, RenderOptions};
use imdsv2_policy::{
    EndpointDisabled, Error, ErrorCode, InputKind, Options, report::model::Verdict,
};
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
imdsv2-policy: AWS Security Hub EC2.8 (IMDSv2) findings with fixes

usage:
  imdsv2-policy check FILE|- [options]   judge a Terraform plan/state or DescribeInstances JSON
  imdsv2-policy schema [report|options]  print the JSON Schema of the report or the options
  imdsv2-policy controls                 print the controls as JSON
  imdsv2-policy --version

options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0, for code scanning)
                             or github (GitHub Actions annotations)
  --fail-on-unknown          exit 1 when a finding is unknown, too
  --endpoint-disabled fail|pass
                             how http_endpoint = \"disabled\" counts (default: fail, as AWS words EC2.8)
  --input-kind terraform-plan|terraform-state|ec2-describe-instances
                             read the input as this kind instead of detecting it
  --color auto|always|never  colour in text output (default: auto, only on a terminal)

environment:
  GITHUB_STEP_SUMMARY        when set, a Markdown summary of the findings is appended to the
                             file it names, whatever the format (as in GitHub Actions)

exit codes: 0 nothing fails, 1 something fails, 2 bad input or usage
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
        other => Err(usage(format!(
            "unknown command `{other}`; expected `check`, `schema` or `controls`"
        ))),
    }
}

fn check(args: &[String]) -> Result<u8, Error> {
    let mut file: Option<&str> = None;
    let mut format = OutputFormat::Text;
    let mut options = Options::default();
    let mut color: Option<bool> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args.get(i).map(String::as_str).unwrap_or_default();
        match arg {
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
            "--endpoint-disabled" => {
                options.endpoint_disabled = match value(args, &mut i, arg)? {
                    "fail" => EndpointDisabled::Fail,
                    "pass" => EndpointDisabled::Pass,
                    other => {
                        return Err(usage(format!(
                            "unknown `--endpoint-disabled` value `{other}`; expected `fail` or `pass`"
                        )));
                    }
                }
            }
            "--input-kind" => {
                options.input_kind = Some(match value(args, &mut i, arg)? {
                    "terraform-plan" => InputKind::TerraformPlan,
                    "terraform-state" => InputKind::TerraformState,
                    "ec2-describe-instances" => InputKind::Ec2DescribeInstances,
                    other => {
                        return Err(usage(format!(
                            "unknown input kind `{other}`; expected `terraform-plan`, `terraform-state` or `ec2-describe-instances`"
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
            s => {
                return Err(usage(format!(
                    "unexpected argument `{s}`: `check` takes one file"
                )));
            }
        }
        i += 1;
    }
    let Some(file) = file else {
        return Err(usage("`check` needs a file, or `-` for standard input"));
    };
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot read standard input: {e}")))?;
        buf
    } else {
        std::fs::read(file)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot read `{file}`: {e}")))?
    };
    let report = imdsv2_policy::evaluate(&bytes, &options).map_err(|e| in_file(e, file))?;
    let render = RenderOptions {
        color: color.unwrap_or_else(|| {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }),
        input_name: (file != "-").then(|| file.to_owned()),
    };
    let out = imdsv2_policy::report::render(&report, format, &render);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot write the report: {e}")))?;
    append_step_summary(&report);
    Ok(match report.summary.verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
    })
}

/// In GitHub Actions, appends the Markdown summary to the file `GITHUB_STEP_SUMMARY` names
/// (creating it if missing). A summary that cannot be written is worth a warning, not a
/// failed check.
fn append_step_summary(report: &imdsv2_policy::Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    // A leading blank line, so that the heading starts a block after whatever came before.
    let summary = format!("\n{}", imdsv2_policy::report::github::github_step_summary(report));
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
