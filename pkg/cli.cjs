#!/usr/bin/env node
// The Node command, `npx imdsv2-policy check plan.json`: the native CLI over the WebAssembly
// core. The command line is parsed by the core's own parser (`parseArgs`, src/cli.rs), so both
// take the same flags and print the same usage; only files, standard streams and exit codes
// are handled here. Judging, every output format, the step summary, colour and the wording of
// errors come from the core, so the output is the native CLI's byte for byte.
//
// Exit codes: 0 nothing fails, 1 something fails (or is unknown with --fail-on-unknown; `fix`:
// a step is left to do by hand, as natively), 2 bad input or usage, and any failure of the
// command itself: a core that cannot start, a WebAssembly trap, a write that fails, a bug.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

/** The core, or why it could not start (a missing or broken module): exit 2, never 1. */
let core;
let startFailure;
try {
  core = require("./node.cjs");
} catch (e) {
  startFailure = {
    code: "internal",
    message: `cannot start the WebAssembly core: ${(e && e.message) || e}`,
    help: "reinstall the package (`npm install imdsv2-policy`); the file `imdsv2_policy_bg.wasm` or its glue is missing or damaged",
  };
}

/** The most written to standard output at once. */
const OUTPUT_PIECE = 1 << 20;

/** An error in the shape the core formats (`ErrorData`). */
function failure(code, message) {
  return { code, message };
}

const usage = (message) => failure("usage", message);

/** `cannot read \`x\`: no such file or directory`, worded as the native CLI words it. */
function ioError(what, e) {
  const reasons = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  let reason = reasons[e && e.code];
  if (!reason) {
    const text = String((e && e.message) || e).replace(/^[A-Z]+: /, "").split(",")[0];
    reason = text.charAt(0).toLowerCase() + text.slice(1);
  }
  return failure("io", `${what}: ${reason}`);
}

function readFile(path) {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw ioError(`cannot read \`${path}\``, e);
  }
}

/** Text of a `.tf` file, as the core's source reader expects it (UTF-8). */
function readText(path) {
  const bytes = readFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    let valid = 0;
    for (let end = bytes.length; end > 0; end--) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
        valid = end;
        break;
      } catch {
        // keep shortening until the prefix decodes
      }
    }
    throw failure("invalid-encoding", `\`${path}\` is not valid utf-8 (byte ${valid})`);
  }
}

/**
 * The files Terraform reads in a directory, or the file itself, by name; for a directory,
 * also every module directory its calls read from disk (local paths, and what
 * `.terraform/modules/modules.json` lists), as the core's `sourceDirsToLoad` names them.
 * Symbolic links are followed, as Terraform follows them.
 */
function loadPaths(paths) {
  const files = {};
  const tried = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(path).isDirectory();
    } catch {
      // a missing path is reported by the read below, as natively
    }
    if (!isDir) {
      files[path] = readText(path);
      continue;
    }
    const dir = path.replace(/[/\\]+$/, "");
    loadDir(dir === "" || dir === "." ? "" : dir, true, files);
    tried.push(dir === "." ? "" : dir);
  }
  for (;;) {
    const more = core.sourceDirsToLoad(files, tried);
    if (more.length === 0) break;
    for (const dir of more) {
      loadDir(dir, false, files);
      tried.push(dir);
    }
  }
  return files;
}

function loadDir(dir, named, files) {
  const shown = dir === "" ? "." : dir;
  let entries;
  try {
    entries = fs.readdirSync(shown, { withFileTypes: true });
  } catch (e) {
    if (!named) return;
    throw ioError(`cannot read \`${shown}\``, e);
  }
  const full = (n) => (dir === "" ? n : `${dir}/${n}`);
  const isFile = (n) => {
    try {
      return fs.statSync(full(n)).isFile();
    } catch {
      return false;
    }
  };
  const names = entries
    .map((e) => e.name)
    .filter(
      (n) =>
        n.endsWith(".tf") ||
        n.endsWith(".tf.json") ||
        n === "terraform.tfvars" ||
        n === "terraform.tfvars.json" ||
        n.endsWith(".auto.tfvars") ||
        n.endsWith(".auto.tfvars.json"),
    )
    .filter(isFile)
    .sort();
  for (const n of names) files[full(n)] = readText(full(n));
  const manifest = full(".terraform/modules/modules.json");
  try {
    files[manifest] = fs.readFileSync(manifest, "utf8");
  } catch {
    // no modules downloaded
  }
}

function isDir(path) {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path) {
  try {
    return fs.statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A directory that holds Terraform configuration, or a file Terraform reads as configuration
 * or variables. A directory of other `.json` files is documents (see `jsonDocuments`). As the
 * native CLI decides it (src/main.rs).
 */
function isSourcePath(path) {
  if (isDir(path)) {
    let names;
    try {
      names = fs.readdirSync(path);
    } catch {
      return true;
    }
    // No `.json` document beside: an empty folder is read as source (and says so).
    return names.some(core.isSourceName) || !names.some((n) => n.endsWith(".json"));
  }
  return core.isSourceName(path);
}

/**
 * The JSON documents of `check`'s arguments: files as given, and each directory's `.json`
 * files in name order. A Terraform source path among them is a usage error.
 */
function jsonDocuments(paths) {
  const out = [];
  for (const p of paths) {
    if (p !== "-" && isSourcePath(p)) {
      throw usage(`\`${p}\` is Terraform source, the other arguments are JSON documents: check them in separate runs`);
    }
    if (isDir(p)) {
      let names;
      try {
        names = fs.readdirSync(p);
      } catch (e) {
        throw ioError(`cannot read \`${p}\``, e);
      }
      const dir = p.endsWith("/") ? p : `${p}/`;
      out.push(
        ...names
          .map((n) => `${dir}${n}`)
          .filter((n) => n.endsWith(".json") && isFile(n))
          .sort(byBytes),
      );
    } else {
      if (p === "-" && paths.length > 1) throw usage("`-` (standard input) cannot be mixed with files");
      out.push(p);
    }
  }
  // A file named twice (or also inside a directory given) is one document, not two.
  const seen = new Set();
  return out.filter((d) => {
    let key = d;
    try {
      key = fs.realpathSync(d);
    } catch {
      // a missing file is reported when it is read
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Strings in the order of their UTF-8 bytes, as Rust sorts them. */
function byBytes(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The directory and its parents, as Rust's `Path::ancestors` walks them. */
function ancestors(dir) {
  const out = [];
  for (let d = dir; ; d = path.dirname(d)) {
    out.push(d);
    if (path.dirname(d) === d) return out;
  }
}

/**
 * `.imdsv2-policy-ignore` of the repository the working directory is in (the nearest one
 * upward, not above the directory that holds `.git`), when no `--ignore-file` is given.
 */
function defaultIgnoreFiles(given) {
  if (given.length > 0) return given;
  for (const dir of ancestors(process.cwd())) {
    const f = path.join(dir, ".imdsv2-policy-ignore");
    if (isFile(f)) return [f];
    if (fs.existsSync(path.join(dir, ".git"))) break;
  }
  return [];
}

/** Every ignore file, read into the `ignore` option's entries. */
function readIgnoreFiles(paths) {
  const entries = [];
  for (const p of paths) entries.push(...core.parseIgnoreFile(p, readText(p)));
  return entries;
}

/**
 * The options of the config file `config` names (by default the nearest `.imdsv2-policy.toml`
 * or `.imdsv2-policy.json` upward from the working directory), under the flags.
 */
function applyConfig(options, given, config) {
  let file;
  if (config === "none") return options;
  if (config && typeof config === "object") file = config.file;
  else file = core.nearestConfig(ancestors(process.cwd()), isFile);
  if (file === undefined) return options;
  return core.mergeConfig(options, given, readText(file), file);
}

/** The options of `check` and `fix`: flags, ignore files and the config file. */
function optionsOf(c) {
  const options = { ...c.options };
  options.ignore = [...readIgnoreFiles(defaultIgnoreFiles(c.ignoreFiles)), ...(options.ignore ?? [])];
  if (options.ignore.length === 0) delete options.ignore;
  return applyConfig(options, c.given, c.config);
}

function check(c, io) {
  const options = optionsOf(c);
  // `--lang`, then the config file's `lang`, then the locale; the writers translate the report.
  const lang = core.langOf(c.lang ?? options.lang ?? undefined, io.env);
  delete options.lang;
  const paths = c.paths;
  const first = paths[0] ?? "-";
  const source = first !== "-" && (options.inputKind === "terraform-source" || paths.every(isSourcePath));
  let report;
  if (source) {
    report = core.evaluateSources(loadPaths(paths), options);
  } else {
    const documents = jsonDocuments(paths);
    if (documents.length === 1 && !isDir(first)) {
      const bytes = readDocument(first, options, io);
      try {
        report = core.evaluate(bytes, options);
      } catch (e) {
        // The file name goes before the message, as compilers put it (`plan.json: ...`).
        io.stderr(`${formatError(e, first)}\n`);
        return 2;
      }
    } else {
      // Several documents are one evaluation; the core names each in its errors.
      const list = documents.map((name) => ({ name, content: readDocument(name, options, io) }));
      report = core.evaluate(list, options);
    }
  }
  if (c.sources.length > 0 && !source) report = core.locateFindings(report, loadPaths(c.sources));
  const tty = typeof io.isTerminal === "function" && io.isTerminal();
  const color = core.colorOf(c.color ?? undefined, tty, io.env);
  const width = core.widthOf(tty, io.env, typeof io.columns === "function" ? io.columns() : undefined);
  const timestamp = c.outputs.some((o) => o.format === "asff")
    ? core.timestampOf(io.env.SOURCE_DATE_EPOCH, Date.now())
    : undefined;
  const renderOf = (o) => ({
    color: color && o.file == null,
    inputName: first === "-" ? undefined : first,
    quiet: c.quiet,
    verbose: c.verbose,
    width: o.file == null ? width : undefined,
    failOnUnknown: Boolean(options.failOnUnknown),
    awsAccountId: c.awsAccountId ?? undefined,
    awsRegion: c.awsRegion ?? undefined,
    awsProductArn: c.asffProductArn ?? undefined,
    timestamp,
    lang,
  });
  // Every output is possible before any is written: all or none.
  for (const o of c.outputs) core.renderable(report, o.format, renderOf(o));
  for (const o of c.outputs) {
    // As bytes, written a piece at a time: a report can be longer than V8's longest string
    // (512 MiB), so it is never made one.
    const out = core.renderBytes(report, o.format, renderOf(o));
    if (o.file == null) {
      for (let at = 0; at < out.length; at += OUTPUT_PIECE) io.stdout(out.subarray(at, at + OUTPUT_PIECE));
    } else {
      try {
        // The step summary file is appended to, as GitHub asks: other steps' parts stay.
        if (o.file === io.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(o.file, out);
        else fs.writeFileSync(o.file, out);
      } catch (e) {
        throw ioError(`cannot write \`${o.file}\``, e);
      }
    }
  }
  // An output written to the step summary file takes the place of the automatic summary.
  if (!c.outputs.some((o) => o.file != null && o.file === io.env.GITHUB_STEP_SUMMARY)) appendStepSummary(report, io, lang);
  if (io.onReport) io.onReport(report, first);
  return report.summary.verdict === "fail" && !c.softFail ? 1 : 0;
}

/**
 * A JSON document's bytes, refused with `input-too-large` before they are read when they are
 * over the limit (`checkInputSize`): a file by its size, standard input as it comes in.
 */
function readDocument(file, options, io) {
  const check = (size) => {
    try {
      core.checkInputSize(size, options);
    } catch (e) {
      if (e && e.code === "input-too-large" && file !== "-") throw { ...errorData(e), message: `${file}: ${e.message}` };
      throw e;
    }
  };
  if (file === "-") return io.readStdin(check);
  let size;
  try {
    const st = fs.statSync(file);
    if (st.isFile()) size = st.size;
  } catch {
    // a missing file is reported by the read, as natively
  }
  if (size !== undefined) check(size);
  return readFile(file);
}

/** The plain data of an error the core threw. */
function errorData(e) {
  const out = { code: e.code, message: e.message };
  if (e.location) out.location = e.location;
  if (e.help) out.help = e.help;
  return out;
}

/**
 * An error as the native CLI prints it. Errors of the core and of this command keep their
 * code; anything else (a bug, a failed write) is `internal`, never a usage error. Without a
 * core (it did not start) the text is put together here, in the core's shape.
 */
function formatError(error, inputName) {
  const ours = error && (error.name === "Imdsv2PolicyError" || Object.getPrototypeOf(error) === Object.prototype);
  const e = ours
    ? error
    : {
        code: "internal",
        message: `the command failed: ${(error && error.message) || String(error)}`,
        help: "this is a bug in imdsv2-policy, not in the input; please report it with the command line",
      };
  if (core) {
    try {
      return core.formatError(e, inputName);
    } catch {
      // fall through to the text below
    }
  }
  const name = inputName && inputName !== "-" ? `${inputName}: ` : "";
  return `error[${e.code}]: ${name}${e.message}${e.help ? `\n  help: ${e.help}` : ""}`;
}

/**
 * `fix PATH... [--write | --check]`: the core's fix of Terraform source. The diff (or the
 * FixResult as JSON) goes to standard output, manual steps to standard error; with --write
 * each changed file is replaced atomically, and only if it did not change since it was read.
 * Exit 1 while manual steps remain, or when `--check` finds a change.
 */
function fix(f, io) {
  const options = optionsOf(f);
  options.lang = core.langOf(options.lang, io.env);
  const files = loadPaths(f.paths);
  const result = core.fixSources(files, options);
  if (f.write) {
    writeAll(result.files.map((r) => ({ path: r.file, expected: files[r.file] ?? "", content: r.content })));
  }
  io.stdout(f.json ? `${JSON.stringify(result, null, 2)}\n` : result.diff);
  io.stderr(core.fixMessages(result, f.write, f.check, options.lang));
  if (f.check && result.files.length > 0) return 1;
  return result.manual.length > 0 ? 1 : 0;
}

/**
 * Writes the fixed files as one change, as the native CLI does (`fix::write_all`): each file is
 * checked (unchanged since it was read, writable) and staged as a temporary file beside it
 * before any is replaced; a rename failing after that names the files written and not
 * written. A symbolic link is followed (its target is written, the link kept); the mode is
 * set exactly (not through the umask) and the owner kept where the process may.
 */
function writeAll(list) {
  const staged = [];
  const cleanup = (from) => {
    for (const s of staged.slice(from)) {
      try {
        fs.unlinkSync(s.tmp);
      } catch {
        // already gone
      }
    }
  };
  for (const { path, expected, content } of list) {
    const what = (w) => `cannot write \`${path}\`: ${w}`;
    try {
      let target;
      try {
        target = fs.realpathSync(path);
      } catch (e) {
        throw ioError(what("cannot find it"), e);
      }
      let now;
      try {
        now = fs.readFileSync(target, "utf8");
      } catch (e) {
        throw ioError(what("cannot read it again"), e);
      }
      if (now !== expected) {
        throw { ...failure("io", `\`${path}\` changed while it was being fixed; it was not written`), help: "run the fix again" };
      }
      const st = fs.statSync(target);
      // No write permission bits at all, as Rust's `Permissions::readonly` reads them (even
      // root is refused: the file says it must not change).
      if ((st.mode & 0o222) === 0) {
        throw {
          ...failure("io", `\`${path}\` is read-only; it was not written`),
          help: "make it writable (`chmod u+w`) to let `fix --write` change it, or apply the printed diff yourself",
        };
      }
      const slash = Math.max(target.lastIndexOf("/"), target.lastIndexOf("\\"));
      const dir = slash >= 0 ? target.slice(0, slash) : ".";
      const base = slash >= 0 ? target.slice(slash + 1) : target;
      const tmp = `${dir}/.${base}.imdsv2-policy-${process.pid}.tmp`;
      let fd;
      try {
        fd = fs.openSync(tmp, "wx", 0o600);
      } catch (e) {
        throw ioError(what("cannot create a temporary file beside it"), e);
      }
      try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
        fs.fchmodSync(fd, st.mode & 0o7777);
        try {
          fs.fchownSync(fd, st.uid, st.gid);
        } catch {
          // keeping the owner needs the right to give the file away
        }
      } catch (e) {
        fs.closeSync(fd);
        fs.unlinkSync(tmp);
        throw ioError(what("cannot write a temporary file beside it"), e);
      }
      fs.closeSync(fd);
      staged.push({ path, tmp, target });
    } catch (e) {
      cleanup(0);
      throw e;
    }
  }
  const done = [];
  for (let n = 0; n < staged.length; n++) {
    const { path, tmp, target } = staged[n];
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      cleanup(n);
      const written = done.length === 0 ? "no file was written" : `written: \`${done.join("`, `")}\``;
      const left = staged.slice(n).map((s) => s.path).join("`, `");
      throw ioError(`cannot write \`${path}\`: cannot rename the temporary file over it; ${written}; not written: \`${left}\``, e);
    }
    done.push(path);
  }
}

/** In GitHub Actions, the Markdown summary goes to the file `GITHUB_STEP_SUMMARY` names. */
function appendStepSummary(report, io, lang) {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    fs.appendFileSync(path, `\n${core.githubStepSummary(report, lang)}`);
  } catch (e) {
    io.stderr(`warning: cannot append the step summary to \`${path}\`: ${e.message}\n`);
  }
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code.
 * `io` carries the streams and environment, so tests and the GitHub Action can run it in
 * process; its optional `onReport(report, inputName)` sees the report `check` printed.
 */
function run(argv, io = processIo()) {
  if (startFailure) {
    io.stderr(`${formatError(startFailure)}\n`);
    return 2;
  }
  try {
    const { command, args } = core.parseArgs(argv);
    switch (command) {
      case "version":
        io.stdout(`imdsv2-policy ${core.version()}\n`);
        return 0;
      case "help":
        io.stdout(args);
        return 0;
      case "schema":
        // Written at build time by the native CLI's `schema` (scripts/build-pkg.sh).
        io.stdout(readText(path.join(__dirname, "schema", `${args}.schema.json`)));
        return 0;
      case "controls":
        io.stdout(`${JSON.stringify(core.controls(), null, 2)}\n`);
        return 0;
      case "check":
        return check(args, io);
      case "fix":
        return fix(args, io);
      default:
        throw failure("internal", `the core parsed a command this shell does not know: \`${command}\``);
    }
  } catch (error) {
    try {
      io.stderr(`${formatError(error)}\n`);
      if (error && error.code === "usage") io.stderr(`\n${core.usageOf(argv)}\n`);
    } catch {
      // standard error is gone: the exit code still says it
    }
    return 2;
  }
}

/** The real process: its streams, environment and terminal. */
function processIo() {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: (check = () => {}) => {
      // In pieces, each size checked as it grows: the bytes over the limit are counted, not
      // kept, so the error says the input's size.
      const piece = Buffer.allocUnsafe(1 << 20);
      const chunks = [];
      let total = 0;
      let over = false;
      for (;;) {
        let n;
        try {
          n = fs.readSync(0, piece, 0, piece.length, null);
        } catch (e) {
          if (e.code === "EOF") break;
          if (e.code === "EAGAIN") {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
            continue;
          }
          throw ioError("cannot read standard input", e);
        }
        if (n === 0) break;
        total += n;
        if (!over) {
          try {
            check(total);
            chunks.push(Buffer.from(piece.subarray(0, n)));
          } catch (e) {
            if (!e || e.code !== "input-too-large") throw e;
            over = true;
            chunks.length = 0;
          }
        }
      }
      if (over) check(total);
      return Buffer.concat(chunks, total);
    },
    env: process.env,
    isTerminal: () => Boolean(process.stdout.isTTY),
    columns: () => process.stdout.columns,
  };
}

module.exports = { run, processIo };

if (require.main === module) {
  // Nothing reaches here past `run`, which answers every failure with 2; should something
  // still escape it (an error thrown while Node writes out), it is 2 as well, never 1.
  process.on("uncaughtException", (e) => {
    try {
      process.stderr.write(`${formatError(e)}\n`);
    } finally {
      process.exit(2);
    }
  });
  process.exitCode = run(process.argv.slice(2));
}
