// The checker's thread: loads the WebAssembly build of the core, reads each input (reporting
// progress), evaluates it, and keeps every report so that downloads and a finding's fix can be
// asked for later without sending whole reports across threads.
//
// Every message in carries `lang` ('en' | 'ja'): the language of the texts sent back. In
// Japanese the rows, details and notes are those of the core's localized report
// (`render(report, "json", {lang: "ja"})`, made once per report and language, kept here).
//
// Messages in:  {type: 'check', id, file?: File, text?: string, sources?: File[], name, options, lang}
//               {type: 'fix', id, report, options}
//               {type: 'finding', id, report, index, lang}
//               {type: 'texts', id, report, lang}   (each finding's message by index, and the notes)
//               {type: 'render', id, report, format: 'json' | 'sarif' | 'junit' | 'csv' | 'markdown', inputName, lang}
//               {type: 'forget', report}
// Messages out: {type: 'ready', version, controls} | {type: 'fatal', error}
//               {type: 'progress', id, phase: 'reading' | 'evaluating' | 'preparing', loaded?, total?}
//               {type: 'checked', id, report: {tool, input, summary, notes}, rows, timings}
//               {type: 'finding' | 'rendered' | 'fixed' | 'texts', id, value}
//               {type: 'failed', id, error: {code, message, location?, help?, internal?}}
import { setLang, t } from './i18n.js';
import init, { checkInputSize, controls, evaluate, evaluateSources, fixSources, render, version } from './pkg/imdsv2_policy.js';

const reports = new Map();
// The text of `.tf` inputs, by report, for `fixSources`.
const sourceTexts = new Map();
// The localized reports, by report and language ("1:ja").
const localized = new Map();
let nextReport = 1;

const ready = init().then(
  () => {
    const en = controls();
    postMessage({ type: 'ready', version: version(), controls: { en, ja: controlsJa(en) } });
  },
  (e) => {
    postMessage({
      type: 'fatal',
      error: {
        code: 'internal',
        internal: true,
        // The page words this in its language (this thread has not been told it yet).
        startFailed: String(e && e.message ? e.message : e),
        message: t('error.couldNotStart', e && e.message ? e.message : e),
        help: t('error.couldNotStartHelp'),
      },
    });
    throw e;
  },
);
// Each request awaits `ready` and reports the failure itself.
ready.catch(() => {});

/**
 * The controls in Japanese: `controls()` is English, but the core's SARIF writer has every
 * policy's title, description and rationale in Japanese (its rules, written for any report).
 * Falls back to English where a rule is missing.
 */
function controlsJa(en) {
  try {
    const empty = evaluate('{"format_version":"1.2","resource_changes":[]}', {});
    const rules = JSON.parse(render(empty, 'sarif', { lang: 'ja' })).runs[0].tool.driver.rules ?? [];
    const byId = new Map(rules.map((r) => [r.id, r]));
    return en.map((c) => {
      const r = byId.get(c.id);
      if (!r) return c;
      const why = /## なぜ重要か\n\n([\s\S]*?)(?:\n\n##|\n*$)/.exec(r.help?.markdown ?? '');
      return { ...c, title: r.shortDescription?.text ?? c.title, description: r.fullDescription?.text ?? c.description, rationale: why ? why[1] : c.rationale };
    });
  } catch {
    return en;
  }
}

/** The plain data of an error thrown by the package, or an internal error for anything else. */
function errorData(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const out = { code: e.code, message: String(e.message) };
    if (e.location) out.location = { ...e.location };
    if (e.help) out.help = String(e.help);
    return out;
  }
  return {
    code: 'internal',
    internal: true,
    message: t('error.unexpected', e && e.message ? e.message : String(e)),
    help: t('error.unexpectedHelp'),
  };
}

/** A read that failed (a folder dropped, a file removed meanwhile), as the CLI words it. */
function unreadable(file, e) {
  return {
    code: 'io',
    message: t('error.unreadable', file.name, e && e.message ? e.message : e),
    help: t('error.unreadableHelp'),
  };
}

/** Reads a File in chunks, reporting how far it got at most every 50 ms. */
async function readFile(id, file) {
  try {
    return await readChunks(id, file);
  } catch (e) {
    throw unreadable(file, e);
  }
}

async function readChunks(id, file) {
  const total = file.size;
  const bytes = new Uint8Array(total);
  const reader = file.stream().getReader();
  let loaded = 0;
  let last = 0;
  postMessage({ type: 'progress', id, phase: 'reading', loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew while being read: keep what fits; the size was taken at the start.
    bytes.set(value.subarray(0, Math.max(0, total - loaded)), loaded);
    loaded = Math.min(total, loaded + value.length);
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      postMessage({ type: 'progress', id, phase: 'reading', loaded, total });
    }
  }
  postMessage({ type: 'progress', id, phase: 'reading', loaded: total, total });
  return bytes.subarray(0, loaded);
}

/** What the findings table needs of each finding; the rest stays here until asked for. */
function row(f, index) {
  const r = f.resource ?? {};
  const e = f.effective ?? {};
  return {
    index,
    status: f.status,
    control: f.control,
    severity: f.severity,
    type: r.type,
    name: r.address ?? r.id ?? r.type,
    nameTag: r.nameTag ?? null,
    region: r.region ?? null,
    account: r.account ?? null,
    location: f.location ?? null,
    source: e.source,
    decidedBy: e.decidedBy ?? null,
    message: f.message,
    suppression: f.suppression ?? null,
  };
}

const BUCKET_ORDER = { fail: 0, unknown: 1, suppressed: 2, pass: 3 };

/** A name with its `[N]` instance keys padded, so `web[2]` sorts before `web[10]`. */
function sortKey(name) {
  return String(name).replace(/\[(\d{1,15})\]/g, (_, n) => `[${n.padStart(15, '0')}]`);
}

/**
 * The order the table shows: what needs a fix first (suppressed findings apart, as the summary
 * counts them), then by name, counting instance keys as numbers. Done here so a large report
 * does not hold up the page.
 */
function sortRows(rows) {
  for (const r of rows) {
    r.bucket = r.suppression ? 'suppressed' : r.status;
    r.sortKey = sortKey(r.name);
  }
  return rows.sort(
    (a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0) || a.index - b.index,
  );
}

/** Terraform files as the object `evaluateSources` takes: file name to text. */
async function readSources(id, files) {
  const total = files.reduce((n, f) => n + f.size, 0);
  const texts = {};
  let loaded = 0;
  for (const f of files) {
    postMessage({ type: 'progress', id, phase: 'reading', loaded, total });
    texts[f.name] = await f.text().catch((e) => {
      throw unreadable(f, e);
    });
    loaded += f.size;
  }
  postMessage({ type: 'progress', id, phase: 'reading', loaded: total, total });
  return texts;
}

async function check({ id, file, text, sources, options, lang }) {
  const t0 = performance.now();
  // A file over the limit (1 GiB) is refused by its size, before it is read into memory.
  if (file) checkInputSize(file.size, options);
  else if (sources) checkInputSize(sources.reduce((n, f) => n + f.name.length + f.size, 0), options);
  const input = sources ? await readSources(id, sources) : file ? await readFile(id, file) : text;
  const t1 = performance.now();
  postMessage({ type: 'progress', id, phase: 'evaluating' });
  const report = sources ? evaluateSources(input, options) : evaluate(input, options);
  const t2 = performance.now();
  postMessage({ type: 'progress', id, phase: 'preparing' });
  const key = nextReport++;
  reports.set(key, report);
  if (sources) sourceTexts.set(key, input);
  const shown = inLang(key, lang);
  const rows = sortRows(shown.findings.map(row));
  const { tool, input: info, summary, notes = [] } = shown;
  postMessage({
    type: 'checked',
    id,
    reportId: key,
    report: { tool, input: info, summary, notes },
    rows,
    timings: { read: t1 - t0, evaluate: t2 - t1, prepare: performance.now() - t2 },
  });
}

function stored(key) {
  const report = reports.get(key);
  if (!report) throw new Error(t('error.notHeld', key));
  return report;
}

/** A report in a language: the one evaluated for English, the core's translation of it else. */
function inLang(key, lang) {
  const report = stored(key);
  if (lang !== 'ja') return report;
  const id = `${key}:${lang}`;
  let out = localized.get(id);
  if (!out) {
    out = JSON.parse(render(report, 'json', { lang }));
    localized.set(id, out);
  }
  return out;
}

onmessage = async ({ data }) => {
  const { type, id } = data;
  try {
    setLang(data.lang, { remember: false });
    await ready;
    if (type === 'check') {
      await check(data);
    } else if (type === 'finding') {
      postMessage({ type: 'finding', id, value: inLang(data.report, data.lang).findings[data.index] ?? null });
    } else if (type === 'texts') {
      const r = inLang(data.report, data.lang);
      postMessage({ type: 'texts', id, value: { messages: r.findings.map((f) => f.message), notes: r.notes ?? [] } });
    } else if (type === 'render') {
      const text = render(stored(data.report), data.format, { inputName: data.inputName, lang: data.lang === 'ja' ? 'ja' : 'en' });
      postMessage({ type: 'rendered', id, value: text });
    } else if (type === 'fix') {
      const texts = sourceTexts.get(data.report);
      if (!texts) throw new Error(t('error.onlySource'));
      postMessage({ type: 'fixed', id, value: fixSources(texts, data.options) });
    } else if (type === 'forget') {
      reports.delete(data.report);
      sourceTexts.delete(data.report);
      for (const l of ['ja']) localized.delete(`${data.report}:${l}`);
    }
  } catch (e) {
    postMessage({ type: 'failed', id, error: errorData(e) });
  }
};
