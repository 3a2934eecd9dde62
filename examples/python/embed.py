"""Gate a Terraform plan (or EC2 DescribeInstances JSON) on Security Hub EC2.8 (IMDSv2) from a
Python policy tool, through the imdsv2-policy Extism plugin.

    pip install extism==1.1.1
    python3 embed.py imdsv2-policy-extism.wasm plan.json   # exit 0 pass, 1 fail, 2 bad input
"""

import json
import sys

import extism


def imdsv2_report(plugin_wasm: bytes, document: bytes, **options) -> dict:
    """The report of one document. Options as in `imdsv2-policy schema options`, e.g.
    failOnUnknown=True; a misspelt option is an error, not silently ignored."""
    config = {"options": json.dumps(options)}
    with extism.Plugin(plugin_wasm, config=config) as plugin:
        return json.loads(plugin.call("evaluate", document))


def main(plugin_path: str, document_path: str) -> int:
    with open(plugin_path, "rb") as f:
        plugin_wasm = f.read()
    with open(document_path, "rb") as f:
        document = f.read()
    try:
        report = imdsv2_report(plugin_wasm, document, failOnUnknown=True)
    except extism.Error as e:
        print(e, file=sys.stderr)  # `error[code]: message (where)`, then a help line
        return 2
    for finding in report["findings"]:
        if finding["status"] != "pass" and "suppression" not in finding:
            resource = finding["resource"]
            name = resource.get("address") or resource.get("id")
            print(f"{finding['status']}: {name}: {finding['message']}")
    return 1 if report["summary"]["verdict"] == "fail" else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: embed.py PLUGIN.wasm DOCUMENT.json", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
