//! Link arguments for the wasm32 module: OPA hosts create the memory and pass it in as
//! `env.memory` (and ABI 1.1 has the module export it too). The stack comes first in memory
//! (rustc's default), so the module's minimum memory is stack plus static data; the JS SDK's
//! default memory is 5 pages (320 KiB), which a 128 KiB stack leaves room for.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        for arg in ["--import-memory", "--export-memory", "-zstack-size=131072"] {
            println!("cargo::rustc-link-arg-cdylib={arg}");
        }
    }
}
