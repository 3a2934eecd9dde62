//! Prints the JSON Schemas of the npm package's values (`imdsv2_policy::wasm::json_schemas`),
//! from which scripts/build-pkg.sh generates the package's TypeScript types.
//!
//! cargo run --example js_schemas > schemas.json

fn main() {
    print!("{}", imdsv2_policy::wasm::json_schemas());
}
