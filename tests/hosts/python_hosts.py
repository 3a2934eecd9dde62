"""Runs the host cases (see expect.py) under Python: the WASI command under `wasmtime`, the
Extism plugin under `extism`, examples/python/embed.py, the OPA module under the OPA SDK
`opa-wasmtime`, and the WebAssembly component under `wasmtime.component` (its WASI imports
from the Linker's WASI 0.2), each against the native CLI's answer (the component's errors
against the core's fields, which expect.py checked against the CLI's text).

    python3 tests/hosts/python_hosts.py CASES.json WASI.wasm EXTISM.wasm OPA.wasm COMPONENT.wasm
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import extism
import wasmtime
import wasmtime.component as wc

ROOT = Path(__file__).resolve().parents[2]
failures = []
passed = 0


def check(host, name, got, expected):
    global passed
    for key, want in expected.items():
        if got.get(key) != want:
            failures.append(f"{host}: {name}: {key} differs\n{diff(str(got.get(key)), str(want))}")
            return
    passed += 1


def diff(got, want):
    """The first line that differs, enough to find the cause."""
    g, w = got.splitlines(), want.splitlines()
    for i, (a, b) in enumerate(zip(g, w)):
        if a != b:
            return f"  line {i + 1}\n    got:  {a!r}\n    want: {b!r}"
    return f"  got {len(g)} lines, want {len(w)}: ...{got[-200:]!r} vs ...{want[-200:]!r}"


def wasmtime_cases(cases, wasm_path, tmp):
    engine = wasmtime.Engine()
    module = wasmtime.Module.from_file(engine, wasm_path)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    for case in cases:
        config = wasmtime.WasiConfig()
        config.argv = ["imdsv2-policy", *case["args"]]
        if case["stdin"]:
            config.stdin_file = case["stdin"]
        config.stdout_file = tmp / "stdout"
        config.stderr_file = tmp / "stderr"
        config.preopen_dir(case["dir"], ".")
        store = wasmtime.Store(engine)
        store.set_wasi(config)
        instance = linker.instantiate(store, module)
        try:
            instance.exports(store)["_start"](store)
            code = 0
        except wasmtime.ExitTrap as e:
            code = e.code
        got = {
            "stdout": (tmp / "stdout").read_bytes().decode(),
            "stderr": (tmp / "stderr").read_bytes().decode(),
            "code": code,
        }
        check("wasmtime", case["name"], got, {k: case[k] for k in ("stdout", "stderr", "code")})


def extism_cases(cases, wasm_path):
    wasm = Path(wasm_path).read_bytes()
    # One plugin per config, called again and again as a policy tool would, errors included.
    plugins = {}
    for case in cases:
        key = json.dumps(case["config"], sort_keys=True)
        if key not in plugins:
            plugins[key] = extism.Plugin(wasm, config=case["config"])
        data = Path(case["input"]).read_bytes() if case["input"] else b""
        try:
            got = {"output": plugins[key].call(case["function"], data).decode()}
        except extism.Error as e:
            got = {"error": str(e)}
        if "errorStart" in case and "error" in got:
            got["errorStart"] = got.pop("error")[: len(case["errorStart"])]
        check("extism", case["name"], got,
              {k: case[k] for k in ("output", "error", "errorStart") if k in case})
    for plugin in plugins.values():
        plugin.__exit__(None, None, None)


def embed_cases(cases, wasm_path):
    example = ROOT / "examples" / "python" / "embed.py"
    for case in cases:
        p = subprocess.run([sys.executable, example, wasm_path, case["input"]], capture_output=True)
        got = {"stdout": p.stdout.decode(), "stderr": p.stderr.decode(), "code": p.returncode}
        check("embed.py", case["name"], got, {k: case[k] for k in ("stdout", "stderr", "code")})


def opa_cases(cases, wasm_path):
    """The SDK takes Python values and passes `json.dumps` of them: each case's `dumped`
    answer, for the documents Python's json reads. Every entrypoint, in one instance."""
    from opa_wasmtime import OPAPolicy

    policy = OPAPolicy(wasm_path)
    for case in cases:
        if "dumped" not in case:
            continue
        # No data.imdsv2.options when the case sets none: a request may carry its own.
        options = case["options"]
        policy.set_data(case.get("data") or ({"imdsv2": {"options": options}} if options is not None else {}))
        document = json.loads(Path(case["input"]).read_bytes())
        want = case["dumped"]
        for entrypoint in ("imdsv2/report", "imdsv2/allow"):
            try:
                got = {"result": policy.evaluate(document, entrypoint)}
            except RuntimeError as e:
                got = {"error": str(e).removeprefix("OPA Aborted with message: ")}
            if "report" in want:
                report = json.loads(want["report"])
                result = report if entrypoint == "imdsv2/report" else report["summary"]["verdict"] == "pass"
                expected = {"result": [{"result": result}]}
            else:
                expected = {"error": want["error"]}
            check("opa-wasmtime", f"{case['name']} {entrypoint}", got, expected)


def component_cases(cases, wasm_path):
    """The component's calls, all on one instance, as a policy tool makes them: errors must
    leave it usable."""
    engine = wasmtime.Engine()
    linker = wc.Linker(engine)
    linker.add_wasip2()
    store = wasmtime.Store(engine)
    store.set_wasi(wasmtime.WasiConfig())
    instance = linker.instantiate(store, wc.Component.from_file(engine, wasm_path))
    iface = instance.get_export_index(store, "imdsv2:policy/evaluator@0.1.0")
    funcs = {n: instance.get_func(store, instance.get_export_index(store, n, iface))
             for n in ("evaluate", "fix-sources", "version")}

    def document(name, content):
        d = wc.Record()
        d.name, d.content = name, content
        return d

    for c in cases:
        docs = [(d["name"], Path(d["path"]).read_bytes()) for d in c.get("documents", [])]
        f = funcs[c["function"]]
        if c["function"] == "evaluate":
            answer = f(store, [document(n, b) for n, b in docs], c["options"])
        elif c["function"] == "fix-sources":
            answer = f(store, [(n, b.decode()) for n, b in docs], c["options"])
        else:
            answer = f(store)
        # wasmtime gives a result's ok or err payload itself: here a string or the record.
        if isinstance(answer, str):
            got = {"ok": answer}
        else:
            loc = answer.location
            error = {"code": answer.code, "message": answer.message, "help": answer.help,
                     "location": None if loc is None else {k: v for k in ("file", "path", "line", "column")
                                                           if (v := getattr(loc, k)) is not None}}
            # As the core's serde writes it: absent options left out.
            got = {"error": {k: v for k, v in error.items() if v is not None}}
        check("wasmtime.component", c["name"], got, {k: c[k] for k in ("ok", "error") if k in c})


def main(cases_path, wasi_wasm, extism_wasm, opa_wasm, component_wasm):
    cases = json.loads(Path(cases_path).read_text())
    with tempfile.TemporaryDirectory() as tmp:
        wasmtime_cases(cases["wasi"], wasi_wasm, Path(tmp))
    extism_cases(cases["extism"], extism_wasm)
    embed_cases(cases["embed"], extism_wasm)
    opa_cases(cases["opa"], opa_wasm)
    component_cases(cases["component"], component_wasm)
    for f in failures[:20]:
        print(f, file=sys.stderr)
    if len(failures) > 20:
        print(f"... and {len(failures) - 20} more", file=sys.stderr)
    print(f"python hosts: wasmtime {package_version('wasmtime')}, extism {extism.extism_version()}, "
          f"opa-wasmtime {package_version('opa-wasmtime')}")
    print(f"python-hosts: {passed} passed, {len(failures)} failed")
    return 1 if failures or passed == 0 else 0


def package_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "?"


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: python_hosts.py CASES.json WASI.wasm EXTISM.wasm OPA.wasm COMPONENT.wasm")
    sys.exit(main(*sys.argv[1:]))
