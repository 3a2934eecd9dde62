// The page's own words in English and Japanese. Every string the page writes itself goes
// through `t(key, ...args)`; what the core writes (finding messages, remediation, notes) comes
// from the core's report in the chosen language. An entry is a string, or a function of its
// arguments (counts, names) in both languages; `web/test/page.test.mjs` fails when an entry
// lacks one of them. Backquoted parts are shown as code (see `richText` in dom.js).
// The Japanese follows AWS's Japanese console: 失敗, 不明, 成功, 抑制, 起動テンプレート, ...

const n = (v) => Number(v).toLocaleString('en-US');

export const STRINGS = {
  'doc.title': { en: 'IMDSv2 check · EC2.8', ja: 'IMDSv2 チェック · EC2.8' },
  skip: { en: 'Skip to results', ja: '結果へ移動' },
  title: { en: 'IMDSv2 check', ja: 'IMDSv2 チェック' },
  'tagline.rest': {
    en: ': every instance must require session tokens for its metadata service',
    ja: ': すべてのインスタンスでメタデータサービスのセッショントークンを必須にする必要があります',
  },
  'tagline.abbr': { en: 'EC2 instances should use Instance Metadata Service Version 2', ja: 'EC2 インスタンスはインスタンスメタデータサービスバージョン 2 (IMDSv2) を使用する必要があります' },
  'lang.label': { en: 'Language', ja: '言語' },
  loading: { en: 'loading checker…', ja: 'チェッカーを読み込んでいます…' },
  version: { en: (v) => `checker v${v} · WebAssembly`, ja: (v) => `チェッカー v${v} · WebAssembly` },
  'load.failed': { en: 'checker failed to load', ja: 'チェッカーを読み込めませんでした' },
  'privacy.strong': { en: 'Your files stay on this machine.', ja: 'ファイルはこのコンピュータから出ません。' },
  'privacy.rest': {
    en: 'They are read and checked inside this browser tab by WebAssembly; nothing is uploaded, and this page makes no requests beyond its own files.',
    ja: 'このブラウザタブの中で WebAssembly が読み込んでチェックします。アップロードは一切なく、このページは自身のファイル以外へのリクエストを行いません。',
  },
  inputs: { en: 'Inputs', ja: '入力' },
  'drop.title': { en: 'Drop files here, or', ja: 'ここにファイルをドロップするか、' },
  choose: { en: 'Choose files…', ja: 'ファイルを選択…' },
  'choose.aria': { en: 'Files to check', ja: 'チェックするファイル' },
  hint: {
    en: 'Terraform plan or state JSON (`terraform show -json`), EC2 DescribeInstances JSON (`aws ec2 describe-instances`), or `.tf` files. Several at once are fine; `.tf` files chosen together are read as one configuration.',
    ja: 'Terraform のプランまたはステートの JSON (`terraform show -json`)、EC2 DescribeInstances の JSON (`aws ec2 describe-instances`)、または `.tf` ファイル。複数同時に選択できます。一緒に選択した `.tf` ファイルは 1 つの設定として読み込みます。',
  },
  'paste.summary': { en: 'Paste text instead', ja: '代わりにテキストを貼り付ける' },
  'paste.label': { en: 'JSON or Terraform to check', ja: 'チェックする JSON または Terraform' },
  'paste.submit': { en: 'Check pasted text', ja: '貼り付けたテキストをチェック' },
  'paste.empty': { en: 'Paste some text first', ja: '先にテキストを貼り付けてください' },
  'examples.label': { en: 'No file at hand? Try an example:', ja: 'ファイルがない場合は例をお試しください:' },
  'example.ec2': { en: 'DescribeInstances · 10 instances', ja: 'DescribeInstances · インスタンス 10 件' },
  'example.plan': { en: 'Terraform plan · 12 instances', ja: 'Terraform プラン · インスタンス 12 件' },
  'example.state': { en: 'Terraform state', ja: 'Terraform ステート' },
  'example.unknowns': { en: 'Plan with unknown values', ja: '不明な値を含むプラン' },
  'endpoint.label': { en: 'A disabled metadata endpoint counts as', ja: 'メタデータエンドポイントが無効な場合の判定' },
  'endpoint.fail': { en: 'fail (as AWS words EC2.8)', ja: '失敗 (AWS の EC2.8 の定義どおり)' },
  'endpoint.pass': { en: 'pass (IMDSv1 not reachable)', ja: '成功 (IMDSv1 に到達できない)' },
  'inputs.title': { en: 'Checked inputs', ja: 'チェックした入力' },
  clear: { en: 'Clear all', ja: 'すべてクリア' },
  results: { en: 'Results', ja: '結果' },
  'status.fail': { en: 'fail', ja: '失敗' },
  'status.unknown': { en: 'unknown', ja: '不明' },
  'status.pass': { en: 'pass', ja: '成功' },
  'status.suppressed': { en: 'suppressed', ja: '抑制' },
  'filter.legend': { en: 'Show findings with status', ja: '表示する検出結果のステータス' },
  'filter.all': { en: 'All', ja: 'すべて' },
  'filter.fail': { en: 'Fail', ja: '失敗' },
  'filter.unknown': { en: 'Unknown', ja: '不明' },
  'filter.pass': { en: 'Pass', ja: '成功' },
  'filter.suppressed': { en: 'Suppressed', ja: '抑制' },
  'search.label': { en: 'Search findings', ja: '検出結果を検索' },
  'search.placeholder': { en: 'Search address, instance id, reason…', ja: 'アドレス、インスタンス ID、理由で検索…' },
  'group.label': { en: 'Group by module or account', ja: 'モジュールまたはアカウントでグループ化' },
  caption: {
    en: 'Findings: one row per instance or group and control; open a row for its fix',
    ja: '検出結果: インスタンスまたはグループとコントロールごとに 1 行。行を開くと修正方法を表示します',
  },
  'col.status': { en: 'Status', ja: 'ステータス' },
  'col.resource': { en: 'Resource', ja: 'リソース' },
  'col.decidedBy': { en: 'Decided by', ja: '決定元' },
  'col.why': { en: 'Why', ja: '理由' },
  empty: { en: 'No finding matches this filter.', ja: 'このフィルターに一致する検出結果はありません。' },
  'more.initial': { en: 'Show more', ja: 'さらに表示' },
  more: { en: (k, left) => `Show ${n(k)} more (${n(left)} not shown)`, ja: (k, left) => `さらに ${n(k)} 件を表示 (未表示 ${n(left)} 件)` },
  footer: {
    en: "Checks the effective `http_tokens` of each instance, launch template, launch configuration, Auto Scaling group and node group, layer by layer, the way EC2 applies them. Downloads are the same reports as the command line's `--format json` and `--format sarif`.",
    ja: 'インスタンス、起動テンプレート、起動設定、Auto Scaling グループ、ノードグループごとに、実際に適用される `http_tokens` を EC2 と同じ順序でレイヤーごとに確認します。ダウンロードはコマンドラインの `--format json` や `--format sarif` と同じレポートです。',
  },
  'drop.overlay': { en: 'Drop to check', ja: 'ドロップしてチェック' },

  // Kinds of input and layers
  'kind.terraform-plan': { en: 'Terraform plan', ja: 'Terraform プラン' },
  'kind.terraform-state': { en: 'Terraform state', ja: 'Terraform ステート' },
  'kind.ec2-describe-instances': { en: 'EC2 DescribeInstances', ja: 'EC2 DescribeInstances' },
  'kind.terraform-source': { en: 'Terraform source', ja: 'Terraform ソース' },
  'layer.resource': { en: 'Resource', ja: 'リソース' },
  'layer.instance': { en: 'Instance', ja: 'インスタンス' },
  'layer.launch-template': { en: 'Launch template', ja: '起動テンプレート' },
  'layer.launch-configuration': { en: 'Launch configuration', ja: '起動設定' },
  'layer.account-default': { en: 'Account default', ja: 'アカウントのデフォルト' },
  'layer.ami': { en: 'AMI', ja: 'AMI' },
  'layer.aws-default': { en: 'AWS default', ja: 'AWS のデフォルト' },
  'layer.asEc2': { en: 'as EC2 reports it', ja: 'EC2 の報告どおり' },

  // Inputs
  'input.more': { en: (first, k) => `${first} + ${k} more`, ja: (first, k) => `${first} ほか ${k} 件` },
  'input.pastedJson': { en: 'pasted JSON', ja: '貼り付けた JSON' },
  'input.pastedTf': { en: 'pasted Terraform', ja: '貼り付けた Terraform' },
  subjects: { en: (k) => `${n(k)} ${k === 1 ? 'subject' : 'subjects'}`, ja: (k) => `対象 ${n(k)} 件` },
  terraformVersion: { en: (v) => `Terraform ${v}`, ja: (v) => `Terraform ${v}` },
  count: { en: (k, status) => `${n(k)} ${status}`, ja: (k, status) => `${status} ${n(k)}` },
  announce: {
    en: (name, s) => `${name}: ${s.fail} fail, ${s.unknown} unknown, ${s.pass} pass`,
    ja: (name, s) => `${name}: 失敗 ${s.fail}、不明 ${s.unknown}、成功 ${s.pass}`,
  },
  checkedIn: { en: (d) => `Checked in ${d}`, ja: (d) => `チェック所要時間 ${d}` },
  timingParts: {
    en: (r, e, s) => ` — read ${r} · evaluate ${e} · show ${s}`,
    ja: (r, e, s) => ` — 読み込み ${r} · 評価 ${e} · 表示 ${s}`,
  },
  'step.read': { en: 'Read', ja: '読み込み' },
  'step.evaluate': { en: 'Evaluate', ja: '評価' },
  'step.show': { en: 'Show', ja: '表示' },
  'step.waiting': { en: 'Waiting', ja: '待機中' },
  'step.of': { en: (a, b) => `${a} of ${b}`, ja: (a, b) => `${a} / ${b}` },
  'progress.reading': { en: (name) => `Reading ${name}`, ja: (name) => `${name} を読み込み中` },
  'progress.waiting': { en: (name) => `Waiting to check ${name}`, ja: (name) => `${name} のチェック待ち` },
  'progress.step': { en: (step, name) => `${step} ${name}`, ja: (step, name) => `${name}: ${step}` },
  remove: { en: 'Remove', ja: '削除' },
  'remove.aria': { en: (name) => `Remove ${name}`, ja: (name) => `${name} を削除` },
  'download.aria': { en: (label, name) => `Download ${label} report for ${name}`, ja: (label, name) => `${name} の ${label} レポートをダウンロード` },
  copyMarkdown: { en: 'Copy Markdown', ja: 'Markdown をコピー' },
  'copyMarkdown.aria': { en: (name) => `Copy the Markdown report for ${name}`, ja: (name) => `${name} の Markdown レポートをコピー` },
  'copyMarkdown.what': { en: 'the Markdown report', ja: 'Markdown レポート' },
  fix: { en: 'Fix', ja: '修正' },
  'fix.aria': { en: (name) => `Download the fix of ${name} as a patch`, ja: (name) => `${name} の修正をパッチとしてダウンロード` },
  'fix.manualWithPatch': { en: 'The patch does not cover these; change them by hand:', ja: '次の項目はパッチの対象外です。手動で変更してください:' },
  'fix.manualOnly': { en: 'Nothing to patch automatically; change these by hand:', ja: '自動で修正できる箇所はありません。次の項目を手動で変更してください:' },
  'fix.nothing': { en: 'Nothing to change in these files', ja: 'これらのファイルに変更点はありません' },

  // Errors (the page's words; the core's error messages stay as the core writes them)
  'error.internal': { en: 'The checker failed', ja: 'チェッカーでエラーが発生しました' },
  'error.input': { en: 'This input cannot be checked', ja: 'この入力はチェックできません' },
  'error.where': { en: 'Where: ', ja: '場所: ' },
  'error.help': { en: 'Help: ', ja: 'ヘルプ: ' },
  'error.in': { en: 'in ', ja: 'ファイル ' },
  'error.at': { en: 'at ', ja: 'パス ' },
  'error.line': { en: (l, c) => `line ${l}, column ${c}`, ja: (l, c) => `${l} 行 ${c} 列` },
  'error.couldNotRun': { en: (m) => `the checker could not run: ${m}`, ja: (m) => `チェッカーを実行できませんでした: ${m}` },
  'error.scriptNotLoaded': { en: 'its script did not load', ja: 'スクリプトを読み込めませんでした' },
  'error.couldNotRunHelp': {
    en: 'reload the page; if this keeps happening, the page was served without its pkg/ folder or with a wrong MIME type for .wasm',
    ja: 'ページを再読み込みしてください。繰り返し発生する場合は、pkg/ フォルダなしで配信されているか、.wasm の MIME タイプが正しくありません',
  },
  'error.couldNotStart': { en: (m) => `the checker could not start: ${m}`, ja: (m) => `チェッカーを起動できませんでした: ${m}` },
  'error.couldNotStartHelp': {
    en: 'reload the page; if it keeps failing, the site was published without its pkg/ folder, or serves `.wasm` files with a type other than `application/wasm`',
    ja: 'ページを再読み込みしてください。失敗が続く場合は、サイトが pkg/ フォルダなしで公開されているか、`.wasm` ファイルを `application/wasm` 以外のタイプで配信しています',
  },
  'error.unexpected': { en: (m) => `the checker stopped unexpectedly: ${m}`, ja: (m) => `チェッカーが予期せず停止しました: ${m}` },
  'error.unexpectedHelp': {
    en: 'this is a bug in the checker, not in your file; the other inputs are not affected',
    ja: 'これはファイルではなくチェッカーのバグです。他の入力には影響しません',
  },
  'error.unreadable': { en: (name, m) => `cannot read \`${name}\`: ${m}`, ja: (name, m) => `\`${name}\` を読み込めません: ${m}` },
  'error.unreadableHelp': {
    en: 'drop or choose the files themselves: a folder cannot be read here',
    ja: 'ファイルそのものをドロップまたは選択してください。フォルダはここでは読み込めません',
  },
  'error.example': { en: (p, m) => `the example \`${p}\` could not be loaded: ${m}`, ja: (p, m) => `例 \`${p}\` を読み込めませんでした: ${m}` },
  'error.exampleHelp': {
    en: 'the page was published without its examples/ folder; choose a file of your own instead',
    ja: 'ページが examples/ フォルダなしで公開されています。代わりにご自身のファイルを選択してください',
  },
  'error.notHeld': { en: (k) => `report ${k} is no longer held`, ja: (k) => `レポート ${k} は保持されていません` },
  'error.onlySource': { en: 'only Terraform source can be fixed here', ja: 'ここで修正できるのは Terraform ソースのみです' },

  // Results
  findings: { en: (k) => `${n(k)} ${k === 1 ? 'finding' : 'findings'}`, ja: (k) => `検出結果 ${n(k)} 件` },
  shownOf: { en: (m, total) => `${n(m)} of ${n(total)} ${total === 1 ? 'finding' : 'findings'}`, ja: (m, total) => `検出結果 ${n(total)} 件中 ${n(m)} 件` },
  'verdict.inInputs': { en: (k) => ` in ${k} inputs`, ja: (k) => ` (入力 ${k} 件)` },
  'verdict.nothing': { en: 'Nothing to judge', ja: '判定対象がありません' },
  'verdict.nothingRest': {
    en: (files) => ` — no EC2 instance, launch template, Auto Scaling group or node group${files}`,
    ja: (files) => ` — EC2 インスタンス、起動テンプレート、Auto Scaling グループ、ノードグループがありません${files}`,
  },
  'verdict.needFix': {
    en: (k) => `${n(k)} ${k === 1 ? 'finding needs' : 'findings need'} a fix`,
    ja: (k) => `検出結果 ${n(k)} 件に修正が必要です`,
  },
  'verdict.checked': { en: (k, files) => ` — ${n(k)} ${k === 1 ? 'subject' : 'subjects'} checked${files}`, ja: (k, files) => ` — 対象 ${n(k)} 件をチェック${files}` },
  'verdict.noFail': { en: 'Nothing fails', ja: '失敗はありません' },
  'verdict.undecided': {
    en: (k, files) => `, but ${k} cannot be decided from this input${files}`,
    ja: (k, files) => `が、${k} 件はこの入力からは判定できません${files}`,
  },
  'verdict.nothingOpen': { en: 'Nothing open', ja: '未対応はありません' },
  'verdict.allSuppressed': { en: (files) => ` — every finding is suppressed${files}`, ja: (files) => ` — すべての検出結果が抑制されています${files}` },
  'verdict.allPass': { en: 'Every subject requires IMDSv2', ja: 'すべての対象で IMDSv2 が必須です' },
  'note.guardrailTitle': {
    en: 'Require IMDSv2 account-wide: an instance metadata default per region',
    ja: 'アカウント全体で IMDSv2 を必須にする: リージョンごとのインスタンスメタデータのデフォルト',
  },
  'note.guardrail': { en: 'Guardrail', ja: 'ガードレール' },
  'note.note': { en: 'Note', ja: '注記' },
  'note.from': { en: (names) => `From ${names}`, ja: (names) => `入力: ${names}` },
  'group.account': { en: (a) => `account ${a}`, ja: (a) => `アカウント ${a}` },
  'group.noAccount': { en: 'account not given', ja: 'アカウント指定なし' },
  'group.noRegion': { en: 'region not given', ja: 'リージョン指定なし' },
  'group.root': { en: 'root module', ja: 'ルートモジュール' },
  'row.account': { en: (a) => `account ${a}`, ja: (a) => `アカウント ${a}` },
  loadingDetail: { en: 'Loading…', ja: '読み込み中…' },
  knownAfterApply: { en: 'known after apply', ja: '適用後に確定' },
  'fact.hopLimit': { en: 'hop limit', ja: 'ホップ制限' },
  'fact.decidedBy': { en: 'decided by', ja: '決定元' },
  'fact.control': { en: 'control', ja: 'コントロール' },
  'severity.critical': { en: 'critical', ja: '重大' },
  'severity.high': { en: 'high', ja: '高' },
  'severity.medium': { en: 'medium', ja: '中' },
  'severity.low': { en: 'low', ja: '低' },
  'severity.informational': { en: 'informational', ja: '情報' },
  'suppression.inSource': { en: 'Suppressed by a comment in the source', ja: 'ソース内のコメントにより抑制' },
  'suppression.ignore': { en: 'Suppressed by an ignore entry', ja: '除外エントリにより抑制' },
  'suppression.until': { en: (d) => `, until ${d}`, ja: (d) => `、${d} まで` },
  nothingToFix: { en: 'Nothing to fix: IMDSv2 is required here.', ja: '修正は不要です: ここでは IMDSv2 が必須です。' },
  'snippet.terraformInstead': { en: 'Terraform, instead', ja: 'Terraform (代替)' },
  'snippet.mergePatch': { en: 'JSON merge patch', ja: 'JSON マージパッチ' },
  'what.block': { en: (t) => `Terraform block for ${t}`, ja: (t) => `${t} の Terraform ブロック` },
  'what.mergePatch': { en: (t) => `merge patch for ${t}`, ja: (t) => `${t} のマージパッチ` },
  'what.awsCli': { en: 'AWS CLI command', ja: 'AWS CLI コマンド' },
  'what.api': { en: 'API request', ja: 'API リクエスト' },
  'what.guardrail': { en: 'Terraform guardrail', ja: 'Terraform ガードレール' },
  copy: { en: 'Copy', ja: 'コピー' },
  'copy.aria': { en: (what) => `Copy ${what}`, ja: (what) => `${what}をコピー` },
  copied: { en: 'Copied', ja: 'コピーしました' },
  copyFailed: { en: 'Copy failed', ja: 'コピーできませんでした' },
  'copied.announce': { en: (what) => `Copied ${what}`, ja: (what) => `${what}をコピーしました` },
  'copyFailed.announce': {
    en: (what) => `Could not copy ${what}: select the text and copy it by hand`,
    ja: (what) => `${what}をコピーできませんでした: テキストを選択して手動でコピーしてください`,
  },
  whyItMatters: { en: 'Why it matters: ', ja: '重要な理由: ' },
};

export const LANGS = ['en', 'ja'];
export const STORAGE_KEY = 'imdsv2-policy.lang';

/** The language a browser asks for: `ja` for `ja`, `ja-JP`, ...; English otherwise. */
export function browserLang(nav = globalThis.navigator) {
  const first = nav?.language || nav?.languages?.[0] || '';
  return /^ja\b/i.test(first) ? 'ja' : 'en';
}

/** The remembered choice, else the browser's. */
export function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    // No storage (a sandboxed frame): follow the browser.
  }
  return browserLang();
}

let current = 'en';

export function lang() {
  return current;
}

export function setLang(value, { remember = true } = {}) {
  current = LANGS.includes(value) ? value : 'en';
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // Not remembered; the page still switches.
    }
  }
  return current;
}

/** A UI string in the current language (English where a key has no entry, so nothing is blank). */
export function t(key, ...args) {
  const entry = STRINGS[key];
  if (!entry) return key;
  const v = entry[current] ?? entry.en;
  return typeof v === 'function' ? v(...args) : v;
}
