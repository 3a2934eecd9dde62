#!/usr/bin/env bash
# Python hosts for the WASI command and the Extism plugin (tests/hosts/python_hosts.py and
# examples/python/embed.py), each installed only when missing or at another version. Both
# wheels carry their runtime: nothing is downloaded at run time.
set -euo pipefail
. "$(dirname "$0")/../lib/pip.sh"
pip_ensure wasmtime==50.0.1 extism==1.1.1
