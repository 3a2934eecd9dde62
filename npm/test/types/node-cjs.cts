// CommonJS consumers: `require("imdsv2-policy")`, typed by node.d.cts.
import imdsv2 = require("imdsv2-policy");

const report: imdsv2.Report = imdsv2.evaluate("{}", { endpointDisabled: "fail" });
const text: string = imdsv2.render(report, "text", { color: true });
const kind: imdsv2.InputKind = report.input.kind;
// @ts-expect-error: the browser build's loader is not part of the Node entry
imdsv2.initSync;

void [text, kind];
