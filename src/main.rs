//! The native (and WASI) command line: argument handling around `imdsv2_policy::evaluate`.
//!
//! Exit codes: 0 nothing fails, 1 something fails (or is unknown with `--fail-on-unknown`),
//! 2 bad input or usage, or a failure of the command itself (an input over the limit, a trap).

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use imdsv2_policy::cli::{self, Command};
use imdsv2_policy::report::{OutputFormat, RenderOptions};
use imdsv2_policy::{Error, ErrorCode, InputKind, Options, report::model::Verdict};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            if e.code == ErrorCode::Usage {
                let _ = writeln!(std::io::stderr(), "\n{}", cli::usage_of(&args));
            }
            ExitCode::from(2)
        }
    }
}

fn usage(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::Usage, msg)
}

fn run(args: &[String]) -> Result<u8, Error> {
    match cli::parse(args)? {
        Command::Version => {
            println!("{} {}", imdsv2_policy::TOOL_NAME, imdsv2_policy::VERSION);
            Ok(0)
        }
        Command::Help(text) => {
            print!("{text}");
            Ok(0)
        }
        Command::Schema(which) => {
            if which == "options" {
                print!("{}", imdsv2_policy::options_schema());
            } else if which == "request" {
                print!("{}", imdsv2_policy::request_schema());
            } else {
                print!("{}", imdsv2_policy::report_schema());
            }
            Ok(0)
        }
        Command::Controls => {
            let all = imdsv2_policy::policy::all()?;
            println!("{}", serde_json::to_string_pretty(all).unwrap_or_default());
            Ok(0)
        }
        Command::Check(c) => check(*c),
        Command::Fix(f) => fix(*f),
    }
}

/// The options of the config file `config` names (by default the nearest
/// `.imdsv2-policy.toml` or `.json` upward from the working directory), under the flags.
fn apply_config(
    options: &mut Options,
    given: cli::Given,
    config: &cli::Config,
) -> Result<(), Error> {
    let path = match config {
        cli::Config::None => return Ok(()),
        cli::Config::File(f) => Some(std::path::PathBuf::from(f)),
        cli::Config::Nearest => match std::env::current_dir() {
            Ok(d) => cli::nearest_config(d.ancestors(), std::path::Path::is_file)?,
            Err(_) => None,
        },
    };
    let Some(path) = path else { return Ok(()) };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::io(format_args!("cannot read `{name}`"), &e))?;
    cli::merge_config(options, given, &text, &name)
}

/// `.imdsv2-policy-ignore` of the repository the working directory is in (the nearest one
/// upward, not above the directory that holds `.git`), when no `--ignore-file` is given.
fn default_ignore_files(given: &[String]) -> Vec<String> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    for dir in cwd.ancestors() {
        let f = dir.join(".imdsv2-policy-ignore");
        if f.is_file() {
            return vec![f.display().to_string()];
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Vec::new()
}

fn check(c: cli::Check) -> Result<u8, Error> {
    let mut options = c.options;
    let mut ignore = read_ignore_files(&default_ignore_files(&c.ignore_files))?;
    ignore.append(&mut options.ignore);
    options.ignore = ignore;
    apply_config(&mut options, c.given, &c.config)?;
    // `--lang`, then the config file's `lang`, then the locale; the report is rendered in it
    // (the core's texts translated once, by the writers).
    let lang = cli::lang(c.lang.or(options.lang.take()), |k| std::env::var(k).ok());
    let paths: Vec<&str> = c.paths.iter().map(String::as_str).collect();
    let first = paths.first().copied().unwrap_or("-");
    let source = first != "-"
        && (options.input_kind == Some(InputKind::TerraformSource)
            || paths.iter().all(|p| is_source_path(p)));
    let documents = if source {
        Vec::new()
    } else {
        json_documents(&paths)?
    };
    #[cfg(unix)]
    if !source
        && documents.len() == 1
        && c.sources.is_empty()
        && lang == imdsv2_policy::i18n::Lang::En
        && let Some(code) = check_streamed(&c.outputs, c.soft_fail, first, &options)?
    {
        return Ok(code);
    }
    let report = if source {
        imdsv2_policy::evaluate_sources(&imdsv2_policy::fix::load_paths(&paths)?, &options)?
    } else if documents.len() == 1 && !Path::new(first).is_dir() {
        check_document(first, &options)?
    } else {
        let mut loaded = Vec::new();
        for d in &documents {
            loaded.push((d.as_str(), read_document(d, &options)?));
        }
        let refs: Vec<(&str, &[u8])> = loaded.iter().map(|(n, b)| (*n, b.as_ref())).collect();
        imdsv2_policy::evaluate_documents(&refs, &options)?
    };
    let mut report = report;
    if !c.sources.is_empty() && !source {
        let sources: Vec<&str> = c.sources.iter().map(String::as_str).collect();
        imdsv2_policy::locate_findings(&mut report, &imdsv2_policy::fix::load_paths(&sources)?)?;
    }
    let color = cli::color(c.color, std::io::stdout().is_terminal(), |k| {
        std::env::var(k).ok()
    });
    let is_terminal = std::io::stdout().is_terminal();
    let width = cli::width(
        is_terminal,
        std::env::var("COLUMNS").ok(),
        is_terminal.then(terminal_width).flatten(),
    );
    let timestamp = if c.outputs.iter().any(|o| o.format == OutputFormat::Asff) {
        Some(cli::timestamp(
            std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
            std::time::SystemTime::now(),
        )?)
    } else {
        None
    };
    let render_of = |o: &cli::Output| RenderOptions {
        color: color && o.file.is_none(),
        input_name: (first != "-").then(|| first.to_owned()),
        quiet: c.quiet,
        verbose: c.verbose,
        width: width.filter(|_| o.file.is_none()),
        fail_on_unknown: options.fail_on_unknown,
        aws_account_id: c.aws_account_id.clone(),
        aws_region: c.aws_region.clone(),
        aws_product_arn: c.asff_product_arn.clone(),
        timestamp: timestamp.clone(),
        lang,
    };
    let summary_file = std::env::var("GITHUB_STEP_SUMMARY")
        .ok()
        .filter(|p| !p.is_empty());
    // Every output is possible before any is written: all or none.
    for o in &c.outputs {
        imdsv2_policy::report::renderable(&report, o.format, &render_of(o))?;
    }
    for o in &c.outputs {
        let render = render_of(o);
        // The step summary file is appended to, as GitHub asks: other steps' parts stay.
        let append = o.file.is_some() && o.file == summary_file;
        write_output(o.file.as_deref(), append, |w| {
            imdsv2_policy::report::render_to(&report, o.format, &render, w)
        })?;
    }
    // An output written to the step summary file takes the place of the automatic summary.
    if !c
        .outputs
        .iter()
        .any(|o| o.file.is_some() && o.file == summary_file)
    {
        append_step_summary(&report, lang);
    }
    Ok(match report.summary.verdict {
        Verdict::Fail if !c.soft_fail => 1,
        _ => 0,
    })
}

/// A file of DescribeInstances pages, one a line, with one JSON report to write: checked in
/// memory that does not grow with the file (`imdsv2_policy::stream`), the report the same
/// bytes. `None` when the check is not that (the caller reads the file whole).
#[cfg(unix)]
fn check_streamed(
    outputs: &[cli::Output],
    soft_fail: bool,
    file: &str,
    options: &Options,
) -> Result<Option<u8>, Error> {
    let [output] = outputs else {
        return Ok(None);
    };
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").is_some_and(|p| !p.is_empty());
    if output.format != OutputFormat::Json || file == "-" || step_summary {
        return Ok(None);
    }
    let Some(prepared) = imdsv2_policy::stream::prepare(Path::new(file), options) else {
        return Ok(None);
    };
    let verdict = prepared.summary().verdict;
    write_output(output.file.as_deref(), false, |w| prepared.write_json(w))?;
    Ok(Some(match verdict {
        Verdict::Fail if !soft_fail => 1,
        _ => 0,
    }))
}

/// Where one output goes. The buffer in front of it is of this one type, so the writers'
/// many small writes are inlined copies into it (through `dyn Write` each was a call:
/// `BufWriter::write_all` was 2 to 4% of perf's samples of checking a 146 MB plan).
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File(std::fs::File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::File(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(w) => w.flush(),
        }
    }
}

/// Writes one output, buffered: to standard output, or to `file` (created, or appended to when
/// `append`); a failure names where.
fn write_output(
    file: Option<&str>,
    append: bool,
    write: impl FnOnce(&mut std::io::BufWriter<Sink>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let Some(file) = file else {
        let mut stdout =
            std::io::BufWriter::with_capacity(1 << 16, Sink::Stdout(std::io::stdout().lock()));
        return write(&mut stdout)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::io("cannot write the report", &e));
    };
    let what = format!("cannot write `{file}`");
    let f = if append {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
    } else {
        std::fs::File::create(file)
    }
    .map_err(|e| Error::io(&what, &e))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, Sink::File(f));
    write(&mut w)
        .and_then(|()| w.flush())
        .map_err(|e| Error::io(&what, &e))
}

/// A JSON document (plan, state, DescribeInstances), from a file or standard input.
fn check_document(file: &str, options: &Options) -> Result<imdsv2_policy::Report, Error> {
    let bytes = read_document(file, options)?;
    imdsv2_policy::evaluate_owned(bytes, options).map_err(|e| in_file(e, file))
}

/// The bytes of one input document: read into a buffer, or (a large regular file, on unix)
/// mapped into memory.
enum Input {
    Read(Vec<u8>),
    #[cfg(unix)]
    Mapped(mapped::Map),
}

impl AsRef<[u8]> for Input {
    fn as_ref(&self) -> &[u8] {
        match self {
            Input::Read(buf) => buf,
            #[cfg(unix)]
            Input::Mapped(map) => map.bytes(),
        }
    }
}

/// Files from this size on are mapped, not read: reading copies every byte from the page
/// cache into fresh memory the kernel must zero first, which was 28% of the CPU time of
/// checking a 100 MB plan (measured with perf; `scripts/bench.sh`, "At the extremes").
#[cfg(unix)]
const MAP_AT_LEAST: u64 = 16 << 20;

/// A file mapped read-only into memory. The mapping is private: what another process writes to
/// the file while it is checked can still show through, as a file read while it is written
/// reads torn; a file truncated meanwhile ends the process with SIGBUS (exit 135, never 0).
#[cfg(unix)]
mod mapped {
    pub struct Map {
        ptr: *mut libc::c_void,
        len: usize,
    }

    impl Map {
        /// `len` bytes of `file` from its start, or `None` when the system refuses the mapping
        /// (the caller reads the file instead).
        pub fn of(file: &std::fs::File, len: usize) -> Option<Map> {
            use std::os::fd::AsRawFd;
            if len == 0 {
                return None;
            }
            #[cfg(target_os = "linux")]
            let flags = libc::MAP_PRIVATE | libc::MAP_POPULATE;
            #[cfg(not(target_os = "linux"))]
            let flags = libc::MAP_PRIVATE;
            // SAFETY: a new read-only mapping of an open file, at an address the kernel picks;
            // nothing else refers to that memory.
            let ptr = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ,
                    flags,
                    file.as_raw_fd(),
                    0,
                )
            };
            (ptr != libc::MAP_FAILED).then_some(Map { ptr, len })
        }

        pub fn bytes(&self) -> &[u8] {
            // SAFETY: `ptr` is a live mapping of `len` readable bytes until `drop` unmaps it,
            // and the slice borrows `self`.
            unsafe { std::slice::from_raw_parts(self.ptr.cast::<u8>(), self.len) }
        }
    }

    impl Drop for Map {
        fn drop(&mut self) {
            // SAFETY: the mapping `of` made, unmapped once; no slice of it outlives `self`.
            unsafe {
                libc::munmap(self.ptr, self.len);
            }
        }
    }
}

/// Bytes asked of the host in one read. Hosts cap a read: Python wasmtime (50) answers a WASI
/// `fd_read` into a buffer of 128 MiB or more with `ENOMEM`, which `std::fs::read` asks for
/// when the file is that large; smaller reads it serves 64 KiB at a time.
const READ_CHUNK: u64 = 8 << 20;

/// The input's bytes, refused with `input-too-large` before they are read when they are more
/// than the limit: a file by its size, standard input by counting what it sends.
fn read_document(file: &str, options: &Options) -> Result<Input, Error> {
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
        if let (Some(size), Some(_)) = (size, limit) {
            imdsv2_policy::limits::check(size, options).map_err(|e| in_file(e, file))?;
        }
        #[cfg(unix)]
        if let Some(map) = size
            .filter(|&s| s >= MAP_AT_LEAST)
            .and_then(|s| usize::try_from(s).ok())
            .and_then(|s| mapped::Map::of(&f, s))
        {
            return Ok(Input::Mapped(map));
        }
        (Box::new(f), size, what)
    };
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
            return Ok(Input::Read(buf));
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

/// A directory that holds Terraform configuration, or a file Terraform reads as configuration
/// or variables. A directory of other `.json` files is documents (see [`json_documents`]).
fn is_source_path(path: &str) -> bool {
    let p = Path::new(path);
    if p.is_dir() {
        return std::fs::read_dir(p).map_or(true, |entries| {
            let names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            // No `.json` document beside: an empty folder is read as source (and says so).
            names
                .iter()
                .any(|n| imdsv2_policy::request::is_source_name(n))
                || !names.iter().any(|n| n.ends_with(".json"))
        });
    }
    imdsv2_policy::request::is_source_name(path)
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
    // A file named twice (or also inside a directory given) is one document, not two.
    let mut seen = std::collections::HashSet::new();
    out.retain(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.into())));
    Ok(out)
}

/// Every `--ignore-file`, read into the `ignore` option.
fn read_ignore_files(paths: &[String]) -> Result<Vec<imdsv2_policy::IgnoreEntry>, Error> {
    let mut entries = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(format_args!("cannot read `{path}`"), &e))?;
        entries.extend(imdsv2_policy::suppress::parse_ignore_file(path, &text)?);
    }
    Ok(entries)
}

/// `fix PATH... [--write | --check]`: the diff on standard output, manual steps on standard
/// error. Exit 0 when nothing is left to do, 1 when a step is left to do by hand (or
/// `--check` found a change), 2 on bad input.
fn fix(f: cli::Fix) -> Result<u8, Error> {
    let mut options = f.options;
    options.ignore = read_ignore_files(&default_ignore_files(&f.ignore_files))?;
    apply_config(&mut options, f.given, &f.config)?;
    options.lang = Some(cli::lang(options.lang, |k| std::env::var(k).ok()));
    let paths: Vec<&str> = f.paths.iter().map(String::as_str).collect();
    let files = imdsv2_policy::fix::load_paths(&paths)?;
    let result = imdsv2_policy::fix_sources(&files, &options)?;
    if f.write {
        let all: Vec<(&str, &str, &str)> = result
            .files
            .iter()
            .map(|r| {
                let original = files.get(&r.file).map(String::as_str).unwrap_or_default();
                (r.file.as_str(), original, r.content.as_str())
            })
            .collect();
        imdsv2_policy::fix::write_all(&all)?;
    }
    let out = if f.json {
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
    let lang = options.lang.unwrap_or_default();
    let _ = std::io::stderr()
        .lock()
        .write_all(imdsv2_policy::fix::messages(&result, f.write, f.check, lang).as_bytes());
    if f.check && !result.files.is_empty() {
        return Ok(1);
    }
    Ok(u8::from(!result.manual.is_empty()))
}

/// In GitHub Actions, appends the Markdown summary to the file `GITHUB_STEP_SUMMARY` names
/// (creating it if missing). A summary that cannot be written is worth a warning, not a
/// failed check.
fn append_step_summary(report: &imdsv2_policy::Report, lang: imdsv2_policy::i18n::Lang) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    // A leading blank line, so that the heading starts a block after whatever came before.
    let summary = format!(
        "\n{}",
        imdsv2_policy::report::github::github_step_summary_in(report, lang)
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

/// The width of the terminal standard output is, in columns.
#[cfg(unix)]
fn terminal_width() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct it is given, which lives here.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_width() -> Option<usize> {
    None
}

/// Prefixes the file name to an input error, as compilers do (`plan.json: ...`).
fn in_file(mut e: Error, file: &str) -> Error {
    if file != "-" {
        e.message = format!("{file}: {}", e.message);
    }
    e
}
