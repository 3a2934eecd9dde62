// Node, ES modules: the same instance as `require("imdsv2-policy")` (node.cjs, wasm-bindgen's
// Node glue, which loads the module synchronously), so ESM and CommonJS users share one.
export * from "./node.cjs";
