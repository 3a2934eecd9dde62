# Sourced by scripts that install cargo tools (setup.sh, fuzz.sh): `log` and `cargo_tool`.
log() { printf '==> %s\n' "$*" >&2; }

# Cargo tools, each checked where this set-up installs it (see scripts/lib/env.sh), so an empty
# CARGO_INSTALL_ROOT means a real install from nothing. `--locked` first: the tool's own lock
# file is what its authors tested. A published lock file can go stale (wasm-bindgen-cli 0.2.130
# pins a webpki-roots release crates.io no longer serves), so when the locked install fails the
# install is tried once more without it, resolving the tool's dependencies afresh within their
# semver ranges, and a line says so. A tool that installs neither way stops the script.
cargo_tool() { # cargo_tool CRATE BINARY VERSION(or "")
  local crate=$1 bin=$2 version=$3 args=()
  [ -n "$version" ] && args=(--version "=$version")
  [ -n "${CARGO_INSTALL_ROOT:-}" ] && args+=(--root "$CARGO_INSTALL_ROOT")
  log "cargo install --locked $crate${version:+ --version =$version} (into $IMDSV2_TOOLS_BIN)"
  if cargo install --locked "$crate" "${args[@]}"; then return 0; fi
  log "NOTE: the locked install of $crate failed (its published Cargo.lock no longer resolves);"
  log "      installing it again without --locked: dependencies resolved afresh within semver"
  cargo install "$crate" "${args[@]}"
}
