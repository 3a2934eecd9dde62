// Generates the package's TypeScript types from the JSON Schemas of the Rust types
// (`imdsv2_policy::wasm::json_schemas`, printed by `cargo run --example js_schemas`), so that
// no type is written by hand.
//
//   node npm/build/gen-types.mjs SCHEMAS.json OUT.d.ts
import { compile } from "json-schema-to-typescript";
import { readFileSync, writeFileSync } from "node:fs";

const [input, out] = process.argv.slice(2);
if (!input || !out) {
  console.error("usage: node gen-types.mjs SCHEMAS.json OUT.d.ts");
  process.exit(2);
}
const schema = JSON.parse(readFileSync(input, "utf8"));
const rootName = schema.title;
let ts = await compile(schema, rootName, {
  bannerComment: "",
  // Every `$defs` entry becomes a named type, including those only reached from another.
  unreachableDefinitions: true,
  additionalProperties: false,
  strictIndexSignatures: true,
  format: true,
  style: { printWidth: 100 },
});

// The root only lists the entry points; it is not a value anyone passes.
const root = ts.indexOf("/**\n * The values the npm package");
const rootEnd = ts.indexOf("\n}\n", root);
if (root < 0 || rootEnd < 0) throw new Error("gen-types: the root interface was not found");
ts = ts.slice(0, root) + ts.slice(rootEnd + 3);
// json-schema-to-typescript's note on where each type came from says nothing to a user.
ts = ts
  .replace(/\n \*\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g, "")
  .replace(/\n \* This interface was referenced by `[^`]+`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g, "")
  .replace(/\/\*\*\n \*\/\n/g, "");
if (ts.includes("This interface was referenced")) {
  throw new Error("gen-types: unexpected comment shape from json-schema-to-typescript");
}

const header = `// Generated from the Rust types by npm/build/gen-types.mjs: do not edit.
`;
writeFileSync(out, header + ts);
