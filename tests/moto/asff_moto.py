#!/usr/bin/env python3
"""ASFF findings imported into Security Hub with the real AWS CLI, against a local moto server.

    python3 tests/moto/asff_moto.py CLI

Runs `CLI check ... --format asff` on the saved live account (tests/fixtures/live-moto/account)
and on a plan (with `--aws-account-id` and `--aws-region`, which a plan does not say), then
sends every body with `aws securityhub batch-import-findings --cli-input-json file://...`, the
way the README tells users to: the AWS CLI checks each body against Security Hub's own API model
(botocore's) before it sends it, so a field of the wrong name, type or enum value fails here.
Then reads the findings back with `aws securityhub get-findings` and compares them, id by id,
with what the CLI wrote: the compliance status (never PASSED for an unknown), the workflow
(SUPPRESSED with its note), the resource. A second import of the same body must update, not
add: the ids are stable across runs. Each line the CLI writes is one body of at most 100 findings, sent as it is.
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_moto import ACCOUNT, Aws, Moto, log  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LIVE = os.path.join(ROOT, "tests", "fixtures", "live-moto", "account")
PLANS = [
    os.path.join(ROOT, "tests", "fixtures", "plan", "seed_launch_template_asg.json"),
    os.path.join(ROOT, "tests", "fixtures", "plan", "modules_keys.json"),
]
EPOCH = "1796117400"  # 2026-12-01T09:30:00Z


def check(cli, *args):
    """The findings of every body the CLI writes (one a line, at most 100 each)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    p = subprocess.run([cli, "check", *args, "--format", "asff", "--config", "none"],
                       capture_output=True, env=env)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"check {' '.join(args)}: exit {p.returncode}\n{p.stderr.decode()}")
    findings = []
    for line in p.stdout.decode().splitlines():
        body = json.loads(line)
        assert 0 < len(body["Findings"]) <= 100, len(body["Findings"])
        findings += body["Findings"]
    return {"Findings": findings}


def enum_errors(shape, value, path="Findings"):
    """Values outside an enum of Security Hub's API model (botocore's), which the AWS CLI's
    own validation (names, types, required members) does not check."""
    out = []
    if shape.type_name == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                out += enum_errors(shape.members[k], v, f"{path}.{k}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            out += enum_errors(shape.member, v, f"{path}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        for k, v in value.items():
            out += enum_errors(shape.value, v, f"{path}.{k}")
    elif getattr(shape, "enum", None) and value not in shape.enum:
        out.append(f"{path} is {value!r}, not one of {shape.enum}")
    return out


def main():
    cli = sys.argv[1]
    bodies = {
        "live account": check(cli, LIVE),
        "plans": {"Findings": [f for plan in PLANS for f in check(
            cli, plan, "--aws-account-id", ACCOUNT, "--aws-region", "eu-west-1")["Findings"]]},
    }
    failures = []
    checks = 0
    import botocore.session

    model = botocore.session.get_session().get_service_model("securityhub")
    finding_shape = model.shape_for("AwsSecurityFinding")
    for label, body in bodies.items():
        for i, f in enumerate(body["Findings"]):
            checks += 1
            failures += [f"{label}: {e}" for e in enum_errors(finding_shape, f, f"Findings[{i}]")]
    with tempfile.TemporaryDirectory(prefix="asff-moto-") as tmp, Moto(tmp) as moto:
        aws = Aws(moto.url, tmp)
        aws.text("securityhub", "enable-security-hub")
        for label, body in bodies.items():
            sent = body["Findings"]
            if not sent:
                failures.append(f"{label}: no findings to import")
                continue
            for attempt in (1, 2):
                for at in range(0, len(sent), 100):
                    path = os.path.join(tmp, f"chunk-{at}.json")
                    with open(path, "w") as f:
                        json.dump({"Findings": sent[at:at + 100]}, f)
                    # The `aws` command itself: it validates the body against the API model.
                    r = json.loads(aws.text("securityhub", "batch-import-findings",
                                            "--cli-input-json", f"file://{path}"))
                    checks += 1
                    if r.get("FailedCount") != 0:
                        failures.append(f"{label}: import {attempt}: {r.get('FailedFindings')}")
            got = {}
            token = None
            while True:
                args = ["securityhub", "get-findings", "--max-results", "100"]
                if token:
                    args += ["--next-token", token]
                page = json.loads(aws.text(*args))
                for f in page.get("Findings", []):
                    got[f["Id"]] = f
                token = page.get("NextToken")
                if not token:
                    break
            for f in sent:
                checks += 1
                back = got.get(f["Id"])
                if back is None:
                    failures.append(f"{label}: `{f['Id']}` not read back")
                    continue
                for key in ("Compliance", "Workflow", "Severity", "Resources", "Title", "GeneratorId"):
                    if back.get(key) != f.get(key):
                        failures.append(f"{label}: `{f['Id']}`: {key} reads back as {back.get(key)!r}")
                status = f["ProductFields"]["imdsv2-policy/Status"]
                expected = {"pass": "PASSED", "fail": "FAILED", "unknown": "NOT_AVAILABLE"}[status]
                if f["Compliance"]["Status"] != expected:
                    failures.append(f"{label}: `{f['Id']}` is {status} but {f['Compliance']['Status']}")
            log(f"asff: {label}: {len(sent)} findings imported twice and read back")
        # Both imports of each body: one finding per id, not two.
        total = sum(len(b["Findings"]) for b in bodies.values())
        everything = 0
        token = None
        while True:
            args = ["securityhub", "get-findings", "--max-results", "100"]
            if token:
                args += ["--next-token", token]
            page = json.loads(aws.text(*args))
            everything += len(page.get("Findings", []))
            token = page.get("NextToken")
            if not token:
                break
        checks += 1
        if everything != total:
            failures.append(f"{everything} findings in Security Hub after importing {total} twice")
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(f"asff-moto: {checks - len(failures)} passed, {len(failures)} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
