/* @ts-self-types="./node.d.cts" */
"use strict";
// Node, CommonJS: the shell over wasm-bindgen's Node glue (node_glue.cjs), which loads the
// module synchronously. node.mjs re-exports it, so ESM and CommonJS users share one instance.
const glue = require("./node_glue.cjs");

// The package's JS shell over wasm-bindgen's glue, the same text in `node.cjs` and
// `imdsv2_policy.js` (scripts/build-pkg.sh puts it between an import of the glue and the
// exports, and exports every function the glue has through it). Two things the glue does not:
//
// - Inputs are measured before they are copied into the instance: an input over the limit
//   (1 GiB, WebAssembly's 4 GiB of memory; lower with `maxInputBytes`) is the core's
//   `input-too-large` error (`checkInputSize`), not a trap halfway through a copy.
// - A call that the instance does not return from normally (a trap, `WebAssembly.RuntimeError`,
//   such as running out of memory; or any other exception thrown through it) leaves the
//   instance in a state no later call may use: the shell replaces it with a fresh one
//   (wasm-bindgen's `__wbg_reset_state`) before anything else reaches it, and the call
//   throws an `Error` with code `internal`. wasm-bindgen's own recovery (after a panic) resets
//   only after string arguments were already copied into the old instance.

/** The shell's functions, by name, over `glue`'s; `reset()` makes a fresh instance. */
function makeShell(glue, reset) {
  let broken = false;

  /** Replaces a broken instance; throws (staying broken) when even that fails. */
  function fresh() {
    if (broken) {
      reset();
      broken = false;
    }
  }

  function internal(name, e) {
    const why = e && e.message ? e.message : String(e);
    const err = new Error(
      `the WebAssembly instance stopped in \`${name}\` (${why}); it was replaced by a fresh one, so later calls work`,
    );
    err.name = "Imdsv2PolicyError";
    err.code = "internal";
    err.help =
      "the input was not judged: WebAssembly has 4 GiB of memory, which a very large input (or a bug) can exhaust; check it with the native CLI (`cargo install --path .`), and report it if that works";
    err.cause = e;
    return err;
  }

  function call(name, args) {
    fresh();
    try {
      return glue[name](...args);
    } catch (e) {
      // The core's own errors leave the instance as it was; anything else went through it.
      if (e && e.name === "Imdsv2PolicyError") throw e;
      broken = true;
      try {
        fresh();
      } catch {
        // the next call tries again
      }
      if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) throw internal(name, e);
      throw e;
    }
  }

  /** UTF-8 bytes of a string, as the core receives it. */
  function utf8Length(s) {
    if (typeof Buffer === "function" && typeof Buffer.byteLength === "function") {
      return Buffer.byteLength(s, "utf8");
    }
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  /**
   * Throws `input-too-large` when the strings and byte arrays in `parts` are over the limit
   * `options` set. A string is counted at three bytes a code unit first (its UTF-8 size at
   * most) and exactly only when that bound is over the limit, so small inputs cost nothing.
   */
  function checkSize(parts, options) {
    let bound = 0;
    let exact = true;
    for (const p of parts) {
      if (typeof p === "string") {
        bound += p.length * 3;
        exact = exact && p.length === 0;
      } else if (p && typeof p.byteLength === "number") {
        bound += p.byteLength;
      }
    }
    try {
      call("checkInputSize", [bound, options]);
    } catch (e) {
      if (exact || e.code !== "input-too-large") throw e;
      let size = 0;
      for (const p of parts) {
        if (typeof p === "string") size += utf8Length(p);
        else if (p && typeof p.byteLength === "number") size += p.byteLength;
      }
      call("checkInputSize", [size, options]);
    }
  }

  /** The names and texts of an object of file name to text. */
  function fileParts(files) {
    if (!files || typeof files !== "object") return [];
    const parts = [];
    for (const [name, text] of Object.entries(files)) parts.push(name, typeof text === "string" ? text : "");
    return parts;
  }

  /** What is measured before each call that takes an input. */
  const inputs = {
    evaluate: ([input, options]) => [[input], options],
    evaluateSources: ([files, options]) => [fileParts(files), options],
    fixSources: ([files, options]) => [fileParts(files), options],
    sourceDirsToLoad: ([files]) => [fileParts(files), undefined],
    parseIgnoreFile: ([name, text]) => [[name, text], undefined],
  };

  const shell = {};
  for (const name of Object.keys(glue)) {
    if (typeof glue[name] !== "function" || name.startsWith("__wbg_") || name === "initSync" || name === "default") {
      continue;
    }
    const measure = inputs[name];
    shell[name] = (...args) => {
      if (measure) {
        const [parts, options] = measure(args);
        checkSize(parts, options);
      }
      return call(name, args);
    };
  }
  return shell;
}

const shell = makeShell(glue, () => glue.__wbg_reset_state());
exports.checkInputSize = shell.checkInputSize;
exports.colorOf = shell.colorOf;
exports.controls = shell.controls;
exports.evaluate = shell.evaluate;
exports.evaluateSources = shell.evaluateSources;
exports.fixMessages = shell.fixMessages;
exports.fixSources = shell.fixSources;
exports.formatError = shell.formatError;
exports.githubStepSummary = shell.githubStepSummary;
exports.isSourceName = shell.isSourceName;
exports.langOf = shell.langOf;
exports.locateFindings = shell.locateFindings;
exports.mergeConfig = shell.mergeConfig;
exports.nearestConfig = shell.nearestConfig;
exports.outputFormats = shell.outputFormats;
exports.parseArgs = shell.parseArgs;
exports.parseIgnoreFile = shell.parseIgnoreFile;
exports.render = shell.render;
exports.renderBytes = shell.renderBytes;
exports.renderable = shell.renderable;
exports.sourceDirsToLoad = shell.sourceDirsToLoad;
exports.timestampOf = shell.timestampOf;
exports.usageOf = shell.usageOf;
exports.version = shell.version;
exports.widthOf = shell.widthOf;
