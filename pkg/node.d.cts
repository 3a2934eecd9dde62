/* tslint:disable */
/* eslint-disable */

declare function __wbg_reset_state(): void;

/**
 * Throws the `input-too-large` error `evaluate` would throw for an input of `size` bytes
 * (UTF-8 bytes for text), without taking the input: check a file's size before reading
 * it. The limit is 1 GiB (WebAssembly's memory is 4 GiB), lowered by `maxInputBytes`.
 */
export function checkInputSize(size: number, options?: Options): void;

/**
 * Whether text output is coloured, as the CLI decides: `flag` (`--color always|never`;
 * `undefined` for auto), then `NO_COLOR`, `FORCE_COLOR`, `TERM=dumb` from `env`, then
 * whether standard output is a terminal.
 */
export function colorOf(flag: boolean | null | undefined, is_terminal: boolean, env: Record<string, string | undefined>): boolean;

/**
 * Every control this build judges, with its description, rationale and remediation.
 */
export function controls(): Policy[];

/**
 * Judges one document, or several as one evaluation: a Terraform plan or state
 * (`terraform show -json`), a state file, or AWS CLI JSON (DescribeInstances, launch
 * templates and their versions, launch configurations, Auto Scaling groups, account
 * defaults, images), as text or bytes (UTF-8, or UTF-16 with a byte-order mark). Several
 * documents are an array, each a `{name, content}` (content as text, bytes or the parsed
 * document) or bare text or bytes (named `document N`): the live ones are joined into one
 * account view, as `imdsv2-policy check a.json b.json` joins them; when every name is a
 * Terraform file (`main.tf`), they are Terraform source. Returns the report
 * `imdsv2-policy check FILE... --format json` prints, parsed. Throws an `Error` with
 * `code`, `location` and `help` for input it cannot judge.
 */
export function evaluate(input: string | Uint8Array | Array<string | Uint8Array | { name: string; content: string | Uint8Array | object }>, options?: Options): Report;

/**
 * Judges Terraform source: an object of file name to content (`.tf` files, with
 * `terraform.tfvars` / `*.auto.tfvars`; files in different directories are different
 * configurations). Returns the report `imdsv2-policy check DIR --format json` prints;
 * findings carry `location` (`file`, `line`, `column`).
 */
export function evaluateSources(files: Record<string, string>, options?: Options): Report;

/**
 * What `imdsv2-policy fix` prints on standard error for `result` (a `fixSources`
 * answer): the files written when `write`, the manual steps at their places, the files
 * `--check` would change when `check`; in `lang` (`"en"`, the default, or `"ja"`).
 */
export function fixMessages(result: FixResult, write: boolean, check: boolean, lang?: string | null): string;

/**
 * The fix of Terraform source, as `imdsv2-policy fix DIR --format json` prints it: the
 * changed files with their new content and unified diff, and the manual steps. Writes
 * nothing; the caller saves `files[].content`.
 */
export function fixSources(files: Record<string, string>, options?: Options): FixResult;

/**
 * An error as the CLI prints it on standard error: `error[CODE]: NAME: message (where)`,
 * then the help on its own line. Takes an error `evaluate` or `render` threw (or an
 * `ErrorData`); anything else is shown with the code `usage`.
 */
export function formatError(error: unknown, inputName?: string | null): string;

/**
 * The Markdown a GitHub workflow step appends to `$GITHUB_STEP_SUMMARY`, in `lang`
 * (`"en"`, the default, or `"ja"`, as `langOf` gives it).
 */
export function githubStepSummary(report: Report, lang?: string | null): string;

/**
 * Whether `name` is a file Terraform reads as configuration or variables (`.tf`,
 * `.tf.json`, `.tfvars`, `.tfvars.json`): how `check` tells source from JSON documents.
 */
export function isSourceName(name: string): boolean;

/**
 * The language of the output, as the CLI decides it: `flag` (`--lang`, `"en"` or
 * `"ja"`; `undefined` when not given), then `LC_ALL`, `LC_MESSAGES`, `LANG` from `env`.
 * `"en"` or `"ja"`, for `RenderOptions.lang`.
 */
export function langOf(flag: string | null | undefined, env: Record<string, string | undefined>): string;

/**
 * `report` (of a plan or state) with each finding placed on its block in the Terraform
 * source `files` (file name to text), as `check plan.json --source DIR` places them: for
 * SARIF and annotations on the `.tf` line. Blocks not found are named in a note.
 */
export function locateFindings(report: Report, files: Record<string, string>): Report;

/**
 * `options` (from `parseArgs`) with a config file's options under them, as the CLI merges
 * its config file (JSON, or TOML when `name` ends in `.toml`): what the flags set (`given`) wins. `name` is the file's name for
 * errors.
 */
export function mergeConfig(options: Options, given: object, text: string, name: string): Options;

/**
 * The config file the CLI would read when no `--config` is given: the nearest
 * `.imdsv2-policy.toml` or `.imdsv2-policy.json` in `dirs` (nearest first), asking
 * `isFile(path)` of the host's file system; an error when one directory holds both.
 */
export function nearestConfig(dirs: string[], is_file: (path: string) => boolean): string | undefined;

/**
 * The formats `render` writes, as the CLI's `--format` lists them.
 */
export function outputFormats(): OutputFormat[];

/**
 * The command line `argv` (without `node` and the script) as the native CLI parses it:
 * `{command: "check", args: {paths, outputs, options, given, ignoreFiles, color, quiet,
 * verbose, softFail, config}}`, `{command: "fix", args: {...}}`, `{command: "help", args:
 * TEXT}`, `{command: "schema", args: WHICH}`, `{command: "controls"}` or `{command:
 * "version"}`. Throws the CLI's `usage` error; `usageOf(argv)` is the usage to print then.
 * The package's own command runs on it, so that both parse arguments with one parser.
 */
export function parseArgs(argv: string[]): object;

/**
 * An ignore file (`TARGET [CONTROL] [expires:YYYY-MM-DD] reason: TEXT` a line) read
 * into the entries of the `ignore` option, as the CLI's `--ignore-file` does. Throws
 * for an entry without a reason, with the file, line and column.
 */
export function parseIgnoreFile(name: string, text: string): IgnoreEntry[];

/**
 * A report from `evaluate` in one of the output formats: byte for byte what
 * `imdsv2-policy check FILE --format FORMAT` prints for the same input.
 */
export function render(report: Report, format: OutputFormat, options?: RenderOptions): string;

/**
 * [`render`] as UTF-8 bytes instead of a string: a report's text can be longer than a JS
 * engine's longest string (V8: 512 MiB). The Node command writes its output from these
 * bytes, a piece at a time.
 */
export function renderBytes(report: Report, format: OutputFormat, options?: RenderOptions): Uint8Array;

/**
 * Whether `render` can write `format` for this report with these options (ASFF needs an
 * account and a region for every finding): throws the error `render` would. The Node
 * command asks for every output before it writes any.
 */
export function renderable(report: Report, format: OutputFormat, options?: RenderOptions): void;

/**
 * The directories a loader must still read so that `files` holds every module the
 * configuration calls from disk (local paths, and what `.terraform/modules/modules.json`
 * lists); `tried` are directories already read or found missing. Call it until it
 * returns nothing, reading each directory's `.tf` files, variable files and
 * `.terraform/modules/modules.json` into `files`: the Node command's loader does.
 */
export function sourceDirsToLoad(files: Record<string, string>, tried: string[]): string[];

/**
 * The time ASFF findings carry, as the CLI decides it: `SOURCE_DATE_EPOCH` (seconds)
 * when given, else `nowMs` (`Date.now()`), to the second.
 */
export function timestampOf(source_date_epoch: string | null | undefined, now_ms: number): string;

/**
 * The usage text that goes with a usage error of `argv` (its subcommand's).
 */
export function usageOf(argv: string[]): string;

/**
 * The version of this build, as the report's `tool.version` says it.
 */
export function version(): string;

/**
 * The width text output wraps to, as the CLI decides it: none unless standard output
 * is a terminal; then `COLUMNS` from `env` when it is a number, else `columns` (Node's
 * `process.stdout.columns`).
 */
export function widthOf(is_terminal: boolean, env: Record<string, string | undefined>, columns?: number | null): number | undefined;
// Generated from the Rust types by npm/build/gen-types.mjs: do not edit.
export type ErrorCode =
  | "invalid-encoding"
  | "invalid-json"
  | "unsupported-input"
  | "unsupported-format-version"
  | "invalid-document"
  | "invalid-options"
  | "invalid-request"
  | "invalid-hcl"
  | "invalid-ignore"
  | "io"
  | "usage"
  | "input-too-large"
  | "internal";
/**
 * The kinds of document the evaluator reads.
 */
export type InputKind =
  | ("terraform-plan" | "terraform-state" | "ec2-describe-instances")
  | "terraform-state-file"
  | "terraform-source"
  | "aws-live";
/**
 * The language of the human-readable texts.
 */
export type Lang = "en" | "ja";
/**
 * An output format of `render` and of the CLI's `--format`.
 */
export type OutputFormat =
  "text" | "json" | "sarif" | "github" | "junit" | "csv" | "markdown" | "asff";
export type Status = "fail" | "unknown" | "pass";
export type Severity = "critical" | "high" | "medium" | "low" | "informational";
/**
 * Where a suppression comes from, in SARIF's terms.
 */
export type SuppressionKind = "in-source" | "external" | "scanner-comment";
/**
 * How a subject with `http_endpoint = "disabled"` is judged. AWS words EC2.8 by
 * `HttpTokens` alone, so the default is `fail`; `pass` follows scanners that treat a disabled
 * endpoint as "IMDSv1 not reachable".
 */
export type EndpointDisabled = "fail" | "pass";
/**
 * The layers of the effective-value chain, in the order they are consulted.
 */
export type Source =
  | "launch-template"
  | "resource"
  | "launch-configuration"
  | "account-default"
  | "ami"
  | "aws-default";
export type Verdict = "pass" | "fail";

export interface ErrorData {
  code: ErrorCode;
  /**
   * What was expected, or what to try.
   */
  help?: string | null;
  /**
   * Boxed to keep `Result<_, Error>` small.
   */
  location?: ErrorLocation | null;
  message: string;
}
/**
 * Where in the input an error is: a JSON path, a line and column, or both; for `.tf`
 * sources and ignore files, the file as well.
 */
export interface ErrorLocation {
  column?: number | null;
  file?: string | null;
  line?: number | null;
  path?: string | null;
}
/**
 * What `fix_sources` returns: the files it changes, their diffs, and what it left to do.
 */
export interface FixResult {
  /**
   * The unified diffs of every changed file, one after the other (empty: nothing to fix).
   */
  diff: string;
  /**
   * Only files with something to change, by name.
   */
  files: FixedFile[];
  /**
   * Changes the fix would not make by itself.
   */
  manual: ManualStep[];
}
export interface FixedFile {
  /**
   * The whole new content.
   */
  content: string;
  /**
   * Unified diff, three lines of context: `--- a/FILE` / `+++ b/FILE` for a relative
   * name, the name itself for an absolute one.
   */
  diff: string;
  edits: Edit[];
  file: string;
}
/**
 * One splice of the original text.
 */
export interface Edit {
  /**
   * What the edit does, in words.
   */
  description: string;
  end: number;
  location: SourceLocation;
  replacement: string;
  /**
   * Byte offsets in the original file; `start == end` inserts.
   */
  start: number;
  /**
   * The resource (or `var.NAME`, `local.NAME`) whose block the edit is in.
   */
  target: string;
}
/**
 * A place in a source file; lines and columns count from 1.
 */
export interface SourceLocation {
  column: number;
  file: string;
  line: number;
  /**
   * In a `.tf.json` file, the JSON path of the block's key (`$.resource.aws_instance.web`).
   */
  path?: string | null;
}
export interface ManualStep {
  location?: SourceLocation | null;
  message: string;
  /**
   * The resource, variable or local to change.
   */
  target: string;
}
/**
 * One ignore entry, as hosts pass it in the `ignore` option and as an ignore file line reads.
 */
export interface IgnoreEntry {
  /**
   * The control to suppress (`EC2.8`); every control when left out.
   */
  control?: string | null;
  /**
   * The last day (`YYYY-MM-DD`) the entry holds; after it the finding counts again.
   */
  expires?: string | null;
  /**
   * Where the entry is written, for messages (the CLI fills it from the ignore file).
   */
  location?: SourceLocation | null;
  /**
   * Why the finding is accepted. Required and not blank.
   */
  reason: string;
  /**
   * A Terraform address (`aws_instance.web`, `module.app.aws_instance.web[0]`) or an
   * EC2 instance id. An address without an instance key also matches its instances
   * (`aws_instance.web` matches `aws_instance.web[0]`).
   */
  target: string;
}
export interface Options {
  /**
   * The controls to judge (`["EC2.8", "EC2.170"]`); every control when absent. An id no
   * control has is an error.
   */
  controls?: string[] | null;
  /**
   * How a subject with `http_endpoint = "disabled"` is judged. AWS words EC2.8 by
   * `HttpTokens` alone, so the default is `fail`; `pass` follows scanners that treat a disabled
   * endpoint as "IMDSv1 not reachable".
   */
  endpointDisabled?: "fail" | "pass";
  /**
   * When true, an `unknown` finding makes the verdict `fail` (and the CLI exit 1).
   */
  failOnUnknown?: boolean;
  /**
   * Suppressions: findings to keep in the report, marked suppressed, without failing the
   * run. Each needs a reason; the CLI's `--ignore-file` reads a file into this list.
   */
  ignore?: IgnoreEntry[];
  /**
   * Read the input as this kind instead of detecting it.
   */
  inputKind?: InputKind | null;
  /**
   * The language of the report's texts (messages, fixes' explanations, notes, and the
   * manual steps of `fix`): `en` (the default) or `ja`. The CLIs take `--lang` first, then
   * this, then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); every other host, this only.
   * Error messages stay English, as compilers' do, so that they can be searched for.
   */
  lang?: Lang | null;
  /**
   * The largest input to read, in bytes: a larger one is an `input-too-large` error before
   * it is read. It can only lower the build's own limit (none natively; see
   * `limits::WASM32_MAX_INPUT_BYTES` for WebAssembly), for services that cap what they take.
   */
  maxInputBytes?: number | null;
  /**
   * Today's date (`YYYY-MM-DD`), for the expiry of suppressions. Defaults to the system
   * clock; hosts without one (the browser) should pass it.
   */
  today?: string | null;
}
export interface Policy {
  /**
   * The AWS Config managed rule behind the Security Hub control.
   */
  configRule: string;
  description: string;
  /**
   * Failing and passing examples in Terraform, each run by a test (`tests/policies.rs`).
   */
  examples?: Example[];
  id: string;
  notes: PolicyNotes;
  rationale: string;
  references: string[];
  remediation: string;
  remediationUrl: string;
  severity: Severity;
  /**
   * Resource types (or `ec2-instance`) the control judges.
   */
  subjects: string[];
  title: string;
  /**
   * What of this policy is not confirmed from AWS's own pages, when something is.
   */
  unconfirmed?: string | null;
}
/**
 * One example of a policy: a Terraform configuration and the status the control gives it.
 */
export interface Example {
  status: Status;
  terraform: string;
  title: string;
}
/**
 * Wording a control's findings and fixes use; each control uses the notes it needs.
 */
export interface PolicyNotes {
  endpointDisabled?: string;
  fleetReplacement?: string;
  guardrail?: string;
  hopLimitTradeOff?: string;
  instanceRefresh?: string;
  launchConfigurationImmutable?: string;
  newTemplateVersion?: string;
  pinnedTemplateVersion?: string;
  sdkCompatibility?: string;
}
/**
 * What a writer needs beyond the report: the CLI's output flags, and the `RenderOptions`
 * object of `render` on every host (camelCase there).
 */
export interface RenderOptions {
  /**
   * `asff`: the AWS account the findings are imported into, and the account of findings
   * whose input does not say one (plans, state, source): 12 digits.
   */
  awsAccountId?: string | null;
  /**
   * `asff`: the product ARN of the findings, for a partner product; by default the
   * importing account's own custom integration
   * (`arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`).
   */
  awsProductArn?: string | null;
  /**
   * `asff`: the region the findings are imported into, and the region of findings whose
   * input does not say one.
   */
  awsRegion?: string | null;
  /**
   * ANSI colour in `text` output.
   */
  color?: boolean;
  /**
   * `junit`: unknown findings are failures, as they fail the verdict under
   * `failOnUnknown` (pass the option `evaluate` had).
   */
  failOnUnknown?: boolean;
  /**
   * The input's file name as the user gave it, for locations in `sarif`, `github` and
   * `junit`, and the summary line of `markdown`.
   */
  inputName?: string | null;
  /**
   * The language of the human-readable texts.
   */
  lang?: "en" | "ja";
  /**
   * `text` and `markdown`: only what fails or is unknown, and the verdict, without passes,
   * suppressions and notes (the CLI's `--quiet`).
   */
  quiet?: boolean;
  /**
   * `asff`: the findings' time (RFC 3339 in UTC, `2026-12-01T09:30:00Z`). The CLIs take
   * `SOURCE_DATE_EPOCH` when it is set, else the clock; the JS `render` the clock.
   */
  timestamp?: string | null;
  /**
   * `text`: a row for every finding, instead of one row per group (the CLI's
   * `--verbose`).
   */
  verbose?: boolean;
  /**
   * `text`: the terminal's width in columns, which the reason column is wrapped to
   * (`widthOf` decides it as the CLI does). Absent (not a terminal: a file, a pipe, a CI
   * log), every row stays one line.
   */
  width?: number | null;
}
/**
 * What `evaluate` returns.
 */
export interface Report {
  /**
   * Sorted by resource address or instance id, then control.
   */
  findings: Finding[];
  /**
   * Findings that one fix covers, together: the instances of one configuration block
   * (`count`, `for_each`, module instances) with the same status, layer and fix. Every
   * finding is in exactly one group, in the order of `findings`.
   */
  groups?: Group[];
  input: InputInfo;
  /**
   * Report-wide advice, such as the account-level guardrail; each said once.
   */
  notes?: Note[];
  summary: Summary;
  tool: Tool;
}
/**
 * One control judged on one subject.
 */
export interface Finding {
  control: string;
  effective: Effective;
  /**
   * Where the subject is written, when the input says (`.tf` sources).
   */
  location?: SourceLocation | null;
  /**
   * Why: the layer that decided, and any value that is not known.
   */
  message: string;
  /**
   * For fail and unknown: how to make it pass.
   */
  remediation?: Remediation | null;
  resource: ResourceRef;
  severity: Severity;
  status: Status;
  /**
   * Present when the finding is suppressed: it stays in the report with its status, but
   * does not count as `fail` or `unknown` in the summary.
   */
  suppression?: Suppression | null;
  /**
   * Set when the subject was seen but could not be read (a module call whose files are not
   * here, a resource whose address or type is missing): the finding is `unknown`, and the
   * verdict cannot be `pass` while it stands unsuppressed.
   */
  unjudged?: boolean;
}
/**
 * The settings the instance actually gets; `null` where not known before apply.
 */
export interface Effective {
  /**
   * The address of the resource that decided, when it is not the subject itself.
   */
  decidedBy?: string | null;
  hopLimit?: number | null;
  httpEndpoint?: string | null;
  httpTokens?: string | null;
  /**
   * The layer that decided (or, for unknown, the layer whose value is not known).
   */
  source:
    | "launch-template"
    | "resource"
    | "launch-configuration"
    | "account-default"
    | "ami"
    | "aws-default";
}
export interface Remediation {
  /**
   * Other places a Terraform fix can go (an instance-level override).
   */
  alternatives?: TerraformPatch[];
  /**
   * For live instances: the `ModifyInstanceMetadataOptions` request body.
   */
  apiRequest?: ModifyInstanceMetadataOptions | null;
  /**
   * For live instances: the AWS CLI command.
   */
  awsCli?: string | null;
  /**
   * Things to know before and after applying the fix.
   */
  notes?: string[];
  /**
   * What to do, in words, from the control's policy file.
   */
  summary: string;
  /**
   * The Terraform change at the resource that decides.
   */
  terraform?: TerraformPatch | null;
}
/**
 * A `metadata_options` block for one resource, and the same change as a JSON merge patch.
 */
export interface TerraformPatch {
  /**
   * The `metadata_options` block, in HCL, to put in that resource; preceded by
   * `update_default_version = true` when the fix must also make a launch template's new
   * version its default.
   */
  block: string;
  /**
   * An RFC 7396 JSON merge patch over that resource's planned values.
   */
  mergePatch: {
    [k: string]: unknown | undefined;
  };
  /**
   * Why this place, and why this hop limit.
   */
  reason: string;
  /**
   * The address of the resource to change.
   */
  target: string;
  targetType: string;
}
/**
 * The `ModifyInstanceMetadataOptions` request, as the EC2 API names its fields.
 */
export interface ModifyInstanceMetadataOptions {
  HttpEndpoint: string;
  HttpPutResponseHopLimit?: number | null;
  HttpTokens: string;
  InstanceId: string;
}
/**
 * The subject of a finding: a Terraform resource instance, or a live EC2 instance.
 */
export interface ResourceRef {
  account?: string | null;
  /**
   * The Terraform address, exactly as Terraform prints it.
   */
  address?: string | null;
  /**
   * The instance id of a live instance.
   */
  id?: string | null;
  /**
   * A live instance's `Name` tag.
   */
  nameTag?: string | null;
  region?: string | null;
  /**
   * `aws_instance`, `aws_autoscaling_group`, ... or `ec2-instance` for a live instance.
   */
  type: string;
}
/**
 * Why a finding is suppressed, and where the suppression is written.
 */
export interface Suppression {
  /**
   * The last day (`YYYY-MM-DD`) the suppression holds, when it has one.
   */
  expires?: string | null;
  kind: SuppressionKind;
  /**
   * Where the suppression is written (the comment, or the ignore file's line).
   */
  location?: SourceLocation | null;
  /**
   * The reason the suppression gives (required).
   */
  reason: string;
}
/**
 * Findings one fix covers.
 */
export interface Group {
  control: string;
  /**
   * The indices in `findings` of the findings it holds.
   */
  findings: number[];
  status: Status;
  /**
   * The configuration address (instance keys left out), or the live id.
   */
  subject: string;
}
export interface InputInfo {
  /**
   * The text encoding the input arrived in, when it was not plain UTF-8.
   */
  encoding?: string | null;
  /**
   * The document's `format_version`, when it has one.
   */
  formatVersion?: string | null;
  kind: InputKind;
  /**
   * How many launch subjects (instances, groups, node groups) were judged.
   */
  subjects: number;
  /**
   * The Terraform CLI that wrote the document, when it says.
   */
  terraformVersion?: string | null;
}
export interface Note {
  awsCli?: string | null;
  /**
   * A stable id for tools: `account-guardrail`, `not-a-provider-resource`, ...
   */
  id: string;
  message: string;
  /**
   * A Terraform snippet or command that goes with the note.
   */
  terraform?: string | null;
}
export interface Summary {
  fail: number;
  pass: number;
  /**
   * Findings that would fail or be unknown but carry an active suppression (an inline
   * `imdsv2-policy:ignore` comment or an ignore entry). They are not counted in `fail` or
   * `unknown` and do not fail the run.
   */
  suppressed?: number;
  unknown: number;
  /**
   * `fail` when the run should fail under the options given: something fails, or something
   * is unknown and `failOnUnknown` is set. Suppressed findings never fail the run.
   */
  verdict: "pass" | "fail";
}
export interface Tool {
  name: string;
  version: string;
}
