"""Writes the host tests' cases, each with what the native CLI answers to it.

    python3 tests/hosts/expect.py NATIVE_CLI NATIVE_REQUEST NATIVE_COMPONENT OUT_DIR

OUT_DIR/cases.json then holds:
- `wasi`: command lines for the WASI command (stdin from a file, or files in the directory
  preopened as `.`), with the native CLI's stdout, stderr and exit code, run the same way;
- `extism`: calls of the Extism plugin (function, input file, plugin config) with the output or
  the error text the native CLI gives for the same input and options;
- `embed`: runs of examples/python/embed.py with what it must print and its exit code;
- `opa`: evaluations of the OPA module (input file, `data.imdsv2.options`) with the native
  CLI's JSON report (from which the hosts derive `findings`, `deny` and `allow`) or its error
  text, for the file's bytes and (`dumped`) for Python's `json.dumps` of it.
- `component`: calls of the WebAssembly component (`evaluate` or `fix-sources`, named
  documents read from files, the options JSON) with the core's answer, made natively by
  NATIVE_COMPONENT (examples/component.rs): `ok` (the report, or the fix, as JSON) or `error`
  (its code, message, location and help, which the component's error record must hold).
  Where the CLI has the same call, its stdout is `ok` byte for byte, or its stderr is the
  error's text.
The hosts (python_hosts.py, node_hosts.mjs, opa_host.mjs, component_host.mjs) must answer each case byte for
byte the same.

Several documents as one evaluation (`requests()`): each set is written as files to a
directory of its own, and the native CLI's `check NAME... --format json` there is the answer
of the WASI command given the same arguments, of the Extism plugin's `evaluate_request` and
of the OPA module given the request (`{"documents": [{"name", "content"}]}`) of those files,
content as text and as JSON. NATIVE_REQUEST (examples/request.rs: the core's
`evaluate_request_json`, natively) must give the CLI's answer to each; it alone answers what
the CLI has no form of (no documents, a name twice, options from the host and the request).
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
LIVE_CORPUS = CORPUS / "live"

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


def requests():
    """Sets of documents, each one evaluation: `(set, [(name, bytes)], request options, CLI
    flags)`. The live fixtures (one account's AWS CLI documents), every real live corpus set
    (its placebo recordings unwrapped and the failed ones left out, as tests/corpus_live.rs
    reads them), two plans, a plan with a DescribeInstances response, and Terraform source."""
    def files(directory, prefix):
        return [(f"{prefix}/{p.name}", p.read_bytes()) for p in sorted(directory.glob("*.json"))]

    sets = [("live-fixtures", files(FIXTURES / "live", "live"), None, [])]
    for directory in sorted(d for d in LIVE_CORPUS.iterdir() if d.is_dir()):
        docs = []
        for name, data in files(directory, directory.name):
            if directory.name.startswith("custodian-"):
                recording = json.loads(data)
                if recording["status_code"] != 200:
                    continue
                data = json.dumps(recording["data"], indent=1).encode()
            docs.append((name, data))
        sets.append((f"corpus {directory.name}", docs, None, []))
    plans = [FIXTURES / "plan" / "seed_instance.json", FIXTURES / "plan" / "lt_by_reference.json"]
    sets.append(("two plans", [(p.name, p.read_bytes()) for p in plans], None, []))
    # Options that change the report (expect.py checks that they do).
    options, flags = {"controls": ["EC2.8"], "failOnUnknown": True}, ["--control", "EC2.8", "--fail-on-unknown"]
    sets.append(("two plans, options", [(p.name, p.read_bytes()) for p in plans], options, flags))
    sets.append(("live-fixtures, options", sets[0][1], options, flags))
    # The language is an option of every host as `--lang` is the CLI's: the same Japanese JSON.
    ja, ja_flags = {"lang": "ja"}, ["--lang", "ja"]
    sets.append(("two plans, lang ja", [(p.name, p.read_bytes()) for p in plans], ja, ja_flags))
    sets.append(("live-fixtures, lang ja", sets[0][1], ja, ja_flags))
    both = [ROOT / "examples" / "plan.json", ROOT / "examples" / "describe-instances.json"]
    sets.append(("plan and describe-instances", [(p.name, p.read_bytes()) for p in both], None, []))
    for fixture in ("multiple_files", "variables_and_tfvars"):
        before = FIXTURES / "source" / fixture / "before"
        docs = [(f"{fixture}/{p.name}", p.read_bytes()) for p in sorted(before.iterdir()) if p.is_file()]
        sets.append((f"source {fixture}", docs, None, []))
    if sum(len(d) > 1 for _, d, _, _ in sets) < 12:
        sys.exit(f"expect.py: too few sets of several documents: {[n for n, _, _, _ in sets]}")
    return sets


def request_json(docs, options=None, as_json=False):
    """The request of named documents: content as text, or (`as_json`) as the parsed JSON."""
    request = {"documents": [
        {"name": n, "content": json.loads(d) if as_json else d.decode()} for n, d in docs]}
    if options is not None:
        request["options"] = options
    return json.dumps(request).encode()


def main(native: str, native_request: str, native_component: str, out_dir: str) -> None:
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

    wasi, extism, embed, opa, component = [], [], [], [], []

    def component_case(name, function, docs, options=None, expected=None, start=None):
        """A call of the component on `docs` (`[(name, path)]`): the core's answer natively,
        which must be the CLI's `expected` run (its stdout, or its error text when it exited
        2) or, where the CLI has no such call, start with `start`."""
        call = {"function": function, "documents": [{"name": n, "path": str(p)} for n, p in docs],
                "options": json.dumps(options) if options is not None else ""}
        p = subprocess.run([native_component], input=json.dumps(call).encode(), env=env,
                           capture_output=True)
        if p.returncode != 0 or p.stderr:
            sys.exit(f"expect.py: {native_component} failed on {name}: {p}")
        answer = json.loads(p.stdout)
        if expected is not None:
            want = ({"text": expected["stderr"].removesuffix("\n")} if expected["code"] == 2
                    else {"ok": expected["stdout"]})
            got = {k: answer.get(k) for k in want}
            if got != want:
                sys.exit(f"expect.py: {name}: the core's component answer is not the CLI's:\n"
                         f"{str(got)[:600]}\n{str(want)[:600]}")
        elif not answer.get("text", "").startswith(start or "\0"):
            sys.exit(f"expect.py: {name}: the core answered {answer}, expected {start!r}...")
        answer.pop("text", None)
        component.append({"name": name, **call, **answer})

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
        f for f in ("sarif", "github", "csv", "markdown") if native_run(["check", "-", "--format", f], plan)["code"] != 2
    ]
    options_flags = ["--fail-on-unknown", "--endpoint-disabled", "pass"]
    options_json = json.dumps({"failOnUnknown": True, "endpointDisabled": "pass"})

    for i, path in enumerate(docs):
        name = f"{path.parent.name}/{path.name}"
        wasi_case(f"{name} stdin text", ["check", "-"], stdin=path)
        json_report = wasi_case(f"{name} stdin json", ["check", "-", "--format", "json"], stdin=path)
        wasi_case(f"{name} file text", ["check", path.name], cwd=path.parent)
        file_report = wasi_case(f"{name} file json", ["check", path.name, "--format", "json"],
                                cwd=path.parent)
        call(f"{name} evaluate", "evaluate", json_report, path)
        opa_case(name, path)
        component_case(f"{name} file", "evaluate", [(path.name, path)], expected=file_report)
        component_case(f"{name} stdin", "evaluate", [("-", path)], expected=json_report)
        if i % 4 == 0:
            flagged = wasi_case(f"{name} stdin json, options",
                                ["check", "-", "--format", "json", *options_flags], stdin=path)
            call(f"{name} evaluate, options", "evaluate", flagged, path, {"options": options_json})
            component_case(f"{name} stdin, options", "evaluate", [("-", path)],
                           json.loads(options_json), flagged)
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
        by_name = wasi_case(f"{name} file", ["check", path.name, "--format", "json"], cwd=path.parent)
        call(f"{name} evaluate", "evaluate", expected, path)
        component_case(f"{name} stdin", "evaluate", [("-", path)], expected=expected)
        component_case(f"{name} file", "evaluate", [(path.name, path)], expected=by_name)
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
        # The component reads the host's WASI clock where the options give no `today`.
        named = [(f.relative_to(directory).as_posix(), f) for f in files]
        component_case(f"{name} evaluate", "evaluate", named, expected=report)
        component_case(f"{name} fix-sources", "fix-sources", named, expected=fixed)
        component_case(f"{name} fix-sources, today", "fix-sources", named,
                       json.loads(today["options"]), fixed)

    wrong_kind = wasi_case("plan read as describe-instances",
                           ["check", "-", "--input-kind", "ec2-describe-instances"], stdin=plan)
    call("plan read as describe-instances", "evaluate", wrong_kind, plan,
         {"options": json.dumps({"inputKind": "ec2-describe-instances"})})
    opa_case("plan read as describe-instances", plan, ["--input-kind", "ec2-describe-instances"],
             {"inputKind": "ec2-describe-instances"})
    component_case("plan read as describe-instances", "evaluate", [("-", plan)],
                   {"inputKind": "ec2-describe-instances"}, wrong_kind)
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
    component_case("over maxInputBytes, named", "evaluate", [(plan.name, plan)],
                   {"maxInputBytes": small}, over_file)
    at = wasi_case("at --max-input-bytes", ["check", "-", "--format", "json", "--max-input-bytes",
                                             str(small + 1)], stdin=plan)
    component_case("at maxInputBytes", "evaluate", [("-", plan)], {"maxInputBytes": small + 1}, at)
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

    def core(request_path, host_options=None):
        """The core's answer to a request, natively (examples/request.rs)."""
        args = [native_request] + ([json.dumps(host_options)] if host_options is not None else [])
        with open(request_path, "rb") as f:
            p = subprocess.run(args, stdin=f, env=env, capture_output=True)
        if p.returncode == 2:
            return {"error": p.stderr.decode().removesuffix("\n")}
        if p.returncode != 0 or p.stderr:
            sys.exit(f"expect.py: {native_request} failed on {request_path}: {p}")
        return {"report": p.stdout.decode()}

    def request_cases(name, path, answer, options=None, host_options=None, today=None):
        """`evaluate_request` and the OPA module given the request at `path`: `answer` is
        `{"report": ...}` or `{"error": ...}`, and the core's own answer natively must be it."""
        native_answer = core(path, host_options)
        if native_answer != answer:
            sys.exit(f"expect.py: {name}: the core's request answer is not the CLI's:\n"
                     f"{str(native_answer)[:600]}\n{str(answer)[:600]}")
        config = {}
        if host_options is not None or today:
            config["options"] = json.dumps({**(host_options or {}), **(today or {})})
        key = "output" if "report" in answer else "error"
        extism.append({"name": f"{name} evaluate_request", "function": "evaluate_request",
                       "input": str(path), "config": config, key: next(iter(answer.values()))})
        data_options = ({**(host_options or {}), **(today or {})}
                        if host_options is not None or today else None)
        opa.append({"name": f"{name} request", "input": str(path), "options": data_options,
                    "requestOptions": options, **answer, "dumped": answer})

    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    for k, (set_name, docs, options, flags) in enumerate(requests()):
        where = inputs / f"request-{k}"
        for n, data in docs:
            (where / n).parent.mkdir(parents=True, exist_ok=True)
            (where / n).write_bytes(data)
        names = [n for n, _ in docs]
        report = wasi_case(f"{set_name}: check NAME...", ["check", *names, "--format", "json", *flags],
                           cwd=where)
        wasi_case(f"{set_name}: check NAME... text", ["check", *names, *flags], cwd=where)
        folders = sorted({Path(n).parent.as_posix() for n in names})
        if len(folders) == 1 and folders[0] != "." and not names[0].endswith(".tf"):
            # The folder as the CLI reads it: its `.json` files in name order, named `DIR/FILE`.
            wasi_case(f"{set_name}: check DIR/", ["check", f"{folders[0]}/", "--format", "json"],
                      cwd=where)
        if report["code"] == 2:
            sys.exit(f"expect.py: {set_name}: the native CLI refused the documents: {report['stderr']}")
        component_case(f"{set_name}", "evaluate", [(n, where / n) for n in names], options, report)
        answer = {"report": report["stdout"]}
        source = all(n.endswith((".tf", ".tfvars")) for n in names)
        # No clock in the plugin or the OPA module (wasm32-unknown-unknown): the host gives
        # `today` for Terraform source, whose inline suppressions can expire.
        today = {"today": day} if source else None
        text_request = inputs / f"request-{k}.json"
        text_request.write_bytes(request_json(docs, options))
        request_cases(f"{set_name}, content as text", text_request, answer, options, today=today)
        if not source:
            json_request = inputs / f"request-{k}.as-json.json"
            json_request.write_bytes(request_json(docs, options, as_json=True))
            request_cases(f"{set_name}, content as JSON", json_request, answer, options)
        if options is not None:
            plain_run = native_run(["check", *names, "--format", "json"], cwd=where)
            if plain_run["stdout"] == report["stdout"]:
                sys.exit(f"expect.py: {set_name}: the options do not change the report")
            # The same options from the host: Extism's config, OPA's data.imdsv2.options.
            plain = inputs / f"request-{k}.no-options.json"
            plain.write_bytes(request_json(docs))
            request_cases(f"{set_name}, host options", plain, answer, None, host_options=options)
            # And from both: refused, whichever host.
            both = core(text_request, options)
            if "invalid-options" not in both.get("error", ""):
                sys.exit(f"expect.py: {set_name}: options twice were not refused: {both}")
            request_cases(f"{set_name}, options twice", text_request, both, options, host_options=options)

    # A bad document among several: the CLI's error, naming the document.
    plan_doc = (plan.name, plan.read_bytes())
    for bad_name in ("not-a-plan.json", "not-json.json"):
        where = inputs / f"request-bad-{bad_name}"
        where.mkdir(exist_ok=True)
        docs = [plan_doc, (bad_name, BAD_INPUTS[bad_name])]
        for n, data in docs:
            (where / n).write_bytes(data)
        refused = wasi_case(f"{bad_name} among two: check NAME...",
                            ["check", *[n for n, _ in docs], "--format", "json"], cwd=where)
        if refused["code"] != 2 or not refused["stderr"].startswith(f"error[") \
                or f"{bad_name}: " not in refused["stderr"]:
            sys.exit(f"expect.py: the native CLI did not refuse {bad_name} by name: {refused}")
        path = inputs / f"request-bad-{bad_name}.request.json"
        path.write_bytes(json.dumps({"documents": [
            {"name": n, "content": d.decode()} for n, d in docs]}).encode())
        request_cases(f"{bad_name} among two", path, {"error": refused["stderr"].removesuffix("\n")})
        component_case(f"{bad_name} among two", "evaluate", [(n, where / n) for n, _ in docs],
                       expected=refused)
    # JSON and Terraform source mixed: the CLI refuses the arguments (a usage error, its own
    # words); a request is refused with the core's.
    where = inputs / "request-mixed"
    where.mkdir(exist_ok=True)
    (where / "main.tf").write_bytes((ROOT / "examples" / "terraform" / "main.tf").read_bytes())
    (where / plan.name).write_bytes(plan.read_bytes())
    mixed = wasi_case("main.tf and a plan: check NAME...", ["check", "main.tf", plan.name], cwd=where)
    if mixed["code"] != 2 or "Terraform source" not in mixed["stderr"]:
        sys.exit(f"expect.py: the native CLI did not refuse source and a plan together: {mixed}")
    # Several JSON documents and a folder together, the folder's files named `DIR/FILE`.
    where = inputs / "request-file-and-dir"
    (where / "live").mkdir(parents=True, exist_ok=True)
    for p in sorted((FIXTURES / "live").glob("*.json")):
        (where / "live" / p.name).write_bytes(p.read_bytes())
    (where / "describe-instances.json").write_bytes((ROOT / "examples" / "describe-instances.json").read_bytes())
    joined = wasi_case("a file and a folder: check FILE DIR/",
                       ["check", "describe-instances.json", "live/", "--format", "json"], cwd=where)
    if joined["code"] == 2:
        sys.exit(f"expect.py: the native CLI refused a file and a folder: {joined}")
    docs = [(p.relative_to(where).as_posix(), p.read_bytes())
            for p in [where / "describe-instances.json", *sorted((where / "live").glob("*.json"))]]
    path = inputs / "request-file-and-dir.json"
    path.write_bytes(request_json(docs))
    request_cases("a file and a folder", path, {"report": joined["stdout"]})
    component_case("a file and a folder", "evaluate", [(n, where / n) for n, _ in docs],
                   expected=joined)
    # What the CLI has no form of: the core's words (examples/component.rs), as for requests.
    main_tf = ROOT / "examples" / "terraform" / "main.tf"
    component_case("no documents", "evaluate", [], start="error[invalid-request]: there are no documents")
    component_case("a name twice", "evaluate", [(plan.name, plan), (plan.name, plan)],
                   start="error[invalid-request]: invalid request: `documents[1]` has the name "
                         f"`{plan.name}` of an earlier document")
    component_case("source and a plan", "evaluate", [("main.tf", main_tf), (plan.name, plan)],
                   start="error[invalid-request]: `main.tf` is Terraform source")
    component_case("a misspelt option", "evaluate", [(plan.name, plan)], {"failOnUnknwon": True},
                   start=MISSPELT_OPTION)
    component_case("fix-sources, a name twice", "fix-sources",
                   [("main.tf", main_tf), ("main.tf", main_tf)],
                   start="error[invalid-request]: invalid request: `files[1]` has the name "
                         "`main.tf` of an earlier file")
    component_case("fix-sources, bad today", "fix-sources", [("main.tf", main_tf)],
                   {"today": "tomorrow"},
                   start="error[invalid-options]: invalid options: `today` is `tomorrow`, not a date")
    bad_hcl = inputs / "bad.tf"
    bad_hcl.write_text('resource "aws_instance" "x" {\n  ami = \n')
    bad_dir = inputs / "bad-hcl"
    bad_dir.mkdir(exist_ok=True)
    (bad_dir / "main.tf").write_bytes(bad_hcl.read_bytes())
    refused_hcl = wasi_case("bad HCL: check", ["check", "main.tf", "--format", "json"], cwd=bad_dir)
    if "invalid-hcl" not in refused_hcl["stderr"]:
        sys.exit(f"expect.py: the native CLI did not refuse bad HCL: {refused_hcl}")
    component_case("bad HCL", "evaluate", [("main.tf", bad_hcl)], expected=refused_hcl)
    # What only a request can say. The answers are the core's (examples/request.rs), whose
    # error code every host must give; `expected` is the start of its text.
    only_request = [
        ("no documents", b'{"documents": []}', "error[invalid-request]: there are no documents"),
        ("a name twice", json.dumps({"documents": [
            {"name": "plan.json", "content": plan.read_text()},
            {"name": "plan.json", "content": plan.read_text()}]}).encode(),
         "error[invalid-request]: invalid request: `documents[1]` has the name `plan.json`"),
        ("source and a plan", json.dumps({"documents": [
            {"name": "main.tf", "content": (ROOT / "examples" / "terraform" / "main.tf").read_text()},
            {"name": "plan.json", "content": plan.read_text()}]}).encode(),
         "error[invalid-request]: `main.tf` is Terraform source"),
        ("a misspelt request field", json.dumps({"documents": [
            {"name": "plan.json", "content": plan.read_text()}], "optons": {}}).encode(),
         "error[invalid-request]: invalid request: unknown field `optons`"),
        ("content a number", b'{"documents": [{"name": "plan.json", "content": 1}]}',
         "error[invalid-request]: invalid request: `documents[0].content` is `1`"),
        ("a misspelt option in the request", json.dumps({"documents": [
            {"name": "plan.json", "content": plan.read_text()}],
            "options": {"failOnUnknwon": True}}).encode(), MISSPELT_OPTION),
    ]
    for n, (case_name, body, start) in enumerate(only_request):
        path = inputs / f"request-only-{n}.json"
        path.write_bytes(body)
        answer = core(path)
        if not answer.get("error", "").startswith(start):
            sys.exit(f"expect.py: {case_name}: the core answered {answer}, expected {start!r}...")
        request_cases(case_name, path, answer)
    # Over `maxInputBytes`, the host's or the request's own: refused by the request's length
    # (the plugin's before it loads the input).
    for k, (whose, in_request) in enumerate([("the host's", False), ("the request's", True)]):
        path = inputs / f"request-over-{k}.json"
        limit = len(request_json([plan_doc])) - 1
        limit_option = {"maxInputBytes": limit}
        path.write_bytes(request_json([plan_doc], limit_option if in_request else None))
        host = None if in_request else limit_option
        answer = core(path, host)
        if "error[input-too-large]: the input is " not in answer.get("error", ""):
            sys.exit(f"expect.py: a request over maxInputBytes was not refused: {answer}")
        request_cases(f"a request over {whose} maxInputBytes", path, answer,
                      limit_option if in_request else None, host_options=host)

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
    component.append({"name": "version", "function": "version", "ok": version["stdout"].split()[1]})
    if sum("error" in c for c in component) < 10 or sum("ok" in c for c in component) < 50:
        sys.exit(f"expect.py: too few component cases: {len(component)}")

    cases = {"wasi": wasi, "extism": extism, "embed": embed, "opa": opa, "component": component}
    (out / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")
    print(f"expect.py: {len(wasi)} WASI runs, {len(extism)} Extism calls, {len(embed)} embed runs, "
          f"{len(opa)} OPA evaluations, {len(component)} component calls",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: expect.py NATIVE_CLI NATIVE_REQUEST NATIVE_COMPONENT OUT_DIR")
    main(*sys.argv[1:])
