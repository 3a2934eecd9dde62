// The GitHub Action (`uses: imdsv2-policy/imdsv2-policy@v0`; action.yml at the repository
// root runs this file on Node 24, and it runs on Node 20 too): the Node command's `check` with
// the action's inputs, its step summary, a SARIF file for code scanning when asked, and the
// counts as outputs. No logic of its own beyond reading inputs and writing outputs. A run that
// cannot judge its input (exit 2) also says why as an `::error::` workflow command, so that it
// shows on the run's page, not only in the log.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const cli = require("./cli.cjs");
const core = require("./node.cjs");

/** An input as the runner passes it: `INPUT_<NAME>`, upper case, spaces as underscores. */
function input(env, name) {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
}

/** A boolean input in the YAML 1.2 core schema's words, as @actions/core reads it. */
function booleanInput(env, name) {
  const value = input(env, name);
  if (["", "false", "False", "FALSE"].includes(value)) return false;
  if (["true", "True", "TRUE"].includes(value)) return true;
  throw { code: "usage", message: `input \`${name}\` must be \`true\` or \`false\`, not \`${value}\`` };
}

function setOutput(env, name, value) {
  if (!env.GITHUB_OUTPUT) return;
  fs.appendFileSync(env.GITHUB_OUTPUT, `${name}=${String(value).replace(/[\r\n]+/g, " ")}\n`);
}

/** Runs the action with `env` (the runner's environment) and returns the exit code. */
function main(env = process.env, io = { ...cli.processIo(), env }) {
  let args;
  let sarifFile;
  try {
    const files = input(env, "file")
      .split(/\r?\n/)
      .map((f) => f.trim())
      .filter(Boolean);
    if (files.length === 0) throw { code: "usage", message: "input `file` is required" };
    args = ["check", ...files, "--format", input(env, "format") || "github"];
    if (booleanInput(env, "fail-on-unknown")) args.push("--fail-on-unknown");
    if (booleanInput(env, "soft-fail")) args.push("--soft-fail");
    for (const [name, flag] of [
      ["endpoint-disabled", "--endpoint-disabled"],
      ["input-kind", "--input-kind"],
      ["ignore-file", "--ignore-file"],
      ["lang", "--lang"],
      ["aws-account-id", "--aws-account-id"],
      ["aws-region", "--aws-region"],
    ]) {
      const value = input(env, name);
      if (value) args.push(flag, value);
    }
    for (const dir of input(env, "source").split(/\r?\n/).map((d) => d.trim()).filter(Boolean)) {
      args.push("--source", dir);
    }
    sarifFile = input(env, "sarif-file");
  } catch (e) {
    const text = core.formatError(e);
    io.stderr(`${text}\n`);
    io.stdout(errorCommand(text));
    return 2;
  }
  let written;
  const errors = [];
  const code = cli.run(args, {
    ...io,
    stderr(s) {
      errors.push(String(s));
      io.stderr(s);
    },
    onReport(report, inputName) {
      setOutput(env, "verdict", report.summary.verdict);
      for (const key of ["pass", "fail", "unknown", "suppressed"]) {
        setOutput(env, key, report.summary[key] || 0);
      }
      if (sarifFile) {
        // Bytes, not a string: a SARIF file can be longer than V8's longest string.
        const sarif = core.renderBytes(report, "sarif", { inputName });
        fs.mkdirSync(path.dirname(path.resolve(sarifFile)), { recursive: true });
        fs.writeFileSync(sarifFile, sarif);
        written = sarifFile;
      }
    },
  });
  if (written) setOutput(env, "sarif-file", written);
  if (code === 2) io.stdout(errorCommand(errors.join("").split("\n\nusage:")[0]));
  return code;
}

/**
 * `::error title=imdsv2-policy::MESSAGE`, escaped as workflow commands are: the error's text
 * with its help, one annotation.
 */
function errorCommand(text) {
  const escaped = text
    .trimEnd()
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A");
  return `::error title=imdsv2-policy::${escaped}\n`;
}

module.exports = { main };

if (require.main === module) {
  process.exitCode = main();
}
