# Sourced by set-up steps: pip_ensure REQ... installs each NAME[EXTRAS]==VERSION whose NAME is
# not installed at exactly VERSION, in one pip call, and does nothing when all are.
pip_ensure() {
  local missing=() req name version have
  for req in "$@"; do
    name=${req%%==*} version=${req##*==}
    name=${name%%\[*}
    have=$(python3 -c "from importlib.metadata import version; print(version('$name'))" 2>/dev/null || true)
    [ "$have" = "$version" ] || missing+=("$req")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf '==> %s\n' "pip install ${missing[*]}" >&2
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "${missing[@]}"
  fi
}
