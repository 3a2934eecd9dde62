// The browser checker in a real Chromium: the page served from web/dist on localhost, files
// uploaded as a person would, and every answer compared with the native CLI's on the same file.
//
//   scripts/test.d/40-web.sh        (builds web/dist and the CLI, then runs this)
//   node --test web/test/page.test.mjs   (when both are built)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ARTIFACTS, ROOT, launch, startServer } from './browser.mjs';
import { STRINGS } from '../src/i18n.js';
import { expectedStatus, writeLargePlan } from './large-plan.mjs';

const CLI = process.env.IMDSV2_CLI ?? join(ROOT, 'target/debug/imdsv2-policy');
const EC2 = join(ROOT, 'tests/corpus/ec2/ssmilecl_devops-interview-tests__exercise1_ec2-describe-instances.json');
const PLAN = join(ROOT, 'tests/corpus/plans/infracost__cmd_infracost_testdata_terraform_v0.14_plan.json');
const UNKNOWNS = join(ROOT, 'tests/corpus/plans/checkov__tests_terraform_parser_resources_plan_tags_variety_tfplan.json');
const MODULES = join(ROOT, 'tests/fixtures/plan/modules_keys.json');
const NOT_A_PLAN = join(ROOT, 'tests/corpus/ec2/custodian__tests_data_placebo_test_ec2_start_ec2.DescribeInstances_1.json');
const LARGE_MB = Number(process.env.WEB_LARGE_MB ?? 100);
const STATUS_ORDER = { fail: 0, unknown: 1, suppressed: 2, pass: 3 };
const KIND_LABELS = {
  'terraform-plan': 'Terraform plan',
  'terraform-state': 'Terraform state',
  'ec2-describe-instances': 'EC2 DescribeInstances',
};

/** What the native CLI prints for a file, run from the file's folder so names match (`lang`: its `--lang`). */
function cli(file, format, lang = 'en') {
  try {
    return execFileSync(CLI, ['check', basename(file), '--format', format, '--lang', lang], { cwd: dirname(file), encoding: 'utf8', maxBuffer: 1 << 30, stdio: 'pipe' });
  } catch (e) {
    if (e.status === 1) return e.stdout; // something fails: still a report
    throw e;
  }
}

/** The CLI's error for a file: {code, message} from `error[code]: FILE: message (where)`. */
function cliError(file) {
  try {
    execFileSync(CLI, ['check', basename(file)], { cwd: dirname(file), encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const m = /^error\[([a-z-]+)\]: [^:]+: (.*?)(?: \((line .*|at .*)\))?$/m.exec(e.stderr);
    assert.ok(m, `unexpected CLI error output: ${e.stderr}`);
    return { code: m[1], message: m[2], where: m[3] ?? null };
  }
  assert.fail(`the CLI accepted ${file}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'imdsv2-web-test-'));
let server;
let browser;
const requests = [];
const problems = [];

/** A page in a fresh context; `locale` (e.g. 'ja-JP') sets the browser's `navigator.language`. */
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, reducedMotion: 'reduce', ...options });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('worker', (w) => w.on('console', (m) => problems.push(`worker console: ${m.text()}`)));
  await page.goto(server.url);
  await page.locator('#version', { hasText: / v\d+\.\d+/ }).waitFor();
  return { page, context };
}

/** Waits until every listed input is done or failed. */
async function settled(page, n) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.input-item[data-phase="done"], .input-item[data-phase="error"]').length === n,
    n,
    { timeout: 60_000 },
  );
}

async function rowNames(page) {
  return page.locator('#rows tr.finding .name').allTextContents();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the browser checker', () => {
  test('loads with its privacy line, its CSP and the checker version', async () => {
    const { page, context } = await newPage();
    const version = execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim().split(' ').pop();
    assert.equal(await page.locator('#version').textContent(), `checker v${version} · WebAssembly`);
    assert.match(await page.locator('#privacy').innerText(), /Your files stay on this machine\./);
    assert.ok(await page.locator('#privacy').isVisible());
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    for (const rule of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "style-src 'self'"]) {
      assert.ok(meta.includes(rule), `CSP meta lacks ${rule}`);
    }
    const response = await page.request.get(server.url);
    assert.ok(response.headers()['content-security-policy'].includes("default-src 'none'"));
    const wasm = await page.request.get(`${server.url}pkg/imdsv2_policy_bg.wasm`);
    assert.equal(wasm.headers()['content-type'], 'application/wasm');
    await context.close();
  });

  test('opened as a file (file://), it says how to open it instead of staying blank', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`file://${join(ROOT, 'web/dist/index.html')}`);
    const note = page.locator('#boot-note');
    await note.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await note.innerText(), /did not start[\s\S]*file:\/\/[\s\S]*serve-web\.sh/);
    assert.match(await note.innerText(), /チェッカーを起動できませんでした/);
    await context.close();
    // Served over HTTP, the script removes it before it ever shows.
    const { page: served, context: c2 } = await newPage();
    assert.equal(await served.locator('#boot-note').count(), 0);
    await c2.close();
  });

  test('works from a sub-path, as on any static host', async () => {
    // web/ served whole, the page at /dist/: every path the page uses must be relative.
    const sub = await startServer({ root: join(ROOT, 'web'), path: '/dist/' });
    const context = await browser.newContext();
    const seen = [];
    context.on('request', (r) => seen.push(r.url()));
    const page = await context.newPage();
    await page.goto(sub.url);
    await page.locator('#version', { hasText: 'checker v' }).waitFor();
    await page.locator('[data-example="examples/terraform-plan.json"]').click();
    await settled(page, 1);
    assert.equal(await page.locator('.input-item[data-phase="done"]').count(), 1);
    assert.ok(await page.locator('#about .about-control').count(), 'the control descriptions did not load');
    const outside = seen.filter((u) => !u.startsWith(`${sub.origin}/dist/`));
    assert.deepEqual(outside, [], 'requests outside the page folder');
    await context.close();
    await sub.close();
  });

  test('uploaded files: kind, counts and rows are the CLI report', async () => {
    const { page, context } = await newPage();
    await page.setInputFiles('#file-input', [EC2, PLAN]);
    await settled(page, 2);
    const reports = [EC2, PLAN].map((f) => JSON.parse(cli(f, 'json')));

    const items = page.locator('.input-item');
    for (const [i, report] of reports.entries()) {
      const item = items.nth(i);
      assert.equal(await item.locator('.input-name').textContent(), basename([EC2, PLAN][i]));
      assert.equal(await item.locator('.kind').textContent(), KIND_LABELS[report.input.kind]);
      const s = report.summary;
      for (const status of ['fail', 'unknown', 'pass']) {
        assert.equal(await item.locator(`.mini-counts .${status}`).textContent(), `${s[status].toLocaleString('en-US')} ${status}`);
      }
      assert.match(await item.locator('.timing').textContent(), /^Checked in \d/);
    }
    for (const status of ['pass', 'fail', 'unknown']) {
      const total = reports.reduce((n, r) => n + r.summary[status], 0);
      assert.equal(await page.locator(`#count-${status}`).textContent(), String(total));
    }
    // What needs a fix first, then by input, then by name with `[N]` counted as a number.
    const name = (f) => f.resource.address ?? f.resource.id;
    const key = (f) => name(f).replace(/\[(\d+)\]/g, (_, n) => `[${n.padStart(15, '0')}]`);
    // A live instance's row shows its `Name` tag beside the id.
    const shown = (f) => (f.resource.nameTag ? `${name(f)} (${f.resource.nameTag})` : name(f));
    const expected = reports
      .flatMap((r, file) => r.findings.map((f, index) => ({ f, file, index })))
      .sort(
        (a, b) =>
          STATUS_ORDER[a.f.status] - STATUS_ORDER[b.f.status] ||
          a.file - b.file ||
          (key(a.f) < key(b.f) ? -1 : key(a.f) > key(b.f) ? 1 : 0) ||
          a.index - b.index,
      );
    assert.deepEqual(await rowNames(page), expected.map(({ f }) => shown(f)));
    assert.deepEqual(await page.locator('#rows tr.finding .badge').allTextContents(), expected.map(({ f }) => f.status));
    assert.deepEqual(await page.locator('#rows tr.finding .c-why').allInnerTexts(), expected.map(({ f }) => f.message.replaceAll('`', '')));
    await context.close();
  });

  test('files dropped on the page and pasted Terraform are checked too', async () => {
    const { page, context } = await newPage();
    const drop = await page.evaluateHandle(
      ([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, { type: 'application/json' }));
        return data;
      },
      [basename(UNKNOWNS), readFileSync(UNKNOWNS, 'utf8')],
    );
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: drop });
    assert.ok(await page.locator('#drop-overlay').isVisible(), 'no drop target shown');
    await page.dispatchEvent('main', 'drop', { dataTransfer: drop });
    await settled(page, 1);
    assert.ok(await page.locator('#drop-overlay').isHidden());
    const report = JSON.parse(cli(UNKNOWNS, 'json'));
    assert.equal(await page.locator('#count-unknown').textContent(), String(report.summary.unknown));

    await page.locator('#paste summary').click();
    await page.fill('#paste-text', 'resource "aws_instance" "pasted" {\n  ami = "ami-1"\n}\n');
    await page.locator('#paste-form button[type="submit"]').click();
    await settled(page, 2);
    const pasted = page.locator('.input-item').nth(1);
    assert.equal(await pasted.locator('.input-name').textContent(), 'pasted Terraform');
    assert.equal(await pasted.locator('.kind').textContent(), 'Terraform source');
    assert.ok((await rowNames(page)).includes('aws_instance.pasted'));
    await context.close();
  });

  test('findings filter by status and search', async () => {
    const { page, context } = await newPage();
    await page.setInputFiles('#file-input', [EC2, UNKNOWNS]);
    await settled(page, 2);
    const all = (await rowNames(page)).length;
    await page.locator('#status-filter label', { hasText: 'Pass' }).click();
    assert.deepEqual(await page.locator('#rows .badge').allTextContents(), ['pass']);
    await page.locator('.tile.unknown').click();
    assert.deepEqual(await page.locator('#rows .badge').allTextContents(), ['unknown', 'unknown']);
    assert.equal(await page.locator('.tile.unknown').getAttribute('aria-pressed'), 'true');
    await page.locator('.tile.unknown').click(); // again: back to all
    assert.equal((await rowNames(page)).length, all);
    await page.fill('#search', 'example2');
    await page.waitForFunction(() => document.querySelectorAll('#rows tr.finding').length === 1);
    assert.deepEqual(await rowNames(page), ['aws_autoscaling_group.example2']);
    assert.equal(await page.locator('#shown').textContent(), `1 of ${all} findings`);
    await page.fill('#search', 'no such thing anywhere');
    await page.locator('#empty').waitFor();
    await context.close();
  });

  test('a finding opens to its patch, and the copy button copies it', async () => {
    const { page, context } = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    const report = JSON.parse(cli(PLAN, 'json'));
    const finding = report.findings[0];
    const fix = finding.remediation.terraform;
    const row = page.locator('#rows tr.finding', { has: page.locator('.name', { hasText: finding.resource.address }) }).first();
    await row.locator('button.subject').click();
    assert.equal(await row.locator('button.subject').getAttribute('aria-expanded'), 'true');
    const detail = page.locator(`#${await row.locator('button.subject').getAttribute('aria-controls')}`);
    const snippets = detail.locator('.snippet');
    await snippets.first().waitFor();
    assert.equal(await snippets.nth(0).locator('pre').textContent(), fix.block);
    assert.equal(await snippets.nth(1).locator('pre').textContent(), JSON.stringify(fix.mergePatch, null, 2));
    await snippets.nth(0).locator('button.copy').click();
    await snippets.nth(0).locator('button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fix.block);

    // A live instance's fix is an AWS CLI command.
    await page.setInputFiles('#file-input', [EC2]);
    await settled(page, 2);
    const ec2 = JSON.parse(cli(EC2, 'json')).findings.find((f) => f.status === 'fail');
    const ec2Row = page.locator('#rows tr.finding', { has: page.locator('.name', { hasText: ec2.resource.id }) });
    await ec2Row.locator('button.subject').press('Enter');
    const cliSnippet = page.locator('tr.detail:not([hidden]) .snippet', { hasText: 'AWS CLI' });
    await cliSnippet.locator('button.copy').click();
    await cliSnippet.locator('button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), ec2.remediation.awsCli);
    await context.close();
  });

  test('downloads are byte for byte the CLI reports, and the SARIF parses', async () => {
    const { page, context } = await newPage();
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    const download = async (format) => {
      // A download, or the page's error message if the report cannot be written.
      const failed = page
        .locator('.input-item .error')
        .waitFor({ timeout: 30_000 })
        .then(async () => assert.fail(`no ${format} download: ${await page.locator('.input-item .error').innerText()}`));
      const [file] = await Promise.race([
        Promise.all([page.waitForEvent('download'), page.locator(`.input-item [data-download="${format}"]`).click()]),
        failed,
      ]);
      failed.catch(() => {});
      const path = join(tmp, file.suggestedFilename());
      await file.saveAs(path);
      return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const json = await download('json');
    assert.equal(json.name, `${basename(PLAN, '.json')}.imdsv2.json`);
    assert.equal(json.text, cli(PLAN, 'json'));
    const sarif = await download('sarif');
    assert.equal(sarif.name, `${basename(PLAN, '.json')}.imdsv2.sarif`);
    const log = JSON.parse(sarif.text);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const report = JSON.parse(json.text);
    assert.equal(log.runs[0].results.length, report.summary.fail + report.summary.unknown);
    assert.equal(sarif.text, cli(PLAN, 'sarif'));
    const junit = await download('junit');
    assert.equal(junit.name, `${basename(PLAN, '.json')}.imdsv2.junit.xml`);
    assert.equal(junit.text, cli(PLAN, 'junit'));
    const csv = await download('csv');
    assert.equal(csv.name, `${basename(PLAN, '.json')}.imdsv2.csv`);
    assert.equal(csv.text, cli(PLAN, 'csv'));
    assert.equal(csv.text.split('\r\n').length - 2, report.findings.length);
    const markdown = await download('markdown');
    assert.equal(markdown.name, `${basename(PLAN, '.json')}.imdsv2.md`);
    assert.equal(markdown.text, cli(PLAN, 'markdown'));
    await context.close();
  });

  test('"Copy Markdown" puts the CLI\'s Markdown report on the clipboard', async () => {
    const { page, context } = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.setInputFiles('#file-input', [MODULES]);
    await settled(page, 1);
    const button = page.locator('.input-item [data-copy="markdown"]');
    await button.click();
    await page.locator('.input-item [data-copy="markdown"]', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cli(MODULES, 'markdown'));
    // The label comes back.
    await page.locator('.input-item [data-copy="markdown"]', { hasText: 'Copy Markdown' }).waitFor();
    await context.close();
  });

  test('ja-JP browser: the page starts in Japanese, findings as the CLI writes them with --lang ja', async () => {
    const { page, context } = await newPage({ locale: 'ja-JP' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await page.locator('h1').textContent(), 'IMDSv2 チェック');
    assert.equal(await page.locator('#choose').textContent(), 'ファイルを選択…');
    assert.equal(await page.locator('#lang-switch [data-lang="ja"]').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('#version').textContent(), /^チェッカー v/);
    // The controls below, from the core's Japanese policy texts (its SARIF rules).
    assert.match(await page.locator('.about-control summary', { hasText: 'EC2.8' }).textContent(), /EC2\.8 · EC2 インスタンスは/);
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    const ja = JSON.parse(cli(PLAN, 'json', 'ja'));
    const en = JSON.parse(cli(PLAN, 'json', 'en'));
    const plain = (m) => m.replaceAll('`', '');
    const why = (await page.locator('#rows tr.finding .c-why').allInnerTexts()).sort();
    assert.deepEqual(why, ja.findings.map((f) => plain(f.message)).sort());
    assert.notDeepEqual(why, en.findings.map((f) => plain(f.message)).sort());
    assert.match(why[0], /[ぁ-んァ-ヶ一-龠]/);
    assert.deepEqual(new Set(await page.locator('#rows tr.finding .badge').allTextContents()), new Set(ja.findings.map((f) => ({ fail: '失敗', unknown: '不明', pass: '成功' })[f.status])));
    assert.equal(await page.locator('#table th.c-subject').textContent(), 'リソース');
    assert.match(await page.locator('.input-item .timing').textContent(), /^チェック所要時間 \d/);
    assert.equal(await page.locator('.input-item [data-copy="markdown"]').textContent(), 'Markdown をコピー');
    assert.equal(await page.locator('#status-filter label', { hasText: '失敗' }).count(), 1);
    // A finding's details are the localized report's.
    const failing = ja.findings.find((f) => f.status === 'fail');
    await page.locator('#rows tr.finding', { has: page.locator('.name', { hasText: failing.resource.address }) }).first().locator('button.subject').click();
    const summary = page.locator('tr.detail:not([hidden]) .fix-summary').first();
    assert.equal(await summary.innerText(), plain(failing.remediation.summary));
    assert.equal(await page.locator('tr.detail:not([hidden]) .facts dt', { hasText: 'コントロール' }).count(), 1);
    await page.screenshot({ path: join(ARTIFACTS, 'ja-laptop.png'), fullPage: false });
    // No English words of the page's own left in the chrome around the findings.
    const chrome = await page.evaluate(() => {
      const clone = document.body.cloneNode(true);
      for (const el of clone.querySelectorAll('code, .mono, .c-why, .fix-summary, .snippet, .input-name, .about, #version, .kind, pre, .fix-notes, .snippet-reason, script, template, .lang-switch, .input-meta, .sub, .toast'))
        el.remove();
      return clone.innerText;
    });
    const english = chrome.match(/\b(?!IMDSv[12]\b|EC2\b|AWS\b|Terraform\b|JSON\b|SARIF\b|JUnit\b|CSV\b|Markdown\b|WebAssembly\b|DescribeInstances\b|Security\b|Hub\b|Auto\b|Scaling\b|CLI\b|API\b|ModifyInstanceMetadataOptions\b|ms\b|KB\b|MB\b|B\b)[A-Za-z]{3,}\b/g);
    assert.equal(english, null, `English left in the Japanese page: ${english}`);
    await context.close();
  });

  test('the language switch flips at once, and is remembered across a reload', async () => {
    const { page, context } = await newPage({ locale: 'ja-JP' });
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    const en = JSON.parse(cli(PLAN, 'json', 'en'));
    const ja = JSON.parse(cli(PLAN, 'json', 'ja'));
    const plain = (r) => r.findings.map((f) => f.message.replaceAll('`', '')).sort();
    await page.locator('#lang-switch [data-lang="en"]').click();
    await page.locator('h1', { hasText: 'IMDSv2 check' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#choose').textContent(), 'Choose files…');
    await page.waitForFunction(() => document.querySelector('#table th.c-subject').textContent === 'Resource');
    assert.deepEqual((await page.locator('#rows tr.finding .c-why').allInnerTexts()).sort(), plain(en));
    assert.match(await page.locator('.input-item .timing').textContent(), /^Checked in \d/);
    assert.equal(await page.evaluate(() => localStorage.getItem('imdsv2-policy.lang')), 'en');
    await page.reload();
    await page.locator('#version', { hasText: 'checker v' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'IMDSv2 check');
    // And back: the same rows in Japanese, remembered too.
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    await page.locator('#lang-switch [data-lang="ja"]').click();
    await page.locator('h1', { hasText: 'IMDSv2 チェック' }).waitFor();
    await page.waitForFunction(() => document.querySelector('.input-item .timing')?.textContent.startsWith('チェック'));
    assert.deepEqual((await page.locator('#rows tr.finding .c-why').allInnerTexts()).sort(), plain(ja));
    await page.reload();
    await page.locator('#version', { hasText: 'チェッカー v' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await context.close();
  });

  test('downloads in Japanese are the CLI reports with --lang ja', async () => {
    const { page, context } = await newPage({ locale: 'ja-JP' });
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    for (const format of ['markdown', 'csv', 'json']) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`.input-item [data-download="${format}"]`).click()]);
      const path = join(tmp, `ja-${file.suggestedFilename()}`);
      await file.saveAs(path);
      assert.equal(readFileSync(path, 'utf8'), cli(PLAN, format, 'ja'), `${format} in Japanese`);
    }
    await context.close();
  });

  test('every UI string has English and Japanese', () => {
    const missing = [];
    for (const [key, entry] of Object.entries(STRINGS)) {
      for (const l of ['en', 'ja']) {
        const v = entry[l];
        const ok = (typeof v === 'string' && v.trim() !== '') || (typeof v === 'function' && typeof entry[l === 'en' ? 'ja' : 'en'] === 'function');
        if (!ok) missing.push(`${key}.${l}`);
      }
      if (typeof entry.en === 'function' && typeof entry.ja === 'function' && entry.en.length !== entry.ja.length) missing.push(`${key}: arguments differ`);
      const extra = Object.keys(entry).filter((l) => !['en', 'ja'].includes(l));
      if (extra.length) missing.push(`${key}: ${extra}`);
    }
    assert.deepEqual(missing, []);
    // Every key the page's HTML names is in the table.
    const html = readFileSync(join(ROOT, 'web/src/index.html'), 'utf8');
    const named = [...html.matchAll(/data-i18n(?:-[a-z]+)?="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(named.filter((k) => !(k in STRINGS)), []);
    // And every `t('key')` in the scripts.
    const used = ['app.js', 'worker.js'].flatMap((f) => [...readFileSync(join(ROOT, 'web/src', f), 'utf8').matchAll(/\bt\('([^'`$]+)'/g)].map((m) => m[1]));
    assert.deepEqual(used.filter((k) => !(k in STRINGS)), []);
  });

  test('grouped by module: a header per module instance with its counts, closing and filtering within', async () => {
    const { page, context } = await newPage();
    await page.setInputFiles('#file-input', [MODULES]);
    await settled(page, 1);
    const report = JSON.parse(cli(MODULES, 'json'));
    // The module of each address, as the page should find it, written here from the address
    // grammar: `module.NAME` and an optional `[KEY]` per step.
    const moduleOf = (address) => {
      const parts = [];
      let rest = address;
      for (;;) {
        const m = /^module\.([^.[]+)(\[(\d+|"(?:[^"\\]|\\.)*")\])?\./.exec(rest);
        if (!m) break;
        parts.push(m[0].slice(0, -1));
        rest = rest.slice(m[0].length);
      }
      return parts.length ? parts.join('.') : 'root module';
    };
    const expected = new Map();
    for (const f of report.findings) {
      const key = moduleOf(f.resource.address);
      const c = expected.get(key) ?? { fail: 0, unknown: 0, suppressed: 0, pass: 0 };
      c[f.suppression ? 'suppressed' : f.status] += 1;
      expected.set(key, c);
    }
    assert.ok(expected.size >= 3, 'the fixture has findings in several modules');
    assert.ok([...expected.keys()].some((k) => k.includes('"a.b"')), 'and a module key with a dot');
    const describe = (c) =>
      ['fail', 'unknown', 'suppressed', 'pass']
        .filter((b) => c[b] > 0)
        .map((b) => `${c[b]} ${b}`)
        .join(' ');
    await page.locator('#group-by').check();
    const heads = page.locator('#rows tr.group-head');
    await heads.first().waitFor();
    const shown = await heads.evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('.group-name').textContent}: ${[...r.querySelectorAll('.group-counts .n')].map((n) => n.textContent).join(' ')}`),
    );
    assert.deepEqual(shown.slice().sort(), [...expected].map(([k, c]) => `${k}: ${describe(c)}`).sort());
    await page.screenshot({ path: join(ARTIFACTS, 'grouped-laptop.png'), fullPage: true });
    // Worst first: the first group has a failure.
    assert.match(shown[0], /\d+ fail/);
    assert.equal((await rowNames(page)).length, report.findings.length);
    // Each group's rows follow its header.
    const order = await page.locator('#rows tr.group-head, #rows tr.finding').evaluateAll((rows) =>
      rows.map((r) => (r.classList.contains('group-head') ? `# ${r.querySelector('.group-name').textContent}` : r.querySelector('.name').textContent)),
    );
    let current = null;
    for (const line of order) {
      if (line.startsWith('# ')) current = line.slice(2);
      else assert.equal(moduleOf(line), current, `${line} under ${current}`);
    }
    // Closing a group from the keyboard hides its rows and keeps the focus on its header.
    const root = page.locator('#rows tr.group-head', { hasText: 'root module' }).locator('button');
    const inRoot = expected.get('root module');
    const total = inRoot.fail + inRoot.unknown + inRoot.suppressed + inRoot.pass;
    await root.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('#rows tr.finding').length === n, report.findings.length - total);
    assert.equal(await root.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.evaluate(() => document.activeElement?.closest('tr.group-head')?.textContent.includes('root module')));
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelectorAll('#rows tr.finding').length === n, report.findings.length);
    // The status filter works within groups: only groups with failures, only their failures.
    await page.locator('#status-filter label', { hasText: 'Fail' }).click();
    const failing = [...expected].filter(([, c]) => c.fail > 0).map(([k]) => k).sort();
    assert.deepEqual((await heads.locator('.group-name').allTextContents()).sort(), failing);
    assert.deepEqual(
      [...new Set(await page.locator('#rows tr.finding .badge').allTextContents())],
      ['fail'],
    );
    // The search too, with the counts of what it finds.
    await page.locator('#status-filter label', { hasText: 'All' }).click();
    await page.fill('#search', 'module.svc');
    await page.waitForFunction(() => [...document.querySelectorAll('#rows tr.group-head .group-name')].every((n) => n.textContent.startsWith('module.svc')));
    for (const name of await rowNames(page)) assert.ok(name.startsWith('module.svc'), name);
    // Off again: the flat table.
    await page.fill('#search', '');
    await page.locator('#group-by').uncheck();
    await page.waitForFunction(
      (n) => document.querySelectorAll('#rows tr.group-head').length === 0 && document.querySelectorAll('#rows tr.finding').length === n,
      report.findings.length,
    );
    await context.close();
  });

  test('grouped live findings: by account and region', async () => {
    const { page, context } = await newPage();
    await page.setInputFiles('#file-input', [EC2]);
    await settled(page, 1);
    const report = JSON.parse(cli(EC2, 'json'));
    const keys = new Set(report.findings.map((f) => `${f.resource.account ? `account ${f.resource.account}` : 'account not given'} · ${f.resource.region ?? 'region not given'}`));
    await page.locator('#group-by').check();
    await page.locator('#rows tr.group-head').first().waitFor();
    assert.deepEqual((await page.locator('#rows tr.group-head .group-name').allTextContents()).sort(), [...keys].sort());
    await context.close();
  });

  test('bad input: a clear message saying what and where, in the page', async () => {
    const { page, context } = await newPage();
    const broken = join(tmp, 'broken-plan.json');
    writeFileSync(broken, '{"format_version": "1.2", "resource_changes": [}\n');
    const empty = join(tmp, 'empty.json');
    writeFileSync(empty, '');
    const binary = join(tmp, 'binary.json');
    writeFileSync(binary, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]));
    const files = [broken, empty, binary, NOT_A_PLAN];
    await page.setInputFiles('#file-input', files);
    await settled(page, files.length);
    for (const [i, file] of files.entries()) {
      const expected = cliError(file);
      const box = page.locator('.input-item').nth(i).locator('.error[role="alert"]');
      assert.ok(await box.isVisible(), `no visible error for ${basename(file)}`);
      assert.equal(await box.locator('.error-code').textContent(), expected.code);
      assert.equal(await box.locator('.error-message').textContent(), expected.message);
      if (expected.where) {
        const where = await box.locator('.error-where').textContent();
        assert.equal(where.replace(/^Where: /, '').replace(/at (\S+)/, 'at `$1`'), expected.where);
      }
      assert.ok((await box.locator('.error-help').count()) === 1, 'the error says what was expected');
    }
    assert.equal(await page.locator('#results').isHidden(), true, 'no results from bad input alone');

    // Pasted text goes the same way, and a good file next to a bad one still gets its report.
    await page.locator('#paste summary').click();
    await page.fill('#paste-text', '{"Reservations": "none"}');
    await page.locator('#paste-form button[type="submit"]').click();
    await page.setInputFiles('#file-input', [EC2]);
    await settled(page, files.length + 2);
    const pasted = page.locator('.input-item').nth(files.length);
    assert.equal(await pasted.locator('.input-name').textContent(), 'pasted JSON');
    assert.ok(await pasted.locator('.error-message').isVisible());
    assert.ok(await page.locator('#results').isVisible());
    await page.waitForFunction(() => !document.querySelector('.toast.show'));
    await page.screenshot({ path: join(ARTIFACTS, 'errors-laptop-light.png'), fullPage: true });
    await context.close();
  });

  test('.tf files: source locations, and suppressions counted apart until they expire', async () => {
    const { page, context } = await newPage();
    const dir = mkdtempSync(join(tmp, 'tf-'));
    const main = join(dir, 'main.tf');
    writeFileSync(
      main,
      [
        'resource "aws_instance" "open" {',
        '  ami = "ami-123"',
        '  metadata_options {',
        '    http_tokens = "optional"',
        '  }',
        '}',
        '',
        '# imdsv2-policy:ignore EC2.8 reason: vendor agent still calls IMDSv1',
        'resource "aws_instance" "accepted" {',
        '  ami = "ami-123"',
        '}',
        '',
        '# imdsv2-policy:ignore EC2.8 expires:2001-01-31 reason: long gone',
        'resource "aws_instance" "expired" {',
        '  ami = "ami-123"',
        '}',
        '',
        'resource "aws_instance" "closed" {',
        '  ami = "ami-123"',
        '  metadata_options {',
        '    http_tokens = "required"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    await page.setInputFiles('#file-input', [main]);
    await settled(page, 1);
    assert.equal(await page.locator('.input-item .kind').textContent(), 'Terraform source');
    assert.equal(await page.locator('#count-fail').textContent(), '2');
    assert.equal(await page.locator('#count-pass').textContent(), '1');
    assert.equal(await page.locator('#count-suppressed').textContent(), '1');
    assert.ok(await page.locator('.tile.suppressed').isVisible());
    assert.deepEqual(await rowNames(page), ['aws_instance.expired', 'aws_instance.open', 'aws_instance.accepted', 'aws_instance.closed']);
    assert.deepEqual(await page.locator('#rows .c-subject .sub').allTextContents(), [
      'aws_instance · main.tf:14',
      'aws_instance · main.tf:1',
      'aws_instance · main.tf:9',
      'aws_instance · main.tf:18',
    ]);
    await page.locator('.tile.suppressed').click();
    assert.deepEqual(await rowNames(page), ['aws_instance.accepted']);
    await page.locator('#rows button.subject').click();
    assert.match(await page.locator('tr.detail:not([hidden]) .suppression').innerText(), /vendor agent still calls IMDSv1/);
    // The expired suppression no longer applies (the page passes today's date), and a note says so.
    assert.match(await page.locator('#notes').textContent(), /suppression of aws_instance\.expired at main\.tf:13 expired on 2001-01-31/);

    // A file that is not HCL says where.
    const broken = join(dir, 'broken.tf');
    writeFileSync(broken, 'resource "aws_instance" "x" {\n  ami = \n}\n');
    await page.setInputFiles('#file-input', [broken]);
    await settled(page, 2);
    const error = page.locator('.input-item').nth(1).locator('.error');
    assert.equal(await error.locator('.error-code').textContent(), 'invalid-hcl');
    assert.match(await error.locator('.error-where').textContent(), /line \d+, column \d+|broken\.tf:\d+:\d+/);
    await context.close();
  });

  test('.tf files chosen together are one configuration; its fix downloads as the CLI patch', async () => {
    const { page, context } = await newPage();
    const dir = mkdtempSync(join(tmp, 'module-'));
    const files = {
      'main.tf': ['resource "aws_instance" "web" {', '  ami = "ami-123"', '  metadata_options {', '    http_tokens = var.tokens', '  }', '}', ''],
      'variables.tf': ['variable "tokens" {', '  default = "optional"', '}', ''],
    };
    const paths = Object.entries(files).map(([name, lines]) => {
      writeFileSync(join(dir, name), lines.join('\n'));
      return join(dir, name);
    });
    await page.setInputFiles('#file-input', paths);
    await settled(page, 1);
    const run = (args) => {
      try {
        return execFileSync(CLI, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        if (e.status === 1) return e.stdout;
        throw e;
      }
    };
    const names = Object.keys(files);
    const report = JSON.parse(run(['check', ...names, '--format', 'json']));
    assert.equal(report.summary.fail, 1, 'the variable default decides: fail');
    assert.equal(await page.locator('.input-item .input-name').textContent(), 'main.tf + 1 more');
    assert.equal(await page.locator('.input-item .kind').textContent(), 'Terraform source');
    assert.deepEqual(await rowNames(page), report.findings.map((f) => f.resource.address));
    const download = async (kind) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`.input-item [data-download="${kind}"]`).click()]);
      const path = join(tmp, `${kind}-${file.suggestedFilename()}`);
      await file.saveAs(path);
      return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    assert.equal((await download('json')).text, run(['check', ...names, '--format', 'json']));
    assert.equal((await download('sarif')).text, run(['check', ...names, '--format', 'sarif']));
    const patch = await download('fix');
    assert.equal(patch.name, 'imdsv2-fix.patch');
    assert.equal(patch.text, run(['fix', ...names]));
    assert.match(patch.text, /^\+  default = "required"$/m);
    await context.close();
  });

  test('a checker that cannot load says so in the page', async () => {
    // Its own context: the failed load logs errors the other tests must not see.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/pkg/imdsv2_policy_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(server.url);
    const box = page.locator('.error.fatal');
    await box.waitFor();
    assert.match(await box.innerText(), /The checker failed/);
    assert.equal(await page.locator('#version').textContent(), 'checker failed to load');
    // A file given now gets the same message, not silence.
    await page.setInputFiles('#file-input', [PLAN]);
    await settled(page, 1);
    assert.ok(await page.locator('.input-item .error').isVisible());
    await context.close();
  });

  test('text from the input is shown as text, never as HTML', async () => {
    const { page, context } = await newPage();
    const evil = '<img src=x onerror="window.__pwned=1">';
    const doc = {
      Reservations: [
        {
          OwnerId: '123456789012',
          Instances: [
            {
              InstanceId: `i-0abc${evil}`,
              Placement: { AvailabilityZone: 'eu-west-1a' },
              MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, State: 'applied' },
            },
          ],
        },
      ],
    };
    const file = join(tmp, `<b>bold<\/b>${evil}.json`.replace(/[/"]/g, '_'));
    writeFileSync(file, JSON.stringify(doc));
    await page.setInputFiles('#file-input', [file]);
    await settled(page, 1);
    assert.equal(await page.locator('.input-name').textContent(), basename(file));
    const name = (await rowNames(page))[0];
    assert.ok(name.includes(evil), `row shows ${name}`);
    await page.locator('#rows button.subject').first().click();
    await page.locator('tr.detail:not([hidden]) .snippet').first().waitFor();
    assert.equal(await page.locator('main img, main b').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await context.close();
  });

  test(`a ${LARGE_MB} MB plan shows its progress, keeps the page responsive and finishes`, async () => {
    const path = join(tmp, 'large-plan.json');
    const n = await writeLargePlan(path, LARGE_MB * 1024 * 1024);
    const { page, context } = await newPage();
    // Record every phase the input goes through, and how long the page takes to answer.
    await page.evaluate(() => {
      window.__phases = [];
      new MutationObserver(() => {
        const phase = document.querySelector('.input-item')?.dataset.phase;
        if (phase && window.__phases.at(-1) !== phase) window.__phases.push(phase);
      }).observe(document.getElementById('input-list'), { subtree: true, childList: true, attributes: true });
    });
    const started = Date.now();
    await page.setInputFiles('#file-input', [path]);
    // While the worker reads and evaluates, the page must keep painting: time a frame of it
    // every 100 ms. (Showing the results is the page's own work and is left out.)
    let slowest = 0;
    let samples = 0;
    let shot = false;
    for (;;) {
      const phase = await page.locator('.input-item').getAttribute('data-phase');
      if (phase === 'done' || phase === 'error') break;
      if (phase === 'evaluating' && !shot) {
        await page.screenshot({ path: join(ARTIFACTS, 'large-plan-progress-laptop-light.png') });
        shot = true;
      }
      const t = Date.now();
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
      if (phase === 'reading' || phase === 'evaluating') {
        slowest = Math.max(slowest, Date.now() - t);
        samples += 1;
      }
      await new Promise((ok) => setTimeout(ok, 100));
      assert.ok(Date.now() - started < 240_000, 'the large plan did not finish in 4 minutes');
    }
    const phases = await page.evaluate(() => window.__phases);
    assert.ok(await page.locator('.input-item[data-phase="done"]').isVisible(), 'the large plan failed');
    for (const p of ['reading', 'evaluating', 'done']) assert.ok(phases.includes(p), `phase ${p} not shown: ${phases}`);
    if (LARGE_MB >= 50) assert.ok(samples >= 3, `only ${samples} frames timed while the worker ran`);
    assert.ok(slowest < 1000, `a frame took ${slowest} ms while the worker ran: the page froze`);
    const counts = { pass: 0, fail: 0, unknown: 0 };
    for (let i = 0; i < n; i++) counts[expectedStatus(i)] += 1;
    for (const status of Object.keys(counts)) {
      assert.equal(await page.locator(`#count-${status}`).textContent(), counts[status].toLocaleString('en-US'));
    }
    const timing = await page.locator('.timing').textContent();
    assert.match(timing, /^Checked in [\d.]+ (s|ms)/);
    assert.equal(await page.locator('#rows tr.finding').count(), 200, 'the table shows the first page of rows');
    assert.deepEqual((await rowNames(page)).slice(0, 3), ['aws_instance.web[1]', 'aws_instance.web[4]', 'aws_instance.web[7]']);
    await page.waitForFunction(() => !document.querySelector('.toast.show'));
    await page.screenshot({ path: join(ARTIFACTS, 'large-plan-laptop-light.png') });
    await page.locator('#more-button').click();
    assert.equal(await page.locator('#rows tr.finding').count(), 400);
    // Grouped: every instance is in the root module, one header with the totals, and the same
    // pages of rows within it.
    const grouping = Date.now();
    await page.locator('#group-by').check();
    await page.locator('#rows tr.group-head').waitFor();
    const groupedIn = Date.now() - grouping;
    assert.equal(await page.locator('#rows tr.group-head').count(), 1);
    assert.equal(
      await page.locator('#rows tr.group-head .group-counts').textContent(),
      ['fail', 'unknown', 'pass']
        .filter((s) => counts[s] > 0)
        .map((s) => `${counts[s].toLocaleString('en-US')} ${s}`)
        .join(''),
    );
    assert.equal(await page.locator('#rows tr.finding').count(), 200);
    await page.locator('#more-button').click();
    assert.equal(await page.locator('#rows tr.finding').count(), 400);
    console.log(`# large plan: ${LARGE_MB} MB, ${n} instances, ${timing}; phases ${phases.join(' > ')}; slowest frame while checking ${slowest} ms of ${samples}; grouped in ${groupedIn} ms`);
    await context.close();
    rmSync(path);
  });

  test('keyboard reachable and every control labelled', async () => {
    const { page, context } = await newPage();
    // Listen first: Playwright turns on file chooser interception when a listener is added, and
    // a chooser opened before that is a real dialog the test never sees.
    const opened = new Promise((ok) => page.once('filechooser', ok));
    await page.waitForTimeout(100);
    // Tab from the top reaches the file chooser, and Enter opens it.
    let focused = '';
    for (let i = 0; i < 6 && focused !== 'choose'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'choose');
    await page.keyboard.press('Enter');
    const chooser = await opened;
    assert.ok(chooser.isMultiple());
    await chooser.setFiles([PLAN]);
    await settled(page, 1);
    // A finding opens from the keyboard.
    await page.locator('#rows button.subject').first().focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#rows button.subject').first().getAttribute('aria-expanded'), 'true');
    // Every control has a name a screen reader can say.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, summary')]
        .filter((el) => {
          if (el.closest('[hidden]')) return false;
          const label = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent;
          return !label || !label.trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unnamed, []);
    await context.close();
  });

  test('laptop and phone widths, light and dark: screenshots', async () => {
    for (const [width, height, label] of [
      [1366, 900, 'laptop'],
      [390, 844, 'phone'],
    ]) {
      for (const colorScheme of ['light', 'dark']) {
        const { page, context } = await newPage({ viewport: { width, height }, colorScheme, reducedMotion: 'reduce', deviceScaleFactor: label === 'phone' ? 2 : 1 });
        await page.screenshot({ path: join(ARTIFACTS, `empty-${label}-${colorScheme}.png`) });
        for (const example of ['describe-instances', 'terraform-plan', 'plan-with-unknowns']) {
          await page.locator(`[data-example="examples/${example}.json"]`).click();
        }
        await settled(page, 3);
        assert.equal(await page.locator('.input-item .error').count(), 0, 'an example failed');
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow}px`);
        await page.locator('#rows button.subject').nth(1).click();
        await page.locator('tr.detail:not([hidden]) .snippet').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('.toast.show'));
        // The opened finding where the click left it, the top of the page, and (laptop) all of it.
        await page.screenshot({ path: join(ARTIFACTS, `finding-${label}-${colorScheme}.png`) });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(ARTIFACTS, `top-${label}-${colorScheme}.png`) });
        if (label === 'laptop') await page.screenshot({ path: join(ARTIFACTS, `full-${label}-${colorScheme}.png`), fullPage: true });
        await context.close();
      }
    }
  });

  test('the CSP forbids requests elsewhere, and no request left the page origin', async () => {
    const { page, context } = await newPage();
    const blocked = await page.evaluate(async () => {
      const seen = new Promise((ok) => document.addEventListener('securitypolicyviolation', (e) => ok(e.violatedDirective), { once: true }));
      const failed = await fetch('https://example.com/beacon').then(() => false, () => true);
      return { failed, directive: await seen };
    });
    assert.deepEqual(blocked, { failed: true, directive: 'connect-src' });
    await context.close();
    // The request log covers the worker too: it fetched the wasm module.
    assert.ok(requests.some((u) => u.endsWith('/pkg/imdsv2_policy_bg.wasm')), 'the wasm request was not recorded');
    const elsewhere = requests.filter((u) => new URL(u).origin !== server.origin && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(elsewhere, [], 'requests left the page origin');
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('example.com/beacon')));
    assert.deepEqual(problems, [], 'console errors or page errors');
  });
});
