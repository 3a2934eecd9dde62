#!/usr/bin/env bash
# The real AWS CLI and a local moto server for tests/moto/live_moto.py (scripts/test.d/
# 50-live-moto.sh): awscli and moto[server] from pip, each installed only when missing or at
# another version; moto's server extra (Flask, flask-cors) also when only it is missing. The
# versions are those tests/fixtures/live-moto/README.md names.
set -euo pipefail
. "$(dirname "$0")/../lib/pip.sh"
pip_ensure awscli==1.45.11 'moto[server]==5.2.1'
if ! python3 -c "import moto.server" 2>/dev/null; then
  printf '==> %s\n' "pip install moto[server]==5.2.1 (its server extra)" >&2
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'moto[server]==5.2.1'
fi
