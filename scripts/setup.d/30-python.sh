#!/usr/bin/env bash
# Python hosts for the WASI command, the Extism plugin and the OPA module
# (tests/hosts/python_hosts.py and examples/python/embed.py), each installed only when missing
# or at another version. The wheels carry their runtimes: nothing is downloaded at run time.
set -euo pipefail
# opa-wasmtime: an OPA Wasm SDK over that wasmtime, for the OPA module. (PyPI's opa-wasm needs
# wasmer 1.x, which has no build for this Python: it installs, but does not import.)
. "$(dirname "$0")/../lib/pip.sh"
pip_ensure wasmtime==50.0.1 extism==1.1.1 opa-wasmtime==0.1.1
