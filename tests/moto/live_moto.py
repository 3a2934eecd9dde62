#!/usr/bin/env python3
"""Live documents made by the real AWS CLI against a local moto server, judged by the native CLI.

    python3 tests/moto/live_moto.py CLI [--out DIR] [--save tests/fixtures/live-moto]

Starts `moto.server` on 127.0.0.1 on a free port (stopped on every exit path), builds one
account in it with the AWS CLI (`aws`, awscli 1.x from pip), dumps it with the AWS CLI into
DIR/account/ (one evaluation), DIR/single/ (pages, `--versions '$Latest' '$Default'`) and adds
the documents moto cannot make, written by hand from the AWS CLI's documented output, into
DIR/account/ and DIR/hand/. Then runs `CLI check ... --format json` on them and checks every
finding against tests/fixtures/live-moto/expectations.txt (written from shared/domain.md before
the tool ran; tests/live_moto.rs reads the same table).

`--save` copies the documents to the fixture folder that tests/live_moto.rs reads (moto's ids
are random: the Rust test finds ids by name, as this script does).

Needs nothing in HOME: credentials, region and endpoint come from the environment and flags.
Where moto answers unlike AWS, the comment at the call says so (see also the fixture README).
"""

import argparse
import contextlib
import io
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account

# The expectations (written from shared/domain.md before the tool ran), shared with
# tests/live_moto.rs: section -> {(control, kind, name): (status, source, decidedBy)}, decidedBy
# as (kind, name) or None.
EXPECTATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "live-moto", "expectations.txt")


def load_expectations(path=EXPECTATIONS):
    sections, rows = {}, None
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                rows = sections.setdefault(line.strip("[]"), {})
                continue
            control, kind, name, status, source, by = line.split()
            rows[(control, kind, name)] = (status, source, None if by == "-" else tuple(by.split(":", 1)))
    return sections


X = load_expectations()
EXPECT = X["account"]
LC = "configuration"

# Evaluations whose failures are known errors of the tool, reported (not hidden) and not
# counted as failures; one that no longer fails is a failure, so the entry is taken out when
# the tool is fixed. tests/live_moto.rs marks the same tests `#[ignore]`.
KNOWN_TOOL_ERRORS: dict = {}

# The no-preference account default: the response's HttpTokens is `optional|required` only
# (botocore's InstanceMetadataDefaultsResponse), so "no preference" is a field left out. moto
# has no GetInstanceMetadataDefaults; both documents are hand-written from the AWS CLI's
# documented output (`aws ec2 get-instance-metadata-defaults`).
NO_PREFERENCE = {"AccountLevel": {}}
REQUIRED = {"AccountLevel": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2}}


def versions():
    from importlib.metadata import version

    return f"awscli {version('awscli')}, botocore {version('botocore')}, moto {version('moto')}"


def log(msg):
    print(f"live-moto: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto's server on a free port of 127.0.0.1, stopped on exit whatever happens."""

    def __init__(self, workdir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logfile = open(os.path.join(workdir, "moto-server.log"), "wb")
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"moto server exited with {self.proc.returncode}")
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).read()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto server did not answer within 30 s")
                time.sleep(0.2)

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logfile.close()
        return False


class Aws:
    """The real AWS CLI (awscli from pip), with nothing read from HOME.

    `text` runs the `aws` command itself, one process a call (`python -m awscli` is what the
    `aws` script runs, without a pyenv shim's start-up): every saved document comes from it.
    `__call__` runs the same CLI driver (`awscli.clidriver`, what `aws` calls) in this process,
    for the calls that build the account: a process costs about a second of start-up, the call
    itself 0.05 s. `check_same` proves both print the same bytes."""

    def __init__(self, url, home):
        self.url = url
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": home,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": os.path.join(home, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        }
        for k in ("LANG", "LC_ALL"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        self.calls = []
        self.lock = threading.Lock()
        self.driver = None

    def _args(self, args, how):
        self.calls.append(f"{shlex.join(['aws', *args])}  # {how}")
        return ["--endpoint-url", self.url, "--output", "json", *args]

    def text(self, *args):
        cmd = [sys.executable, "-m", "awscli", *self._args(args, "aws process")]
        p = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"{shlex.join(cmd)}: exit {p.returncode}\n{p.stderr}")
        return p.stdout

    def __call__(self, *args):
        text = self.inproc(*args)
        return json.loads(text) if text.strip() else None

    def inproc(self, *args):
        with self.lock:
            if self.driver is None:
                for k in [k for k in os.environ if k.startswith("AWS_")]:
                    del os.environ[k]  # no profile, token or endpoint of the caller's
                os.environ.update(self.env)
                from awscli.clidriver import create_clidriver

                self.driver = create_clidriver()
            out, err = io.StringIO(), io.StringIO()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    rc = self.driver.main(self._args(args, "driver in process"))
            except SystemExit as e:  # argparse's errors
                rc = e.code
            if rc != 0:
                raise RuntimeError(f"aws {shlex.join(args)}: exit {rc}\n{err.getvalue()}")
        return out.getvalue()

    def check_same(self, *args):
        """The `aws` process and the in-process driver print the same document."""
        exe, inproc = self.text(*args), self.inproc(*args)
        assert exe == inproc, f"aws {shlex.join(args)}: the process and the driver differ"


def lt_data(image, options=None):
    d = {"ImageId": image, "InstanceType": "t3.micro"}
    if options is not None:
        d["MetadataOptions"] = options
    return json.dumps(d)


def par(*jobs):
    """Independent calls at once (each AWS CLI call is mostly its own start-up)."""
    with ThreadPoolExecutor(3) as ex:
        return [f.result() for f in [ex.submit(j) for j in jobs]]


def build(aws):
    """The account. Returns names -> ids."""
    ids = {"ami": {}, "lt": {}, "lc": {}, "i": {}}

    # AMIs. moto accepts --imds-support but drops it: describe-images never shows ImdsSupport.
    def ami(name, *extra):
        r = aws("ec2", "register-image", "--name", f"moto-{name}", "--root-device-name", "/dev/xvda", *extra)
        ids["ami"][name] = r["ImageId"]

    par(lambda: ami("plain"), lambda: ami("v2", "--imds-support", "v2.0"))
    plain, v2 = ids["ami"]["plain"], ids["ami"]["v2"]

    # Launch templates. Each version gets its whole data: no --source-version, which real AWS
    # merges with the new data and moto does not (it keeps only the new data).
    def template(name, data):
        r = aws("ec2", "create-launch-template", "--launch-template-name", name, "--launch-template-data", data)
        ids["lt"][name] = r["LaunchTemplate"]["LaunchTemplateId"]

    def version(name, data):
        aws("ec2", "create-launch-template-version", "--launch-template-id", ids["lt"][name],
            "--launch-template-data", data)

    def web():
        # v1 optional, v2 required (hop limit 2), v3 no MetadataOptions; default 2, latest 3.
        template("web", lt_data(plain, {"HttpTokens": "optional", "HttpPutResponseHopLimit": 1, "HttpEndpoint": "enabled"}))
        version("web", lt_data(plain, {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"}))
        version("web", lt_data(plain))
        aws("ec2", "modify-launch-template", "--launch-template-id", ids["lt"]["web"], "--default-version", "2")

    def api():
        # v1 required, v2 optional; default stays 1, latest 2.
        template("api", lt_data(plain, {"HttpTokens": "required", "HttpPutResponseHopLimit": 1}))
        version("api", lt_data(plain, {"HttpTokens": "optional"}))

    # Launch configurations, with and without --metadata-options.
    def lc(name, image, mo=None):
        args = ["autoscaling", "create-launch-configuration", "--launch-configuration-name", name,
                "--image-id", image, "--instance-type", "t3.micro"]
        aws(*args, *(["--metadata-options", mo] if mo else []))
        ids["lc"][name] = name

    # Instances. moto honours --metadata-options but not a template's MetadataOptions.
    def run(name, *args):
        tags = f"ResourceType=instance,Tags=[{{Key=Name,Value={name}}}]"
        r = aws("ec2", "run-instances", "--count", "1", "--tag-specifications", tags, *args)
        ids["i"][name] = r["Instances"][0]["InstanceId"]

    def terminated():
        run("i-terminated", "--image-id", plain, "--instance-type", "t3.micro", "--metadata-options", "HttpTokens=optional")
        aws("ec2", "terminate-instances", "--instance-ids", ids["i"]["i-terminated"])

    # Auto Scaling groups, empty (instances are not yet tied to their group by the tool).
    size = ["--min-size", "0", "--max-size", "1", "--desired-capacity", "0", "--availability-zones", f"{REGION}a"]

    def group(name, *how):
        return lambda: aws("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", name, *size, *how)

    plain_run = ["--image-id", plain, "--instance-type", "t3.micro"]
    par(
        web, api,
        lambda: template("bare", lt_data(plain)),
        lambda: lc("lc-none", plain),
        lambda: lc("lc-req-hop2", plain, "HttpTokens=required,HttpPutResponseHopLimit=2,HttpEndpoint=enabled"),
        lambda: lc("lc-opt-hop1", plain, "HttpTokens=optional,HttpPutResponseHopLimit=1"),
        lambda: lc("lc-none-v2ami", v2),
        lambda: run("i-plain-optional", *plain_run, "--metadata-options", "HttpTokens=optional"),
        lambda: run("i-plain-required", *plain_run, "--metadata-options", "HttpTokens=required,HttpEndpoint=enabled"),
        lambda: run("i-plain-none", *plain_run),
        terminated,
    )
    web_id, api_id = ids["lt"]["web"], ids["lt"]["api"]
    mixed = {"LaunchTemplate": {
        "LaunchTemplateSpecification": {"LaunchTemplateId": api_id, "Version": "$Default"},
        "Overrides": [
            {"InstanceType": "t3.micro"},
            {"InstanceType": "t3a.micro", "LaunchTemplateSpecification": {"LaunchTemplateName": "web", "Version": "1"}},
        ]}}
    par(
        group("g-web-latest", "--launch-template", f"LaunchTemplateId={web_id},Version=$Latest"),
        group("g-web-default", "--launch-template", f"LaunchTemplateId={web_id},Version=$Default"),
        group("g-web-v1", "--launch-template", "LaunchTemplateName=web,Version=1"),
        group("g-api-latest", "--launch-template", f"LaunchTemplateId={api_id},Version=$Latest"),
        group("g-mixed", "--mixed-instances-policy", json.dumps(mixed)),
        group("g-lc-none", "--launch-configuration-name", "lc-none"),
        group("g-lc-req", "--launch-configuration-name", "lc-req-hop2"),
        group("g-lc-opt", "--launch-configuration-name", "lc-opt-hop1"),
        group("g-lc-v2ami", "--launch-configuration-name", "lc-none-v2ami"),
        lambda: run("i-web-default", "--launch-template", f"LaunchTemplateId={web_id},Version=$Default"),
        lambda: run("i-web-v1", "--launch-template", "LaunchTemplateName=web,Version=1"),
    )
    return ids


def pages(aws, size, *args):
    """Every page of a paginated call (`--max-items N`, then `--starting-token`)."""
    out, token = [], None
    while True:
        page = aws(*args, "--max-items", str(size), *(["--starting-token", token] if token else []))
        out.append(page)
        token = page.get("NextToken")
        if not token:
            return out


def dump(aws, out, ids):
    """Every document, as the AWS CLI prints it: account/ and the `--versions` call from the
    `aws` command itself, the pages from the driver in process (the same bytes: check_same)."""
    account, single, hand = (os.path.join(out, d) for d in ("account", "single", "hand"))
    for d in (account, single, hand):
        os.makedirs(d, exist_ok=True)
    jobs = {
        f"{account}/describe-instances.json": ["ec2", "describe-instances"],
        f"{account}/describe-launch-templates.json": ["ec2", "describe-launch-templates"],
        f"{account}/describe-launch-configurations.json": ["autoscaling", "describe-launch-configurations"],
        f"{account}/describe-auto-scaling-groups.json": ["autoscaling", "describe-auto-scaling-groups"],
        f"{account}/describe-images.json": ["ec2", "describe-images", "--owners", "self"],
        f"{single}/describe-launch-template-versions.web.latest-default.json": [
            "ec2", "describe-launch-template-versions", "--launch-template-name", "web",
            "--versions", "$Latest", "$Default"],
    }
    for name, lt in ids["lt"].items():
        # All versions need the template named: AWS describes versions across templates only
        # for `$Latest` / `$Default`.
        jobs[f"{account}/describe-launch-template-versions.{name}.json"] = [
            "ec2", "describe-launch-template-versions", "--launch-template-id", lt]

    def one(item):
        path, args = item
        with open(path, "w") as f:
            f.write(aws.text(*args))

    with ThreadPoolExecutor(3) as ex:
        list(ex.map(one, jobs.items()))
        inst = ex.submit(pages, aws, 1, "ec2", "describe-instances")
        asg = ex.submit(pages, aws, 2, "autoscaling", "describe-auto-scaling-groups")
        inst, asg = inst.result(), asg.result()
    for name, ps in (("describe-instances", inst), ("describe-auto-scaling-groups", asg)):
        assert len(ps) > 1 and all("NextToken" in p for p in ps[:-1]), f"{name}: no NextToken pages"
        with open(f"{single}/{name}.pages-array.json", "w") as f:
            json.dump(ps, f, indent=1)
            f.write("\n")
        with open(f"{single}/{name}.pages-lines.json", "w") as f:
            f.writelines(json.dumps(p) + "\n" for p in ps)
    # moto has no GetInstanceMetadataDefaults (hand-written; see NO_PREFERENCE).
    with open(f"{account}/get-instance-metadata-defaults.json", "w") as f:
        json.dump(NO_PREFERENCE, f, indent=4)
        f.write("\n")
    with open(f"{hand}/get-instance-metadata-defaults.required.json", "w") as f:
        json.dump(REQUIRED, f, indent=4)
        f.write("\n")
    # moto's describe-images with the ImdsSupport register-image was given (moto drops it).
    with open(f"{account}/describe-images.json") as f:
        images = json.load(f)
    for i in images["Images"]:
        if i["Name"] == "moto-v2":
            assert "ImdsSupport" not in i, "moto now keeps ImdsSupport: drop the hand-edited copy"
            i["ImdsSupport"] = "v2.0"
    with open(f"{hand}/describe-images.imds-v2.json", "w") as f:
        json.dump(images, f, indent=4)
        f.write("\n")


def check(cli, *paths):
    p = subprocess.run([cli, "check", *paths, "--format", "json"], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"check {' '.join(paths)}: exit {p.returncode}\n{p.stderr}")
    return json.loads(p.stdout)


def ids_of(account_dir):
    """Names to ids, from the documents themselves (so the saved copies check the same way)."""
    def load(name):
        with open(os.path.join(account_dir, name)) as f:
            return json.load(f)

    ids = {"template": {}, "ami": {}, "instance": {}}
    for t in load("describe-launch-templates.json")["LaunchTemplates"]:
        ids["template"][t["LaunchTemplateName"]] = t["LaunchTemplateId"]
    for i in load("describe-images.json")["Images"]:
        ids["ami"][i["Name"].removeprefix("moto-")] = i["ImageId"]
    for r in load("describe-instances.json")["Reservations"]:
        for i in r["Instances"]:
            name = next(t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name")
            ids["instance"][name] = i["InstanceId"]
    return ids


def subject_id(ids, kind, name):
    """The id the report gives: templates, AMIs and instances by id, the rest by name."""
    return ids.get(kind, {}).get(name, name)


def compare(report, expect, ids, label):
    """Failures as lines: each expectation against the finding of that control and subject."""
    bad = []
    for (control, kind, name), (status, source, by) in expect.items():
        rid = subject_id(ids, kind, name)
        found = [f for f in report["findings"] if f["control"] == control and f["resource"].get("id") == rid]
        if len(found) != 1:
            bad.append(f"{label}: {control} {name} ({rid}): {len(found)} findings")
            continue
        f = found[0]
        want_by = subject_id(ids, *by) if by else None
        got = (f["status"], f["effective"]["source"], f["effective"].get("decidedBy"))
        if got != (status, source, want_by):
            bad.append(f"{label}: {control} {name}: expected {(status, source, want_by)}, got {got}: {f['message']}")
    return bad


def evaluate(cli, root):
    """Every check on one folder of documents. Returns (checks, failure lines, known lines)."""
    account, single, hand = (os.path.join(root, d) for d in ("account", "single", "hand"))
    ids = ids_of(account)
    files = sorted(os.path.join(account, n) for n in os.listdir(account) if n.endswith(".json"))
    results = []  # (label, checks, bad lines)

    def judge(label, report, expect):
        results.append((label, len(expect), compare(report, expect, ids, label)))

    def fact(label, ok, what):
        results.append((label, 1, [] if ok else [f"{label}: {what}"]))

    # The template responses as one document (an array of pages): the shape whose templates join.
    tmp = tempfile.mkdtemp(prefix="live-moto-eval-")
    lt_files = [p for p in files if os.path.basename(p).startswith("describe-launch-template")]

    def joined(lt_docs):
        path = os.path.join(tmp, f"launch-templates-{len(os.listdir(tmp))}.json")
        with open(path, "w") as f:
            json.dump([json.load(open(p)) for p in lt_docs], f)
        return path

    def layout(replace=(), add=(), lts=None):
        base = [p for p in files if p not in lt_files and os.path.basename(p) not in replace]
        return base + list(add) + [joined(lt_files if lts is None else lts)]

    try:
        whole = check(cli, *layout())
        judge("account/ joined", whole, EXPECT)
        # Every finding of the joined documents names the account and region.
        for f in whole["findings"]:
            where = (f["resource"].get("account"), f["resource"].get("region"))
            fact("account/ joined", where == (ACCOUNT, REGION), f"{f['control']} {f['resource'].get('id')} at {where}")
        expected = {(c, subject_id(ids, k, n)) for (c, k, n) in EXPECT}
        got = {(f["control"], f["resource"].get("id")) for f in whole["findings"]}
        fact("account/ joined", got == expected, f"findings beyond EXPECT {got - expected}, short {expected - got}")
        fact("account/ joined", ids["instance"]["i-terminated"] not in {i for _, i in got}, "the terminated instance is a finding")

        # The directory as the AWS CLI wrote it, and its files one by one.
        as_written = check(cli, account)
        judge("account/ as written", as_written, EXPECT)
        fact("account/ files", check(cli, *files) == as_written, "the files one by one are not the directory")

        r = check(cli, *layout({"get-instance-metadata-defaults.json"}, [os.path.join(hand, "get-instance-metadata-defaults.required.json")]))
        judge("hand/ required account default", r, X["required-default"])
        r = check(cli, *layout({"describe-images.json"}, [os.path.join(hand, "describe-images.imds-v2.json")]))
        judge("hand/ ImdsSupport v2.0", r, X["imds-v2-ami"])
        web_all = os.path.join(account, "describe-launch-template-versions.web.json")
        r = check(cli, *layout(lts=[p for p in lt_files if p != web_all] + [os.path.join(single, "describe-launch-template-versions.web.latest-default.json")]))
        judge("single/ $Latest $Default", r, X["latest-default-only"])
        summary = os.path.join(account, "describe-launch-templates.json")
        r = check(cli, summary, os.path.join(account, "describe-auto-scaling-groups.json"),
                  os.path.join(hand, "get-instance-metadata-defaults.required.json"))
        judge("describe-launch-templates without versions", r, X["summary-only"])

        # Pages (an array, one per line) in place of the whole response: the same findings.
        for name in ("describe-instances", "describe-auto-scaling-groups"):
            for shape in ("pages-array", "pages-lines"):
                r = check(cli, *layout({f"{name}.json"}, [os.path.join(single, f"{name}.{shape}.json")]))
                fact(f"single/{name}.{shape}.json", (r["findings"], r["summary"]) == (whole["findings"], whole["summary"]),
                     "findings differ from the whole response's")

        # Single files on their own.
        r = check(cli, os.path.join(account, "describe-launch-configurations.json"))
        judge("describe-launch-configurations alone", r, {k: v for k, v in EXPECT.items() if k[1] == LC})
        r = check(cli, web_all)
        judge("web's versions alone", r, {k: v for k, v in EXPECT.items() if k == ("EC2.170", "template", "web")})
        r = check(cli, os.path.join(account, "describe-instances.json"))
        judge("describe-instances alone", r, {k: v for k, v in EXPECT.items() if k[1] == "instance"})
        # Groups without their templates and configurations: unknown, never a guess.
        r = check(cli, os.path.join(account, "describe-auto-scaling-groups.json"))
        for f in r["findings"]:
            fact("groups alone", f["status"] == "unknown", f"{f['resource'].get('id')} is {f['status']}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    checks = sum(n for _, n, _ in results)
    bad, known = [], []
    for label in dict.fromkeys(l for l, _, _ in results):
        lines = [b for l, _, bs in results if l == label for b in bs]
        if label in KNOWN_TOOL_ERRORS:
            if not lines:
                bad.append(f"{label}: the known tool error no longer shows: take it out of KNOWN_TOOL_ERRORS "
                           "(and the #[ignore] in tests/live_moto.rs)")
            known += [f"{label}: {KNOWN_TOOL_ERRORS[label]}"] + [f"  {b}" for b in lines]
        else:
            bad += lines
    return checks, bad, known


def main():
    # A stop by signal still runs the `with` blocks below, so moto's server never outlives us.
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, lambda n, _f: sys.exit(128 + n))
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--out")
    ap.add_argument("--save", help="copy the documents here (tests/fixtures/live-moto)")
    ap.add_argument("--fixtures", help="only check this saved folder (no moto)")
    a = ap.parse_args()
    started = time.monotonic()
    if a.fixtures:
        checks, bad, known = evaluate(a.cli, a.fixtures)
    else:
        out = a.out or tempfile.mkdtemp(prefix="live-moto-")
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        with tempfile.TemporaryDirectory(prefix="live-moto-home-") as home, Moto(out) as moto:
            aws = Aws(moto.url, home)
            ids = build(aws)
            built = time.monotonic()
            log(f"moto up and the account built in process: {built - started:.1f} s")
            dump(aws, out, ids)
            log(f"dumped by the `aws` command: {time.monotonic() - built:.1f} s")
            aws.check_same("ec2", "describe-launch-templates")
            log(f"{len(aws.calls)} AWS CLI calls ({versions()}), documents in {out} "
                f"({time.monotonic() - started:.1f} s)")
            with open(os.path.join(out, "aws-calls.txt"), "w") as f:
                f.writelines(c + "\n" for c in aws.calls)
        checks, bad, known = evaluate(a.cli, out)
        if a.save:
            for d in ("account", "single", "hand"):
                shutil.rmtree(os.path.join(a.save, d), ignore_errors=True)
                shutil.copytree(os.path.join(out, d), os.path.join(a.save, d))
            shutil.copy(os.path.join(out, "aws-calls.txt"), a.save)
            log(f"saved to {a.save}")
    for k in known:
        print(f"KNOWN TOOL ERROR {k}" if not k.startswith("  ") else k, file=sys.stderr)
    for b in bad:
        print(f"FAIL {b}", file=sys.stderr)
    log(f"{checks} checks in {time.monotonic() - started:.1f} s")
    sys.stderr.flush()
    print(f"live-moto: {checks - len(bad)} passed, {len(bad)} failed", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
