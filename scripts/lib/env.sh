# Sourced by every script: puts the cargo tools set-up installs first on PATH.
# Set-up installs wasm-bindgen-cli and wasm-pack into $CARGO_INSTALL_ROOT when it is set (CI
# points it at an empty, throw-away folder to prove the install works from nothing), else into
# cargo's own bin folder ($CARGO_HOME/bin, ~/.cargo/bin by default).
IMDSV2_CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
IMDSV2_TOOLS_BIN=${CARGO_INSTALL_ROOT:-$IMDSV2_CARGO_HOME}/bin
export PATH="$IMDSV2_TOOLS_BIN:$IMDSV2_CARGO_HOME/bin:$PATH"
