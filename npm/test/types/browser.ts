// Browsers and bundlers: `await init()` loads the module, then the same API.
import init, { evaluate, initSync, render, type InitOutput, type Report } from "imdsv2-policy";

const ready: Promise<InitOutput> = init();
await ready;
initSync({ module: new Uint8Array() });
const report: Report = evaluate(await new Blob(["{}"]).text());
const json: string = render(report, "json");
// @ts-expect-error: not an output format
render(report, "pdf");

void json;
