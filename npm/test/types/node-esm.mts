// Compiled with `tsc --noEmit` only: proves the generated declarations describe the API. Each
// `@ts-expect-error` must stay an error, so types that grow too loose fail the check.
import {
  controls,
  evaluate,
  evaluateSources,
  fixSources,
  formatError,
  githubStepSummary,
  outputFormats,
  parseIgnoreFile,
  render,
  version,
  type ErrorData,
  type Finding,
  type FixResult,
  type IgnoreEntry,
  type Options,
  type OutputFormat,
  type Policy,
  type RenderOptions,
  type Report,
} from "imdsv2-policy";

const options: Options = { failOnUnknown: true, endpointDisabled: "pass", inputKind: "terraform-plan" };
const report: Report = evaluate(new Uint8Array([123, 125]), options);
const again: Report = evaluate("{}");
const failing: Finding[] = report.findings.filter((f) => f.status === "fail");
const address: string | null | undefined = failing[0]?.resource.address;
const block: string | undefined = failing[0]?.remediation?.terraform?.block;
const verdict: "pass" | "fail" = again.summary.verdict;
const counts: number = report.summary.pass + report.summary.fail + report.summary.unknown;
const formats: OutputFormat[] = outputFormats();
const renderOptions: RenderOptions = { color: false, inputName: "plan.json" };
const sarif: string = render(report, "sarif", renderOptions);
const markdown: string = githubStepSummary(report);
const policies: Policy[] = controls();
const title: string | undefined = policies[0]?.title;
const v: string = version();
const ignore: IgnoreEntry[] = parseIgnoreFile(".imdsv2-ignore", "aws_instance.web reason: test host\n");
const sources: Report = evaluateSources({ "main.tf": 'resource "aws_instance" "a" {}' }, { ignore });
const fix: FixResult = fixSources({ "main.tf": "" });

try {
  evaluate("{");
} catch (e) {
  const message: string = formatError(e, "plan.json");
  const data = e as Error & ErrorData;
  const code: ErrorData["code"] = data.code;
  const line: number | null | undefined = data.location?.line;
  void [message, code, line, data.help];
}

// @ts-expect-error: not an output format
render(report, "xml");
// @ts-expect-error: a misspelt option is rejected at compile time, as at run time
evaluate("{}", { failOnUnknwn: true });
// @ts-expect-error: the input is text or bytes
evaluate(42);
// @ts-expect-error: not an input kind
evaluate("{}", { inputKind: "terraform" });
// @ts-expect-error: a finding's status is one of three
const status: "pass" | "fail" = report.findings[0]!.status;

void [address, block, verdict, counts, formats, sarif, markdown, title, v, sources, fix, status];
