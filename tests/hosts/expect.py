"""Writes the host tests' cases, each with what the native CLI answers to it.

    python3 tests/hosts/expect.py NATIVE_CLI OUT_DIR

OUT_DIR/cases.json then holds:
- `wasi`: command lines for the WASI command (stdin from a file, or files in the directory
  preopened as `.`), with the native CLI's stdout, stderr and exit code, run the same way;
- `extism`: calls of the Extism plugin (function, input file, plugin config) with the output or
  the error text the native CLI gives for the same input and options;
- `embed`: runs of examples/python/embed.py with what it must print and its exit code;
- `opa`: evaluations of the OPA module (input file, `data.imdsv2.options`) with the native
  CLI's JSON report (from which the hosts derive `findings`, `deny` and `allow`) or its error
  text, for the file's bytes and (`dumped`) for Python's `json.dumps` of it.
The hosts (python_hosts.py, node_hosts.mjs) must answer each case byte for byte the same.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"

# Test-harness wrappers, not documents a user passes (see tests/corpus/README.md).
WRAPPERS = ("scalr__", "custodian__")

# Broken documents beside tests/fixtures/bad/, each a different error of the core.
BAD_INPUTS = {
    "not-json.json": b"{nope",
    "not-a-plan.json": b'{"hello": "world"}\n',
    "not-utf8.json": b'{"format_version": "1.2", "x": "\xff\xfe"}',
}

# Where the options list every field (they grow), only the start of the text is fixed.
MISSPELT_OPTION = (
    "error[invalid-options]: invalid options: unknown field `failOnUnknwon`, expected one of "
    "`endpointDisabled`, `failOnUnknown`, `inputKind`"
)
BARE_KEY = (
    "error[invalid-options]: invalid options: the plugin does not read the config key "
    "`failOnUnknown`\n  help: put every option in the config key `options` as one JSON object, "
    "e.g. `options` = `{\"failOnUnknown\": true}`"
)


# What a WebAssembly build says of an input over its own limit (src/limits.rs); the native CLI
# has no such limit to compare with.
WASM32_TOO_LARGE = (
    "the input is 1073741825 bytes, more than the WebAssembly build's limit (1 GiB of its 4 GiB "
    "of memory): 1073741824 bytes\n  help: check this input with the native CLI "
    "(`cargo install --path .`), which has no such limit"
)


def documents():
    """JSON documents: the corpus (less the wrappers), the hand-written fixtures, examples."""
    found = [
        p
        for kind in ("plans", "ec2")
        for p in sorted((CORPUS / kind).glob("*.json"))
        if not p.name.startswith(WRAPPERS)
    ]
    for kind in ("plan", "state", "ec2"):
        found += sorted(p for p in (FIXTURES / kind).iterdir() if p.suffix in (".json", ".jsonl"))
    found += sorted((ROOT / "examples").glob("*.json"))
    if len(found) < 20:
        sys.exit(f"expect.py: only {len(found)} documents found under {CORPUS} and {FIXTURES}")
    return found


def sources():
    """Terraform source: (directory to stand in, the path to pass): a file, and directories."""
    found = [(ROOT / "examples" / "terraform", "main.tf")]
    found += [(d, "before") for d in sorted((FIXTURES / "source").iterdir()) if (d / "before").is_dir()]
    return found


def main(native: str, out_dir: str) -> None:
    out = Path(out_dir).resolve()
    inputs = out / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for name, data in BAD_INPUTS.items():
        (inputs / name).write_bytes(data)
    # GitHub Actions sets GITHUB_STEP_SUMMARY; the CLI would append to it, and the WASI runs
    # have no such variable.
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR")}

    def native_run(args, stdin=None, cwd=out):
        with open(stdin or os.devnull, "rb") as f:
            p = subprocess.run([native, *args], stdin=f, cwd=cwd, env=env, capture_output=True)
        return {"stdout": p.stdout.decode(), "stderr": p.stderr.decode(), "code": p.returncode}

    wasi, extism, embed, opa = [], [], [], []

    def wasi_case(name, args, stdin=None, cwd=out):
        case = {"name": name, "args": args, "stdin": str(stdin) if stdin else None, "dir": str(cwd)}
        case.update(native_run(args, stdin, cwd))
        wasi.append(case)
        return case

    def call(name, function, expected, input_path=None, config=None):
        """An Extism call answering as the native run `expected` did: its stdout, or its error
        text when it exited 2."""
        case = {"name": name, "function": function, "input": str(input_path) if input_path else None,
                "config": config or {}}
        if expected["code"] == 2:
            if not expected["stderr"].startswith("error["):
                sys.exit(f"expect.py: {name}: the native CLI gave no error text: {expected}")
            case["error"] = expected["stderr"].removesuffix("\n")
        else:
            case["output"] = expected["stdout"]
        extism.append(case)

    def opa_case(name, input_path, flags=(), options=None):
        """An OPA evaluation: the native CLI's JSON report or error text for the document's
        bytes, and, where Python's json reads the document, for the text `json.dumps` makes
        of it (what Python SDKs pass)."""
        def answer(path):
            expected = native_run(["check", "-", "--format", "json", *flags], path)
            if expected["code"] == 2:
                return {"error": expected["stderr"].removesuffix("\n")}
            return {"report": expected["stdout"]}
        case = {"name": name, "input": str(input_path), "options": options, **answer(input_path)}
        try:
            dumped = json.dumps(json.loads(Path(input_path).read_bytes())).encode()
        except ValueError:
            dumped = None
        if dumped is not None:
            again = inputs / f"opa-{len(opa)}.json"
            again.write_bytes(dumped)
            case["dumped"] = answer(again)
        opa.append(case)

    docs = documents()
    plan = CORPUS / "plans" / "infracost__examples_terraform_plan.json"
    # Formats beyond text and json, where this build of the CLI has them.
    extra_formats = [
        f for f in ("sarif", "github") if native_run(["check", "-", "--format", f], plan)["code"] != 2
    ]
    options_flags = ["--fail-on-unknown", "--endpoint-disabled", "pass"]
    options_json = json.dumps({"failOnUnknown": True, "endpointDisabled": "pass"})

    for i, path in enumerate(docs):
        name = f"{path.parent.name}/{path.name}"
        wasi_case(f"{name} stdin text", ["check", "-"], stdin=path)
        json_report = wasi_case(f"{name} stdin json", ["check", "-", "--format", "json"], stdin=path)
        wasi_case(f"{name} file text", ["check", path.name], cwd=path.parent)
        wasi_case(f"{name} file json", ["check", path.name, "--format", "json"], cwd=path.parent)
        call(f"{name} evaluate", "evaluate", json_report, path)
        opa_case(name, path)
        if i % 4 == 0:
            flagged = wasi_case(f"{name} stdin json, options",
                                ["check", "-", "--format", "json", *options_flags], stdin=path)
            call(f"{name} evaluate, options", "evaluate", flagged, path, {"options": options_json})
            opa_case(f"{name}, options", path, options_flags, json.loads(options_json))
            for f in extra_formats:
                wasi_case(f"{name} file {f}", ["check", path.name, "--format", f], cwd=path.parent)
        if i % 10 == 0:
            embedded = native_run(["check", "-", "--format", "json", "--fail-on-unknown"], path)
            report = json.loads(embedded["stdout"])
            lines = [
                f"{f['status']}: {f['resource'].get('address') or f['resource'].get('id')}: "
                f"{f['message']}\n"
                for f in report["findings"]
                if f["status"] != "pass" and "suppression" not in f
            ]
            embed.append({"name": name, "input": str(path), "stdout": "".join(lines), "stderr": "",
                          "code": embedded["code"]})

    bad = [inputs / n for n in BAD_INPUTS] + sorted((FIXTURES / "bad").glob("*.json"))
    for path in bad:
        name = f"{path.parent.name}/{path.name}"
        expected = wasi_case(f"{name} stdin", ["check", "-"], stdin=path)
        wasi_case(f"{name} file", ["check", path.name, "--format", "json"], cwd=path.parent)
        call(f"{name} evaluate", "evaluate", expected, path)
        opa_case(name, path)
        if path.name == "not-json.json":
            embed.append({"name": name, "input": str(path), "stdout": "",
                          "stderr": expected["stderr"], "code": 2})

    # The plugin has no clock (wasm32-unknown-unknown): the host gives `today`, as the CLI's
    # clock has it, for suppressions that expire.
    today = {"options": json.dumps({"today": datetime.datetime.now(datetime.UTC).date().isoformat()})}
    for directory, arg in sources():
        name = f"{directory.name}/{arg}"
        report = wasi_case(f"{name} check json", ["check", arg, "--format", "json"], cwd=directory)
        wasi_case(f"{name} check text", ["check", arg], cwd=directory)
        fixed = wasi_case(f"{name} fix json", ["fix", arg, "--format", "json"], cwd=directory)
        wasi_case(f"{name} fix diff", ["fix", arg], cwd=directory)
        target = directory / arg
        files = [target] if target.is_file() else sorted(p for p in target.iterdir() if p.is_file())
        files_json = inputs / f"{directory.name}.files.json"
        files_json.write_text(json.dumps(
            {f.relative_to(directory).as_posix(): f.read_bytes().decode() for f in files}))
        call(f"{name} evaluate_sources", "evaluate_sources", report, files_json, today)
        call(f"{name} fix_sources", "fix_sources", fixed, files_json, today)

    wrong_kind = wasi_case("plan read as describe-instances",
                           ["check", "-", "--input-kind", "ec2-describe-instances"], stdin=plan)
    call("plan read as describe-instances", "evaluate", wrong_kind, plan,
         {"options": json.dumps({"inputKind": "ec2-describe-instances"})})
    opa_case("plan read as describe-instances", plan, ["--input-kind", "ec2-describe-instances"],
             {"inputKind": "ec2-describe-instances"})
    # Sizes (issue 12). Over `maxInputBytes`: every host refuses it with the native CLI's words,
    # from a file (by its size, before reading), from standard input, and as an Extism input.
    small = plan.stat().st_size - 1
    over_file = wasi_case("over --max-input-bytes, file",
                          ["check", plan.name, "--max-input-bytes", str(small)], cwd=plan.parent)
    if over_file["code"] != 2 or "input-too-large" not in over_file["stderr"]:
        sys.exit(f"expect.py: the native CLI did not refuse the input: {over_file}")
    over = wasi_case("over --max-input-bytes, stdin", ["check", "-", "--max-input-bytes", str(small)],
                     stdin=plan)
    call("over maxInputBytes", "evaluate", over, plan, {"options": json.dumps({"maxInputBytes": small})})
    wasi_case("at --max-input-bytes", ["check", "-", "--format", "json", "--max-input-bytes",
                                        str(small + 1)], stdin=plan)
    # Over the WebAssembly build's own limit (1 GiB), which the native CLI does not have: a
    # sparse file, refused by its size before a byte is read; the text is the core's.
    sparse = inputs / "sparse-1GiB+1.json"
    with open(sparse, "wb") as f:
        f.truncate((1 << 30) + 1)
    wasi.append({"name": "over the wasm32 limit, sparse file", "args": ["check", sparse.name],
                 "stdin": None, "dir": str(inputs), "stdout": "", "code": 2,
                 "stderr": f"error[input-too-large]: {sparse.name}: {WASM32_TOO_LARGE}\n"})
    # Larger than one read of Python wasmtime (it answers a 128 MiB `fd_read` with ENOMEM): a
    # plan followed by 130 MiB of spaces, from a file and from standard input.
    padded = inputs / "padded-130MiB.json"
    with open(padded, "wb") as f:
        f.write(plan.read_bytes())
        f.write(b" " * (130 << 20))
    wasi_case("130 MiB, file", ["check", padded.name, "--format", "json"], cwd=inputs)
    wasi_case("130 MiB, stdin", ["check", "-", "--format", "json"], stdin=padded)

    wasi_case("missing file", ["check", "missing.json"], cwd=inputs)
    wasi_case("no command", [])
    wasi_case("unknown format", ["check", "-", "--format", "nope"], stdin=plan)
    wasi_case("version", ["--version"])
    wasi_case("controls", ["controls"])
    wasi_case("options schema", ["schema", "options"])

    # Options come from the plugin config, which the CLI has no form of: exact texts.
    extism.append({"name": "misspelt option", "function": "evaluate", "input": str(plan),
                   "config": {"options": '{"failOnUnknwon": true}'}, "errorStart": MISSPELT_OPTION})
    extism.append({"name": "option as its own config key", "function": "evaluate",
                   "input": str(plan), "config": {"failOnUnknown": "true"}, "error": BARE_KEY})
    (inputs / "files-not-object.json").write_text("[1]")
    extism.append({"name": "evaluate_sources, not an object", "function": "evaluate_sources",
                   "input": str(inputs / "files-not-object.json"), "config": {},
                   "errorStart": "error[invalid-json]: the files are not an object of file name "
                                 "to text: "})
    (inputs / "files-not-utf8.json").write_bytes(b'{"\xff": ""}')
    extism.append({"name": "fix_sources, not utf-8", "function": "fix_sources",
                   "input": str(inputs / "files-not-utf8.json"), "config": {},
                   "error": "error[invalid-encoding]: the input is not valid utf-8 (byte 2)\n"
                            "  help: expected a JSON object of file name to text, e.g. "
                            "{\"main.tf\": \"resource ...\"}"})
    opa.append({"name": "misspelt option", "input": str(plan),
                "options": {"failOnUnknwon": True}, "errorStart": MISSPELT_OPTION})
    opa.append({"name": "misspelt data.imdsv2 key", "input": str(plan), "data": {"imdsv2": {"option": {}}},
                "error": "error[invalid-options]: invalid options: unknown field `option` in "
                         "`data.imdsv2`, expected `options`\n  help: set the options as "
                         "`data.imdsv2.options`, e.g. {\"imdsv2\": {\"options\": "
                         "{\"failOnUnknown\": true}}}"})
    version = native_run(["--version"])
    call("version", "version", {**version, "stdout": version["stdout"].split()[1]})
    call("controls", "controls", native_run(["controls"]))

    cases = {"wasi": wasi, "extism": extism, "embed": embed, "opa": opa}
    (out / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")
    print(f"expect.py: {len(wasi)} WASI runs, {len(extism)} Extism calls, {len(embed)} embed runs, "
          f"{len(opa)} OPA evaluations",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: expect.py NATIVE_CLI OUT_DIR")
    main(sys.argv[1], sys.argv[2])
