#!/usr/bin/env python3
"""action.yml is YAML GitHub can load, and its inputs are the ones npm/src/action.cjs reads.

    python3 tests/action_yml.py

(A description holding `: ` unquoted made the whole file invalid YAML once; GitHub refuses
such an action before it runs.) Needs PyYAML, which awscli brings (scripts/setup.d/35-moto.sh).
"""
import os
import re
import sys

import yaml

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
with open(os.path.join(root, "action.yml")) as f:
    action = yaml.safe_load(f)
with open(os.path.join(root, "npm", "src", "action.cjs")) as f:
    js = f.read()
declared = set(action["inputs"])
read = set(re.findall(r'[iI]nput\(env, "([a-z-]+)"\)', js)) | set(re.findall(r'\["([a-z-]+)", "--', js))
problems = []
if action.get("runs", {}).get("using") not in ("node20", "node24"):
    problems.append(f"runs.using is {action.get('runs', {}).get('using')!r}")
for name in sorted(read - declared):
    problems.append(f"action.cjs reads input `{name}`, which action.yml does not declare")
for name in sorted(declared - read):
    problems.append(f"action.yml declares input `{name}`, which action.cjs never reads")
for name, spec in action["inputs"].items():
    if not isinstance(spec.get("description"), str) or not spec["description"]:
        problems.append(f"input `{name}` has no description")
for p in problems:
    print(f"FAIL {p}", file=sys.stderr)
print(f"action.yml: {len(declared)} inputs, {len(problems)} problems")
sys.exit(1 if problems else 0)
