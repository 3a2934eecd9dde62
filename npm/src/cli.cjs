#!/usr/bin/env node
// The Node command, `npx imdsv2-policy check plan.json`: the native CLI's `check` and
// `controls` over the WebAssembly core. Only arguments, files, standard streams and exit codes
// are handled here; judging, every output format, the step summary and the wording of errors
// come from the core, so the output is the native CLI's byte for byte.
//
// Exit codes: 0 nothing fails, 1 something fails (or is unknown with --fail-on-unknown; `fix`:
// a step is left to do by hand, as natively), 2 bad input or usage, and any failure of the
// command itself: a core that cannot start, a WebAssembly trap, a write that fails, a bug.
"use strict";

const fs = require("node:fs");

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

const USAGE = `imdsv2-policy: AWS Security Hub IMDSv2 findings (EC2.8, EC2.170, AutoScaling.3, AutoScaling.4) with fixes

usage:
  imdsv2-policy check FILE|- [options]   judge a Terraform plan/state or DescribeInstances JSON
  imdsv2-policy check PATH... [options]  judge Terraform source: \`.tf\` files or directories
  imdsv2-policy fix PATH... [--write]    fix Terraform source: print a unified diff, or apply it
  imdsv2-policy controls                 print the controls as JSON
  imdsv2-policy --version

options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0, for code scanning)
                             or github (GitHub Actions annotations)
  --fail-on-unknown          exit 1 when a finding is unknown, too
  --control ID[,ID...]       judge only these controls (default: all; see \`controls\`)
  --endpoint-disabled fail|pass
                             how http_endpoint = "disabled" counts (default: fail, as AWS words EC2.8)
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

exit codes: 0 nothing fails, 1 something fails, 2 bad input or usage, or a failure of the
            command itself (an input over the limit, a WebAssembly trap)
`;

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

function isSourcePath(path) {
  try {
    if (fs.statSync(path).isDirectory()) return true;
  } catch {
    // not a directory
  }
  return [".tf", ".tf.json", ".tfvars", ".tfvars.json"].some((ext) => path.endsWith(ext));
}

function choice(flag, value, allowed, what) {
  if (!allowed.includes(value)) {
    throw usage(`unknown ${what} \`${value}\`; expected ${allowed.map((a) => `\`${a}\``).join(" or ")}`);
  }
  return value;
}

/** Parses `check`'s arguments as the native CLI does. */
function parseCheck(args) {
  const options = {};
  const ignoreFiles = [];
  const more = [];
  let file;
  let format = "text";
  let color;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      i += 1;
      if (i >= args.length) throw usage(`\`${arg}\` needs a value`);
      return args[i];
    };
    switch (arg) {
      case "--ignore-file":
        ignoreFiles.push(value());
        break;
      case "--format":
      case "-f": {
        const name = value();
        const names = core.outputFormats();
        if (!names.includes(name)) {
          throw usage(`unknown format \`${name}\`; expected one of \`${names.join("`, `")}\``);
        }
        format = name;
        break;
      }
      case "--fail-on-unknown":
        options.failOnUnknown = true;
        break;
      case "--max-input-bytes": {
        const v = value();
        if (!/^\+?[0-9]+$/.test(v)) {
          throw usage(`invalid \`--max-input-bytes\` value \`${v}\`; expected a whole number of bytes`);
        }
        // Beyond 2^53 the number is past any limit; JSON keeps it exact below that.
        options.maxInputBytes = Math.min(Number(v), Number.MAX_SAFE_INTEGER);
        break;
      }
      case "--control": {
        const ids = value()
          .split(",")
          .map((x) => x.trim())
          .filter((x) => x !== "");
        options.controls = [...(options.controls ?? []), ...ids];
        break;
      }
      case "--endpoint-disabled":
        options.endpointDisabled = choice(arg, value(), ["fail", "pass"], "`--endpoint-disabled` value");
        break;
      case "--input-kind": {
        const kind = value();
        const kinds = ["terraform-plan", "terraform-state", "terraform-state-file", "ec2-describe-instances", "terraform-source"];
        if (!kinds.includes(kind)) {
          throw usage(
            `unknown input kind \`${kind}\`; expected \`terraform-plan\`, \`terraform-state\`, \`terraform-state-file\`, \`ec2-describe-instances\` or \`terraform-source\``,
          );
        }
        options.inputKind = kind;
        break;
      }
      case "--color": {
        const c = value();
        if (!["auto", "always", "never"].includes(c)) {
          throw usage(`unknown \`--color\` value \`${c}\`; expected \`auto\`, \`always\` or \`never\``);
        }
        color = c === "auto" ? undefined : c === "always";
        break;
      }
      case "-":
        file = "-";
        break;
      default:
        if (arg.startsWith("-")) throw usage(`unknown option \`${arg}\``);
        if (file === undefined) file = arg;
        else more.push(arg);
    }
  }
  if (file === undefined) throw usage("`check` needs a file, a directory, or `-` for standard input");
  return { file, more, format, color, options, ignoreFiles };
}

function check(args, io) {
  const { file, more, format, color, options, ignoreFiles } = parseCheck(args);
  const ignore = [];
  for (const path of ignoreFiles) {
    ignore.push(...core.parseIgnoreFile(path, readText(path)));
  }
  if (ignore.length > 0) options.ignore = ignore;
  const paths = [file, ...more];
  const source =
    file !== "-" && (options.inputKind === "terraform-source" || paths.every(isSourcePath));
  if (!source && more.length > 0) {
    throw usage(
      `unexpected argument \`${more.join(" ")}\`: \`check\` takes one JSON file, or any number of \`.tf\` files and directories`,
    );
  }
  let report;
  if (source) {
    report = core.evaluateSources(loadPaths(paths), options);
  } else {
    const bytes = readDocument(file, options, io);
    try {
      report = core.evaluate(bytes, options);
    } catch (e) {
      // The file name goes before the message, as compilers put it (`plan.json: ...`).
      io.stderr(`${formatError(e, file)}\n`);
      return 2;
    }
  }
  // As bytes, written a piece at a time: a report can be longer than V8's longest string
  // (512 MiB), so it is never made one.
  const out = core.renderBytes(report, format, {
    color: color === undefined ? io.colorByDefault() : color,
    inputName: file === "-" ? undefined : file,
  });
  for (let at = 0; at < out.length; at += OUTPUT_PIECE) io.stdout(out.subarray(at, at + OUTPUT_PIECE));
  appendStepSummary(report, io);
  if (io.onReport) io.onReport(report, file);
  return report.summary.verdict === "fail" ? 1 : 0;
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
 * `fix PATH... [--write] [--format text|json] [--ignore-file F] [--endpoint-disabled V]`: the
 * core's fix of Terraform source. The diff (or the FixResult as JSON) goes to standard output,
 * manual steps to standard error; with --write each changed file is replaced atomically, and
 * only if it did not change since it was read. Exit 1 while manual steps remain.
 */
function fix(args, io) {
  const options = {};
  const ignoreFiles = [];
  const paths = [];
  let write = false;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      i += 1;
      if (i >= args.length) throw usage(`\`${arg}\` needs a value`);
      return args[i];
    };
    switch (arg) {
      case "--write":
      case "-w":
        write = true;
        break;
      case "--ignore-file":
        ignoreFiles.push(value());
        break;
      case "--format":
      case "-f": {
        const f = value();
        if (f !== "text" && f !== "json") {
          throw usage(`unknown \`fix\` format \`${f}\`; expected \`text\` (a unified diff) or \`json\``);
        }
        json = f === "json";
        break;
      }
      case "--endpoint-disabled":
        options.endpointDisabled = choice(arg, value(), ["fail", "pass"], "`--endpoint-disabled` value");
        break;
      default:
        if (arg.startsWith("-")) throw usage(`unknown option \`${arg}\``);
        paths.push(arg);
    }
  }
  if (paths.length === 0) throw usage("`fix` needs `.tf` files or a directory");
  const ignore = [];
  for (const path of ignoreFiles) ignore.push(...core.parseIgnoreFile(path, readText(path)));
  if (ignore.length > 0) options.ignore = ignore;
  options.today = new Date().toISOString().slice(0, 10);
  const files = loadPaths(paths);
  const result = core.fixSources(files, options);
  if (write) {
    writeAll(result.files.map((f) => ({ path: f.file, expected: files[f.file] ?? "", content: f.content })));
  }
  io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : result.diff);
  if (write && result.files.length > 0) {
    io.stderr(`fixed: ${result.files.map((f) => f.file).join(", ")}\n`);
  }
  for (const m of result.manual) {
    const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : "";
    io.stderr(`${at}manual step for \`${m.target}\`: ${m.message}\n`);
  }
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
function appendStepSummary(report, io) {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    fs.appendFileSync(path, `\n${core.githubStepSummary(report)}`);
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
    const [cmd, ...rest] = argv;
    switch (cmd) {
      case undefined:
        throw usage("no command given");
      case "--version":
      case "-V":
        io.stdout(`imdsv2-policy ${core.version()}\n`);
        return 0;
      case "--help":
      case "-h":
      case "help":
        io.stdout(USAGE);
        return 0;
      case "controls":
        io.stdout(`${JSON.stringify(core.controls(), null, 2)}\n`);
        return 0;
      case "check":
        return check(rest, io);
      case "fix":
        return fix(rest, io);
      default:
        throw usage(`unknown command \`${cmd}\`; expected \`check\`, \`fix\` or \`controls\``);
    }
  } catch (error) {
    try {
      io.stderr(`${formatError(error)}\n`);
      if (error && error.code === "usage") io.stderr(`\n${USAGE}\n`);
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
    colorByDefault: () => Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
  };
}

module.exports = { run, processIo, USAGE };

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
