/* @ts-self-types="./imdsv2_policy.d.ts" */

function __wbg_reset_state () {
    __wbg_instance_id++;
    cachedDataViewMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    if (typeof numBytesDecoded !== 'undefined') numBytesDecoded = 0;
    if (typeof WASM_VECTOR_LEN !== 'undefined') WASM_VECTOR_LEN = 0;
    __wbg_reinit_scheduled = false;
    wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
    wasm = wasmInstance.exports;
    wasm.__wbindgen_start();
}

/**
 * Throws the `input-too-large` error `evaluate` would throw for an input of `size` bytes
 * (UTF-8 bytes for text), without taking the input: check a file's size before reading
 * it. The limit is 1 GiB (WebAssembly's memory is 4 GiB), lowered by `maxInputBytes`.
 * @param {number} size
 * @param {Options} [options]
 */
function checkInputSize(size, options) {
    let ret;
    __wbg_call_guard();
    ret = wasm.checkInputSize(size, options);
    if (ret[1]) {
        throw takeFromExternrefTable0(ret[0]);
    }
}
exports.checkInputSize = checkInputSize;

/**
 * Whether text output is coloured, as the CLI decides: `flag` (`--color always|never`;
 * `undefined` for auto), then `NO_COLOR`, `FORCE_COLOR`, `TERM=dumb` from `env`, then
 * whether standard output is a terminal.
 * @param {boolean | null | undefined} flag
 * @param {boolean} is_terminal
 * @param {Record<string, string | undefined>} env
 * @returns {boolean}
 */
function colorOf(flag, is_terminal, env) {
    let ret;
    __wbg_call_guard();
    ret = wasm.colorOf(isLikeNone(flag) ? 0xFFFFFF : flag ? 1 : 0, is_terminal, env);
    return ret !== 0;
}
exports.colorOf = colorOf;

/**
 * Every control this build judges, with its description, rationale and remediation.
 * @returns {Policy[]}
 */
function controls() {
    let ret;
    __wbg_call_guard();
    ret = wasm.controls();
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.controls = controls;

/**
 * Judges one document, or several as one evaluation: a Terraform plan or state
 * (`terraform show -json`), a state file, or AWS CLI JSON (DescribeInstances, launch
 * templates and their versions, launch configurations, Auto Scaling groups, account
 * defaults, images), as text or bytes (UTF-8, or UTF-16 with a byte-order mark). Several
 * documents are an array, each a `{name, content}` (content as text, bytes or the parsed
 * document) or bare text or bytes (named `document N`): the live ones are joined into one
 * account view, as `imdsv2-policy check a.json b.json` joins them; when every name is a
 * Terraform file (`main.tf`), they are Terraform source. Returns the report
 * `imdsv2-policy check FILE... --format json` prints, parsed. Throws an `Error` with
 * `code`, `location` and `help` for input it cannot judge.
 * @param {string | Uint8Array | Array<string | Uint8Array | { name: string; content: string | Uint8Array | object }>} input
 * @param {Options} [options]
 * @returns {Report}
 */
function evaluate(input, options) {
    let ret;
    __wbg_call_guard();
    ret = wasm.evaluate(input, options);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.evaluate = evaluate;

/**
 * Judges Terraform source: an object of file name to content (`.tf` files, with
 * `terraform.tfvars` / `*.auto.tfvars`; files in different directories are different
 * configurations). Returns the report `imdsv2-policy check DIR --format json` prints;
 * findings carry `location` (`file`, `line`, `column`).
 * @param {Record<string, string>} files
 * @param {Options} [options]
 * @returns {Report}
 */
function evaluateSources(files, options) {
    let ret;
    __wbg_call_guard();
    ret = wasm.evaluateSources(files, options);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.evaluateSources = evaluateSources;

/**
 * What `imdsv2-policy fix` prints on standard error for `result` (a `fixSources`
 * answer): the files written when `write`, the manual steps at their places, the files
 * `--check` would change when `check`; in `lang` (`"en"`, the default, or `"ja"`).
 * @param {FixResult} result
 * @param {boolean} write
 * @param {boolean} check
 * @param {string | null} [lang]
 * @returns {string}
 */
function fixMessages(result, write, check, lang) {
    let deferred5_0;
    let deferred5_1;
    try {
        const val2 = +write;
        const val3 = +check;
        var ptr0 = isLikeNone(lang) ? 0 : passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.fixMessages(result, val2, val3, ptr0, len0);
        var ptr4 = ret[0];
        var len4 = ret[1];
        if (ret[3]) {
            ptr4 = 0; len4 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred5_0 = ptr4;
        deferred5_1 = len4;
        return getStringFromWasm0(ptr4, len4);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred5_0, deferred5_1, 1);
    }
}
exports.fixMessages = fixMessages;

/**
 * The fix of Terraform source, as `imdsv2-policy fix DIR --format json` prints it: the
 * changed files with their new content and unified diff, and the manual steps. Writes
 * nothing; the caller saves `files[].content`.
 * @param {Record<string, string>} files
 * @param {Options} [options]
 * @returns {FixResult}
 */
function fixSources(files, options) {
    let ret;
    __wbg_call_guard();
    ret = wasm.fixSources(files, options);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.fixSources = fixSources;

/**
 * An error as the CLI prints it on standard error: `error[CODE]: NAME: message (where)`,
 * then the help on its own line. Takes an error `evaluate` or `render` threw (or an
 * `ErrorData`); anything else is shown with the code `usage`.
 * @param {unknown} error
 * @param {string | null} [inputName]
 * @returns {string}
 */
function formatError(error, inputName) {
    let deferred2_0;
    let deferred2_1;
    try {
        var ptr0 = isLikeNone(inputName) ? 0 : passStringToWasm0(inputName, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.formatError(error, ptr0, len0);
        deferred2_0 = ret[0];
        deferred2_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}
exports.formatError = formatError;

/**
 * The Markdown a GitHub workflow step appends to `$GITHUB_STEP_SUMMARY`, in `lang`
 * (`"en"`, the default, or `"ja"`, as `langOf` gives it).
 * @param {Report} report
 * @param {string | null} [lang]
 * @returns {string}
 */
function githubStepSummary(report, lang) {
    let deferred3_0;
    let deferred3_1;
    try {
        var ptr0 = isLikeNone(lang) ? 0 : passStringToWasm0(lang, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.githubStepSummary(report, ptr0, len0);
        var ptr2 = ret[0];
        var len2 = ret[1];
        if (ret[3]) {
            ptr2 = 0; len2 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred3_0 = ptr2;
        deferred3_1 = len2;
        return getStringFromWasm0(ptr2, len2);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
}
exports.githubStepSummary = githubStepSummary;

/**
 * Whether `name` is a file Terraform reads as configuration or variables (`.tf`,
 * `.tf.json`, `.tfvars`, `.tfvars.json`): how `check` tells source from JSON documents.
 * @param {string} name
 * @returns {boolean}
 */
function isSourceName(name) {
    const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.isSourceName(ptr0, len0);
    return ret !== 0;
}
exports.isSourceName = isSourceName;

/**
 * The language of the output, as the CLI decides it: `flag` (`--lang`, `"en"` or
 * `"ja"`; `undefined` when not given), then `LC_ALL`, `LC_MESSAGES`, `LANG` from `env`.
 * `"en"` or `"ja"`, for `RenderOptions.lang`.
 * @param {string | null | undefined} flag
 * @param {Record<string, string | undefined>} env
 * @returns {string}
 */
function langOf(flag, env) {
    let deferred2_0;
    let deferred2_1;
    try {
        var ptr0 = isLikeNone(flag) ? 0 : passStringToWasm0(flag, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.langOf(ptr0, len0, env);
        deferred2_0 = ret[0];
        deferred2_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}
exports.langOf = langOf;

/**
 * `report` (of a plan or state) with each finding placed on its block in the Terraform
 * source `files` (file name to text), as `check plan.json --source DIR` places them: for
 * SARIF and annotations on the `.tf` line. Blocks not found are named in a note.
 * @param {Report} report
 * @param {Record<string, string>} files
 * @returns {Report}
 */
function locateFindings(report, files) {
    let ret;
    __wbg_call_guard();
    ret = wasm.locateFindings(report, files);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.locateFindings = locateFindings;

/**
 * `options` (from `parseArgs`) with a config file's options under them, as the CLI merges
 * its config file (JSON, or TOML when `name` ends in `.toml`): what the flags set (`given`) wins. `name` is the file's name for
 * errors.
 * @param {Options} options
 * @param {object} given
 * @param {string} text
 * @param {string} name
 * @returns {Options}
 */
function mergeConfig(options, given, text, name) {
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    let ret;
    __wbg_call_guard();
    ret = wasm.mergeConfig(options, given, ptr0, len0, ptr1, len1);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.mergeConfig = mergeConfig;

/**
 * The config file the CLI would read when no `--config` is given: the nearest
 * `.imdsv2-policy.toml` or `.imdsv2-policy.json` in `dirs` (nearest first), asking
 * `isFile(path)` of the host's file system; an error when one directory holds both.
 * @param {string[]} dirs
 * @param {(path: string) => boolean} is_file
 * @returns {string | undefined}
 */
function nearestConfig(dirs, is_file) {
    const ptr0 = passArrayJsValueToWasm0(dirs, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.nearestConfig(ptr0, len0, is_file);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    let v2;
    if (ret[0] !== 0) {
        v2 = getStringFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
    }
    return v2;
}
exports.nearestConfig = nearestConfig;

/**
 * The formats `render` writes, as the CLI's `--format` lists them.
 * @returns {OutputFormat[]}
 */
function outputFormats() {
    let ret;
    __wbg_call_guard();
    ret = wasm.outputFormats();
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}
exports.outputFormats = outputFormats;

/**
 * The command line `argv` (without `node` and the script) as the native CLI parses it:
 * `{command: "check", args: {paths, outputs, options, given, ignoreFiles, color, quiet,
 * verbose, softFail, config}}`, `{command: "fix", args: {...}}`, `{command: "help", args:
 * TEXT}`, `{command: "schema", args: WHICH}`, `{command: "controls"}` or `{command:
 * "version"}`. Throws the CLI's `usage` error; `usageOf(argv)` is the usage to print then.
 * The package's own command runs on it, so that both parse arguments with one parser.
 * @param {string[]} argv
 * @returns {object}
 */
function parseArgs(argv) {
    const ptr0 = passArrayJsValueToWasm0(argv, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.parseArgs(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.parseArgs = parseArgs;

/**
 * An ignore file (`TARGET [CONTROL] [expires:YYYY-MM-DD] reason: TEXT` a line) read
 * into the entries of the `ignore` option, as the CLI's `--ignore-file` does. Throws
 * for an entry without a reason, with the file, line and column.
 * @param {string} name
 * @param {string} text
 * @returns {IgnoreEntry[]}
 */
function parseIgnoreFile(name, text) {
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    let ret;
    __wbg_call_guard();
    ret = wasm.parseIgnoreFile(ptr0, len0, ptr1, len1);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.parseIgnoreFile = parseIgnoreFile;

/**
 * A report from `evaluate` in one of the output formats: byte for byte what
 * `imdsv2-policy check FILE --format FORMAT` prints for the same input.
 * @param {Report} report
 * @param {OutputFormat} format
 * @param {RenderOptions} [options]
 * @returns {string}
 */
function render(report, format, options) {
    let deferred3_0;
    let deferred3_1;
    try {
        const ptr0 = passStringToWasm0(format, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.render(report, ptr0, len0, options);
        var ptr2 = ret[0];
        var len2 = ret[1];
        if (ret[3]) {
            ptr2 = 0; len2 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred3_0 = ptr2;
        deferred3_1 = len2;
        return getStringFromWasm0(ptr2, len2);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
}
exports.render = render;

/**
 * [`render`] as UTF-8 bytes instead of a string: a report's text can be longer than a JS
 * engine's longest string (V8: 512 MiB). The Node command writes its output from these
 * bytes, a piece at a time.
 * @param {Report} report
 * @param {OutputFormat} format
 * @param {RenderOptions} [options]
 * @returns {Uint8Array}
 */
function renderBytes(report, format, options) {
    const ptr0 = passStringToWasm0(format, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.renderBytes(report, ptr0, len0, options);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    var v2 = getArrayU8FromWasm0(ret[0], ret[1]).slice();
    wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
    return v2;
}
exports.renderBytes = renderBytes;

/**
 * Whether `render` can write `format` for this report with these options (ASFF needs an
 * account and a region for every finding): throws the error `render` would. The Node
 * command asks for every output before it writes any.
 * @param {Report} report
 * @param {OutputFormat} format
 * @param {RenderOptions} [options]
 */
function renderable(report, format, options) {
    const ptr0 = passStringToWasm0(format, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.renderable(report, ptr0, len0, options);
    if (ret[1]) {
        throw takeFromExternrefTable0(ret[0]);
    }
}
exports.renderable = renderable;

/**
 * The directories a loader must still read so that `files` holds every module the
 * configuration calls from disk (local paths, and what `.terraform/modules/modules.json`
 * lists); `tried` are directories already read or found missing. Call it until it
 * returns nothing, reading each directory's `.tf` files, variable files and
 * `.terraform/modules/modules.json` into `files`: the Node command's loader does.
 * @param {Record<string, string>} files
 * @param {string[]} tried
 * @returns {string[]}
 */
function sourceDirsToLoad(files, tried) {
    const ptr0 = passArrayJsValueToWasm0(tried, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    ret = wasm.sourceDirsToLoad(files, ptr0, len0);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    var v2 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v2;
}
exports.sourceDirsToLoad = sourceDirsToLoad;

/**
 * The time ASFF findings carry, as the CLI decides it: `SOURCE_DATE_EPOCH` (seconds)
 * when given, else `nowMs` (`Date.now()`), to the second.
 * @param {string | null | undefined} source_date_epoch
 * @param {number} now_ms
 * @returns {string}
 */
function timestampOf(source_date_epoch, now_ms) {
    let deferred4_0;
    let deferred4_1;
    try {
        const val2 = +now_ms;
        var ptr0 = isLikeNone(source_date_epoch) ? 0 : passStringToWasm0(source_date_epoch, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.timestampOf(ptr0, len0, val2);
        var ptr3 = ret[0];
        var len3 = ret[1];
        if (ret[3]) {
            ptr3 = 0; len3 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred4_0 = ptr3;
        deferred4_1 = len3;
        return getStringFromWasm0(ptr3, len3);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
    }
}
exports.timestampOf = timestampOf;

/**
 * The usage text that goes with a usage error of `argv` (its subcommand's).
 * @param {string[]} argv
 * @returns {string}
 */
function usageOf(argv) {
    let deferred2_0;
    let deferred2_1;
    try {
        const ptr0 = passArrayJsValueToWasm0(argv, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        let ret;
        __wbg_call_guard();
        ret = wasm.usageOf(ptr0, len0);
        deferred2_0 = ret[0];
        deferred2_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}
exports.usageOf = usageOf;

/**
 * The version of this build, as the report's `tool.version` says it.
 * @returns {string}
 */
function version() {
    let deferred1_0;
    let deferred1_1;
    try {
        let ret;
        __wbg_call_guard();
        ret = wasm.version();
        deferred1_0 = ret[0];
        deferred1_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        __wbg_call_guard();
        wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
}
exports.version = version;

/**
 * The width text output wraps to, as the CLI decides it: none unless standard output
 * is a terminal; then `COLUMNS` from `env` when it is a number, else `columns` (Node's
 * `process.stdout.columns`).
 * @param {boolean} is_terminal
 * @param {Record<string, string | undefined>} env
 * @param {number | null} [columns]
 * @returns {number | undefined}
 */
function widthOf(is_terminal, env, columns) {
    let ret;
    __wbg_call_guard();
    ret = wasm.widthOf(is_terminal, env, isLikeNone(columns) ? Number.MAX_SAFE_INTEGER : (columns) >>> 0);
    return ret === Number.MAX_SAFE_INTEGER ? undefined : ret;
}
exports.widthOf = widthOf;
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg___wbindgen_debug_string_f249a2a76caa9a55: function(arg0, arg1) {
            const ret = debugString(arg1);
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_is_falsy_d864b623500ae65d: function(arg0) {
            const ret = !arg0;
            return ret;
        },
        __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
            const ret = arg0 === null;
            return ret;
        },
        __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
            const val = arg0;
            const ret = typeof(val) === 'object' && val !== null;
            return ret;
        },
        __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
            const ret = arg0 === undefined;
            return ret;
        },
        __wbg___wbindgen_reinit_2fe0d0b9c1cc3c21: function() {
            __wbg_reinit_scheduled = true;
        },
        __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'string' ? obj : undefined;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbg_call_a410eb4b59ed5965: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = arg0.call(arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_get_2080c49015e35254: function() { return handleError(function (arg0, arg1) {
            const ret = Reflect.get(arg0, arg1);
            return ret;
        }, arguments); },
        __wbg_get_unchecked_e6325ad374eff861: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Uint8Array;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_isArray_bcf1376d0d732d08: function(arg0) {
            const ret = Array.isArray(arg0);
            return ret;
        },
        __wbg_length_186163212ffe79c3: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_length_b03a0fabb109b1e9: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_new_0_36d738a0c8cfac43: function() {
            const ret = new Date();
            return ret;
        },
        __wbg_new_787b9fb330d55d78: function(arg0, arg1) {
            const ret = new Error(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_cd4348290afae586: function() {
            const ret = new Object();
            return ret;
        },
        __wbg_parse_c3f72b5a24f83c01: function() { return handleError(function (arg0, arg1) {
            const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
            return ret;
        }, arguments); },
        __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
            Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
        },
        __wbg_set_2793479888329cb6: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = Reflect.set(arg0, arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_set_name_822e3903f3184979: function(arg0, arg1, arg2) {
            arg0.name = getStringFromWasm0(arg1, arg2);
        },
        __wbg_stringify_0a0fbf2ef722380a: function() { return handleError(function (arg0) {
            const ret = JSON.stringify(arg0);
            return ret;
        }, arguments); },
        __wbg_toISOString_51ebc75332aba76a: function(arg0) {
            const ret = arg0.toISOString();
            return ret;
        },
        __wbindgen_generic_0000000000000001: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./imdsv2_policy_bg.js": import0,
    };
}

function __wbg_call_guard() {
    if (__wbg_reinit_scheduled) {
        __wbg_reset_state();
        return;
    }
}


let __wbg_instance_id = 0;

function addToExternrefTable0(obj) {
    const idx = wasm.__externref_table_alloc();
    wasm.__wbindgen_externrefs.set(idx, obj);
    return idx;
}

function debugString(val) {
    switch (typeof val) {
        // primitive types
        case 'number':
        case 'boolean':
        case 'undefined':
        return `${val}`;
        case 'string':
        return JSON.stringify(val);
        case 'bigint':
        return `${val}n`;
        case 'symbol':
        return val.description !== undefined
            ? `Symbol(${val.description})`
            : 'Symbol';
        case 'function':
        return typeof val.name === 'string' && val.name !== ''
            ? `Function(${val.name})`
            : 'Function';
        case 'object': {
            if (val === null) {
                return 'null';
            }
            // objects
            if (Array.isArray(val)) {
                return '[' + Array.from(val, debugString).join(', ') + ']';
            }
            // errors
            if (val instanceof Error) {
                return `${val.name}: ${val.message}\n${val.stack}`;
            }

            const toStringOutput = toString.call(val);
            // Test for built-in
            const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];

            // Failed to match the standard '[object ClassName]'
            if (className === undefined) {
                return toStringOutput;
            }
            if (className === 'Object') {
                // we're a user defined class or Object
                // JSON.stringify avoids problems with cycles, and is generally much
                // easier than looping through ownProperties of `val`.
                try {
                    return 'Object(' + JSON.stringify(val) + ')';
                } catch (_) {
                    return 'Object';
                }
            }
            // TODO we could test for more things here, like `Set`s and `Map`s.
            return className;
        }
        // Per MDN: 'This list of values is exhaustive.'
        // https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/typeof#description
    }
}

function getArrayJsValueFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    const mem = getDataViewMemory0();
    const result = [];
    for (let i = ptr; i < ptr + 4 * len; i += 4) {
        result.push(wasm.__wbindgen_externrefs.get(mem.getUint32(i, true)));
    }
    wasm.__externref_drop_slice(ptr, len);
    return result;
}

function getArrayU8FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
    }
    return cachedDataViewMemory0;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function passArrayJsValueToWasm0(array, malloc) {
    const ptr = malloc(array.length * 4, 4) >>> 0;
    for (let i = 0; i < array.length; i++) {
        const add = addToExternrefTable0(array[i]);
        getDataViewMemory0().setUint32(ptr + 4 * i, add, true);
    }
    WASM_VECTOR_LEN = array.length;
    return ptr;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

let __wbg_reinit_scheduled = false;

function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
function decodeText(bytes) {
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

const wasmPath = `${__dirname}/imdsv2_policy_bg.wasm`;
const wasmBytes = require('fs').readFileSync(wasmPath);
const wasmModule = new WebAssembly.Module(wasmBytes);
let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
let wasm = wasmInstance.exports;
wasm.__wbindgen_start();

exports.__wbg_reset_state = __wbg_reset_state;
