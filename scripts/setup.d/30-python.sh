#!/usr/bin/env bash
# Python hosts for the WASI command, the Extism plugin and the OPA module
# (tests/hosts/python_hosts.py and examples/python/embed.py), each installed only when missing
# or at another version. The wheels carry their runtimes: nothing is downloaded at run time.
set -euo pipefail
# opa-wasmtime: an OPA Wasm SDK over that wasmtime, for the OPA module. (PyPI's opa-wasm needs
# wasmer 1.x, which has no build for this Python: it installs, but does not import.)
want=(wasmtime==50.0.1 extism==1.1.1 opa-wasmtime==0.1.1)
missing=()
for req in "${want[@]}"; do
  name=${req%%==*} version=${req##*==}
  have=$(python3 -c "from importlib.metadata import version; print(version('$name'))" 2>/dev/null || true)
  [ "$have" = "$version" ] || missing+=("$req")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '==> %s\n' "pip install ${missing[*]}" >&2
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "${missing[@]}"
fi
