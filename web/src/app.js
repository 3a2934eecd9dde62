// The page: takes files (dropped, chosen, pasted or from the examples), hands them one at a time
// to the checker's Web Worker, and shows what comes back. The worker holds the reports; this
// side keeps one small row per finding and asks for the rest when a row is opened.
import { formatBytes, formatSeconds, h, icon, richText } from './dom.js';
import { initialLang, lang, setLang, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

// The kinds of input and the layers a setting comes from, in the page's language (i18n.js).
const KINDS = ['terraform-plan', 'terraform-state', 'ec2-describe-instances', 'terraform-source'];
const LAYERS = ['resource', 'launch-template', 'launch-configuration', 'account-default', 'ami', 'aws-default'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'];
const kindLabel = (kind) => (KINDS.includes(kind) ? t(`kind.${kind}`) : kind);
const layerName = (source) => (LAYERS.includes(source) ? t(`layer.${source}`) : source);

// Suppressed findings keep their status in the report but are counted apart, as the summary does.
const BUCKETS = ['fail', 'unknown', 'suppressed', 'pass'];
const BUCKET_ORDER = Object.fromEntries(BUCKETS.map((b, i) => [b, i]));
const PAGE = 200;

const state = {
  inputs: [],
  nextInput: 1,
  filter: 'all',
  query: '',
  limit: PAGE,
  rows: [],
  opened: new Set(),
  // Grouping by module (Terraform) or by account and region (live AWS), and the groups closed.
  group: false,
  collapsed: new Set(),
  // The checker's version and its controls, once the worker is ready (shown again on a switch).
  version: undefined,
  controls: { en: [], ja: [] },
};

// ---------------------------------------------------------------------------------------------
// The worker

let worker;
let workerReady;
let requestId = 1;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  workerReady = new Promise((resolve, reject) => {
    pending.set('ready', { resolve, reject });
  });
  worker.onmessage = ({ data }) => {
    if (data.type === 'ready') {
      state.version = data.version;
      $('version').textContent = t('version', data.version);
      state.controls = data.controls ?? { en: [], ja: [] };
      renderControls();
      pending.get('ready')?.resolve();
      pending.delete('ready');
      return;
    }
    if (data.type === 'fatal') {
      const e = data.error;
      if (e.startFailed !== undefined) Object.assign(e, { message: t('error.couldNotStart', e.startFailed), help: t('error.couldNotStartHelp') });
      pending.get('ready')?.reject(e);
      pending.delete('ready');
      return;
    }
    const p = pending.get(data.id);
    if (!p) return;
    if (data.type === 'progress') {
      p.progress?.(data);
    } else if (data.type === 'failed') {
      pending.delete(data.id);
      p.reject(data.error);
    } else {
      pending.delete(data.id);
      p.resolve(data);
    }
  };
  worker.onerror = (event) => {
    // The worker itself failed to load or crashed: fail everything in flight, start afresh.
    event.preventDefault();
    const error = {
      code: 'internal',
      internal: true,
      message: t('error.couldNotRun', event.message || t('error.scriptNotLoaded')),
      help: t('error.couldNotRunHelp'),
    };
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker.terminate();
    state.version = null;
    $('version').textContent = t('load.failed');
    startWorker();
  };
}

function request(message, progress) {
  const id = requestId++;
  return workerReady.then(
    () =>
      new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, progress });
        worker.postMessage({ lang: lang(), ...message, id });
      }),
  );
}

// ---------------------------------------------------------------------------------------------
// Taking inputs

let queue = Promise.resolve();

/** The options every check gets. */
function options() {
  // WebAssembly has no clock of its own: today's date decides which suppressions have expired.
  const now = new Date();
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return { endpointDisabled: $('endpoint-disabled').value, today };
}

/** Files Terraform reads as configuration: checked together, as one module. */
const SOURCE = /\.(tf|tf\.json|tfvars|tfvars\.json)$/i;

function addInput(source, name, size) {
  const input = { id: state.nextInput++, name, size, source, phase: 'queued' };
  state.inputs.push(input);
  input.el = h('li', { class: 'input-item' });
  $('input-list').append(input.el);
  showInputs();
  renderInput(input);
  run(input);
}

function run(input) {
  queue = queue.then(() => checkInput(input));
}

async function checkInput(input) {
  if (!state.inputs.includes(input)) return;
  const started = performance.now();
  input.phase = 'reading';
  input.loaded = 0;
  input.started = started;
  input.stepTimes = {};
  const ticker = setInterval(() => renderInput(input), 100);
  renderInput(input);
  try {
    const message = { type: 'check', name: input.name, options: options() };
    if (typeof input.source === 'string') message.text = input.source;
    else if (Array.isArray(input.source)) message.sources = input.source;
    else message.file = input.source;
    const asked = lang();
    const result = await request({ ...message, lang: asked }, (p) => {
      input.phase = p.phase;
      if (p.total !== undefined) {
        input.loaded = p.loaded;
        input.total = p.total;
      }
      renderInput(input);
    });
    if (!state.inputs.includes(input)) {
      request({ type: 'forget', report: result.reportId }).catch(() => {});
      return;
    }
    input.phase = 'rendering';
    renderInput(input);
    input.reportId = result.reportId;
    input.report = result.report;
    input.rows = result.rows;
    for (const r of input.rows) {
      r.input = input;
      r.key = `${input.id}:${r.index}`;
    }
    input.timings = result.timings;
    input.error = null;
    input.texts = { [asked]: { messages: null, notes: result.report.notes } };
    // The language changed while this input was checked: its texts in the new one.
    if (asked !== lang()) await localizeInput(input);
    refreshResults();
    // Time to the first paint of the results, so "show" covers the table too.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    input.timings.show = performance.now() - started - result.timings.read - result.timings.evaluate - result.timings.prepare;
    input.total = performance.now() - started;
    input.phase = 'done';
    const s = input.report.summary;
    announce(t('announce', input.name, s));
  } catch (error) {
    input.phase = 'error';
    input.error = error;
    input.report = null;
    input.rows = [];
    input.total = performance.now() - started;
    refreshResults();
  } finally {
    clearInterval(ticker);
    renderInput(input);
  }
}

function addFiles(files) {
  const sources = files.filter((f) => SOURCE.test(f.name));
  for (const file of files) if (!sources.includes(file)) addInput(file, file.name, file.size);
  if (sources.length) {
    const name = sources.length === 1 ? sources[0].name : t('input.more', sources[0].name, sources.length - 1);
    addInput(sources, name, sources.reduce((n, f) => n + f.size, 0));
  }
}

let pastes = 0;
/** Pasted text: JSON as a document; anything else is taken for Terraform source. */
function addPasted(text) {
  pastes += 1;
  const n = pastes === 1 ? '' : ` (${pastes})`;
  if (/^\s*[[{]/.test(text)) {
    addInput(text, `${t('input.pastedJson')}${n}`, new Blob([text]).size);
  } else {
    const file = new File([text], 'pasted.tf', { type: 'text/plain' });
    addInput([file], `${t('input.pastedTf')}${n}`, file.size);
  }
}

async function addExample(path) {
  const name = path.split('/').pop();
  try {
    const response = await fetch(path);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const blob = await response.blob();
    addFiles([new File([blob], name, { type: 'application/json' })]);
  } catch (e) {
    const input = { id: state.nextInput++, name, size: 0, source: null, phase: 'error' };
    input.error = {
      code: 'example-missing',
      message: t('error.example', path, e.message),
      help: t('error.exampleHelp'),
    };
    input.el = h('li', { class: 'input-item' });
    state.inputs.push(input);
    $('input-list').append(input.el);
    showInputs();
    renderInput(input);
  }
}

function removeInput(input) {
  const next = state.inputs[state.inputs.indexOf(input) + 1] ?? state.inputs[state.inputs.indexOf(input) - 1];
  const hadFocus = input.el.contains(document.activeElement);
  state.inputs = state.inputs.filter((i) => i !== input);
  input.el.remove();
  // Keep the keyboard where it was: on the next input's remove button, or back at the start.
  if (hadFocus) (next?.el.querySelector('button[data-remove]') ?? $('choose')).focus();
  if (input.reportId) request({ type: 'forget', report: input.reportId }).catch(() => {});
  showInputs();
  refreshResults();
}

/** Once something is checked the drop zone shrinks to one line, to leave room for results. */
function showInputs() {
  const any = state.inputs.length > 0;
  $('inputs').hidden = !any;
  document.querySelector('.intake').classList.toggle('compact', any);
}

// ---------------------------------------------------------------------------------------------
// The list of inputs

function kindBadge(kind) {
  return h('span', { class: `kind kind-${kind}` }, kindLabel(kind));
}

function renderInput(input) {
  const el = input.el;
  el.dataset.phase = input.phase;
  el.replaceChildren();
  const meta = [];
  if (input.report) {
    const info = input.report.input;
    meta.push(kindBadge(info.kind));
    meta.push(h('span', {}, formatBytes(input.size)));
    if (Array.isArray(input.source) && input.source.length > 1) meta.push(h('span', { class: 'mono' }, input.source.map((f) => f.name).join(', ')));
    meta.push(h('span', {}, t('subjects', info.subjects)));
    if (info.terraformVersion) meta.push(h('span', {}, t('terraformVersion', info.terraformVersion)));
    if (info.encoding) meta.push(h('span', {}, info.encoding));
  } else {
    meta.push(h('span', {}, formatBytes(input.size)));
  }
  const head = h(
    'div',
    { class: 'input-head' },
    h('div', { class: 'input-title' }, h('p', { class: 'input-name' }, input.name), h('p', { class: 'input-meta' }, meta)),
  );
  el.append(head);

  const side = h('div', { class: 'input-side' });
  head.append(side);
  if (input.phase === 'done' && input.report) {
    const s = input.report.summary;
    side.append(
      h(
        'p',
        { class: 'mini-counts' },
        ['fail', 'unknown', 'pass', 'suppressed'].map((k) =>
          k === 'suppressed' && !s.suppressed ? null : h('span', { class: `n ${k}${s[k] ? '' : ' zero'}` }, t('count', s[k] ?? 0, t(`status.${k}`))),
        ),
      ),
      h('div', { class: 'input-actions' }, [
        downloadButton(input, 'json', 'JSON'),
        downloadButton(input, 'sarif', 'SARIF'),
        downloadButton(input, 'junit', 'JUnit'),
        downloadButton(input, 'csv', 'CSV'),
        downloadButton(input, 'markdown', 'Markdown'),
        copyMarkdownButton(input),
        Array.isArray(input.source) && s.fail + s.unknown > 0 ? fixButton(input) : null,
        removeButton(input),
      ]),
    );
    const tm = input.timings;
    el.append(
      h(
        'p',
        { class: 'timing' },
        t('checkedIn', formatSeconds(input.total)),
        h('span', { class: 'timing-parts' }, t('timingParts', formatSeconds(tm.read), formatSeconds(tm.evaluate), formatSeconds(tm.prepare + tm.show))),
      ),
    );
  } else if (input.phase === 'error') {
    side.append(h('div', { class: 'input-actions' }, removeButton(input)));
    el.append(errorBox(input.error));
  } else {
    el.append(progressView(input));
  }
}

/** The three steps of a check, with the time each took and a bar for the current one. */
const STEPS = [
  ['read', 'step.read', ['reading']],
  ['evaluate', 'step.evaluate', ['evaluating', 'preparing']],
  ['show', 'step.show', ['rendering']],
];

function progressView(input) {
  const now = performance.now();
  const times = (input.stepTimes ??= {});
  const current = STEPS.findIndex(([, , phases]) => phases.includes(input.phase));
  if (current >= 0) times[STEPS[current][0]] ??= now;
  const steps = STEPS.map(([key, label], i) => {
    const state = current < 0 || i > current ? 'pending' : i < current ? 'done' : 'current';
    let note = '';
    if (state === 'done') note = formatSeconds((times[STEPS[i + 1][0]] ?? now) - times[key]);
    if (state === 'current') {
      note = formatSeconds(now - times[key]);
      if (key === 'read' && input.total) note = `${t('step.of', formatBytes(input.loaded), formatBytes(input.total))} · ${note}`;
    }
    return h('li', { class: `step ${state}` }, h('span', { class: 'step-label' }, t(label)), note ? h('span', { class: 'step-note' }, note) : null);
  });
  const label = current < 0 ? t('step.waiting') : t(STEPS[current][1]);
  const bar =
    input.phase === 'reading' && input.total
      ? h('progress', { max: input.total, value: input.loaded, 'aria-label': t('progress.reading', input.name) })
      : h('progress', { 'aria-label': current < 0 ? t('progress.waiting', input.name) : t('progress.step', label, input.name) });
  const total = input.started ? formatSeconds(now - input.started) : '';
  return h(
    'div',
    { class: 'progress' },
    bar,
    h('ol', { class: 'steps' }, steps, total ? h('li', { class: 'step-total' }, total) : null),
  );
}

function removeButton(input) {
  return h(
    'button',
    { type: 'button', class: 'button quiet icon-only', 'data-remove': '', 'aria-label': t('remove.aria', input.name), title: t('remove'), on: { click: () => removeInput(input) } },
    '×',
  );
}

function downloadButton(input, format, label) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button small',
      'data-download': format,
      'aria-label': t('download.aria', label, input.name),
      on: {
        click: async () => {
          button.disabled = true;
          try {
            const { value, inputName, sources } = await renderReport(input, format);
            const base = sources && sources.length > 1 ? 'terraform-source' : inputName;
            const stem = base.replace(/\.(json|tfstate|tf)$/i, '').replace(/[^\w.-]+/g, '-') || 'input';
            const [ext, mime] = {
              sarif: ['sarif', 'application/sarif+json'],
              junit: ['junit.xml', 'application/xml'],
              csv: ['csv', 'text/csv;charset=utf-8'],
              markdown: ['md', 'text/markdown;charset=utf-8'],
            }[format] ?? ['json', 'application/json'];
            save(`${stem}.imdsv2.${ext}`, value, mime);
          } catch (error) {
            showError(input, error);
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    icon('download'),
    label,
  );
  return button;
}

/** A report in one of the core's formats, named as the CLI names the input. */
async function renderReport(input, format) {
  const sources = Array.isArray(input.source) ? input.source : null;
  const inputName = sources ? sources[0].name : input.name;
  const { value } = await request({ type: 'render', report: input.reportId, format, inputName });
  return { value, inputName, sources };
}

/** The Markdown report on the clipboard, to paste into a pull request or an issue. */
function copyMarkdownButton(input) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button small copy',
      'data-copy': 'markdown',
      'aria-label': t('copyMarkdown.aria', input.name),
      on: {
        click: async () => {
          button.disabled = true;
          try {
            const { value } = await renderReport(input, 'markdown');
            await copyText(value, t('copyMarkdown.what'), button);
          } catch (error) {
            showError(input, error);
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    icon('copy'),
    h('span', {}, t('copyMarkdown')),
  );
  return button;
}

/**
 * For `.tf` sources: the fix as a patch (`git apply` takes it), byte for byte what
 * `imdsv2-policy fix FILE...` prints, and the steps it cannot do by itself.
 */
function fixButton(input) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button small',
      'data-download': 'fix',
      'aria-label': t('fix.aria', input.name),
      on: {
        click: async () => {
          button.disabled = true;
          try {
            const { value } = await request({ type: 'fix', report: input.reportId, options: options() });
            if (value.diff) save('imdsv2-fix.patch', value.diff, 'text/x-diff');
            input.el.querySelector('.manual')?.remove();
            if (value.manual?.length) {
              input.el.append(
                h(
                  'div',
                  { class: 'manual' },
                  h('p', { class: 'manual-title' }, value.diff ? t('fix.manualWithPatch') : t('fix.manualOnly')),
                  h(
                    'ul',
                    {},
                    value.manual.map((m) =>
                      h('li', {}, m.location ? [h('code', {}, `${m.location.file}:${m.location.line}`), ' '] : null, richText(m.message)),
                    ),
                  ),
                ),
              );
            } else if (!value.diff) {
              announce(t('fix.nothing'));
            }
          } catch (error) {
            showError(input, error);
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    icon('download'),
    t('fix'),
  );
  return button;
}

function save(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function showError(input, error) {
  input.el.querySelector('.error')?.remove();
  input.el.append(errorBox(error));
}

function errorBox(error) {
  const where = [];
  const loc = error.location;
  if (loc && loc.file && loc.line) where.push(h('code', {}, `${loc.file}:${loc.line}:${loc.column}`));
  else if (loc && loc.file) where.push(h('span', {}, t('error.in'), h('code', {}, loc.file)));
  else if (loc && loc.line) where.push(t('error.line', loc.line, loc.column));
  if (loc && loc.path) where.push(h('span', {}, t('error.at'), h('code', {}, loc.path)));
  const parts = [];
  where.forEach((w, i) => parts.push(i ? ', ' : '', w));
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h(
      'p',
      { class: 'error-title' },
      error.internal ? t('error.internal') : t('error.input'),
      h('span', { class: 'error-code' }, error.code),
    ),
    h('p', { class: 'error-message' }, richText(error.message)),
    where.length ? h('p', { class: 'error-where' }, h('span', { class: 'label' }, t('error.where')), parts) : null,
    error.help ? h('p', { class: 'error-help' }, h('span', { class: 'label' }, t('error.help')), richText(error.help)) : null,
  );
}

// ---------------------------------------------------------------------------------------------
// Results

function refreshResults() {
  const done = state.inputs.filter((i) => i.report);
  state.rows = done
    .flatMap((i) => i.rows)
    // Each input's rows come sorted from the worker; a stable sort keeps that order.
    .sort((a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || a.input.id - b.input.id);
  const totals = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
  for (const i of done) for (const k of Object.keys(totals)) totals[k] += i.report.summary[k] ?? 0;
  $('results').hidden = done.length === 0;
  for (const k of Object.keys(totals)) {
    $(`count-${k}`).textContent = totals[k].toLocaleString('en-US');
    document.querySelector(`.tile.${k}`).classList.toggle('zero', totals[k] === 0);
  }
  // Suppressions are rare: their tile and filter show only when a report has some.
  const anySuppressed = totals.suppressed > 0;
  document.querySelector('.tile.suppressed').hidden = !anySuppressed;
  document.querySelector('#status-filter input[value="suppressed"]').closest('label').hidden = !anySuppressed;
  if (!anySuppressed && state.filter === 'suppressed') setFilter('all');
  $('verdict').replaceChildren(...verdict(totals, done));
  renderNotes(done);
  state.limit = PAGE;
  renderRows();
}

function verdict(c, done) {
  const subjects = done.reduce((n, i) => n + i.report.input.subjects, 0);
  const files = done.length > 1 ? t('verdict.inInputs', done.length) : '';
  if (c.fail + c.unknown + c.pass === 0) {
    return [h('strong', {}, t('verdict.nothing')), t('verdict.nothingRest', files)];
  }
  if (c.fail > 0) {
    return [h('strong', {}, t('verdict.needFix', c.fail)), t('verdict.checked', subjects, files)];
  }
  if (c.unknown > 0) {
    return [h('strong', {}, t('verdict.noFail')), t('verdict.undecided', c.unknown, files)];
  }
  if (c.pass === 0) {
    return [h('strong', {}, t('verdict.nothingOpen')), t('verdict.allSuppressed', files)];
  }
  return [h('strong', {}, t('verdict.allPass')), t('verdict.checked', subjects, files)];
}

const NOTE_TITLES = {
  'account-guardrail': 'note.guardrailTitle',
};

/** Report-wide notes, one box per kind of note, each variant with the inputs that gave it. */
function renderNotes(done) {
  const byId = new Map();
  for (const input of done) {
    for (const note of input.texts?.[lang()]?.notes ?? input.report.notes ?? []) {
      const variants = byId.get(note.id) ?? new Map();
      byId.set(note.id, variants);
      const key = JSON.stringify(note);
      const v = variants.get(key) ?? { note, inputs: [] };
      v.inputs.push(input.name);
      variants.set(key, v);
    }
  }
  const boxes = [];
  for (const [id, variants] of byId) {
    const list = [...variants.values()];
    const title = NOTE_TITLES[id] ? t(NOTE_TITLES[id]) : firstSentence(list[0].note.message);
    boxes.push(
      h(
        'details',
        { class: 'note', 'data-note': id },
        h('summary', {}, h('span', { class: 'note-tag' }, id === 'account-guardrail' ? t('note.guardrail') : t('note.note')), h('span', {}, richText(title))),
        list.map(({ note, inputs }) =>
          h(
            'div',
            { class: 'note-body' },
            done.length > 1 ? h('p', { class: 'note-from' }, t('note.from', inputs.join(', '))) : null,
            list.length === 1 && note.message === title ? null : h('p', {}, richText(note.message)),
            h(
              'div',
              { class: 'snippets' },
              note.terraform ? snippet('Terraform', null, note.terraform, t('what.guardrail')) : null,
              note.awsCli ? snippet('AWS CLI', null, note.awsCli, t('what.awsCli')) : null,
            ),
          ),
        ),
      ),
    );
  }
  $('notes').replaceChildren(...boxes);
}

function firstSentence(text) {
  const m = /^(.+?[.。])(\s|$)/.exec(text) ?? /^(.+?。)/.exec(text);
  return m ? m[1] : text;
}

function matches(row, query) {
  if (!query) return true;
  row.haystack ??= [
    row.name,
    row.nameTag,
    row.type,
    row.message,
    row.source,
    layerLabel(row),
    row.decidedBy,
    row.region,
    row.account,
    row.input.name,
    row.status,
    t(`status.${row.status}`),
    row.location?.file,
    row.suppression ? `suppressed ${t('status.suppressed')} ${row.suppression.reason}` : null,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return query.split(/\s+/).every((word) => row.haystack.includes(word));
}

function visibleRows() {
  const query = state.query.trim().toLowerCase();
  return state.rows.filter((r) => (state.filter === 'all' || r.bucket === state.filter) && matches(r, query));
}

/**
 * The module instance an address is in: its `module.NAME[KEY].` steps (keys may hold dots and
 * brackets inside their quotes), or null in the root module.
 */
function modulePath(address) {
  const step = /^module\.[^.[\s]+(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\./;
  let rest = String(address);
  let path = '';
  for (let m = step.exec(rest); m; m = step.exec(rest)) {
    path += m[0];
    rest = rest.slice(m[0].length);
  }
  return path ? path.slice(0, -1) : null;
}

const LIVE_KINDS = new Set(['ec2-describe-instances', 'aws-live']);

/** A group's name with its `[N]` keys padded, so `module.a[2]` sorts before `module.a[10]` (as the worker sorts rows). */
function groupSortKey(name) {
  return String(name).replace(/\[(\d{1,15})\]/g, (_, n) => `[${n.padStart(15, '0')}]`);
}

/** The group a row is in: its module, or for live AWS its account and region (cached on it). */
function groupOf(row) {
  if (row.group === undefined) {
    let label;
    if (LIVE_KINDS.has(row.input.report?.input.kind)) {
      label = `${row.account ? t('group.account', row.account) : t('group.noAccount')} · ${row.region ?? t('group.noRegion')}`;
      row.group = { key: `${row.input.id}:live:${row.account}:${row.region}`, label, root: false };
    } else {
      const path = modulePath(row.name);
      label = path ?? t('group.root');
      row.group = { key: `${row.input.id}:${path ?? ''}`, label, root: path === null };
    }
  }
  return row.group;
}

/**
 * The findings by group, in the order of their worst finding (then root module first, then by
 * name): each with the rows the filter shows and its counts among the rows the search finds.
 */
function groupedRows(query) {
  const groups = new Map();
  for (const r of state.rows) {
    if (!matches(r, query)) continue;
    const { key, label, root } = groupOf(r);
    let g = groups.get(key);
    if (!g) {
      g = { key, label, root, input: r.input, rows: [], counts: { fail: 0, unknown: 0, suppressed: 0, pass: 0 }, worst: BUCKETS.length, sortKey: groupSortKey(label) };
      groups.set(key, g);
    }
    g.counts[r.bucket] += 1;
    g.worst = Math.min(g.worst, BUCKET_ORDER[r.bucket]);
    if (state.filter === 'all' || r.bucket === state.filter) g.rows.push(r);
  }
  return [...groups.values()]
    .filter((g) => g.rows.length > 0)
    .sort(
      (a, b) =>
        a.worst - b.worst ||
        a.input.id - b.input.id ||
        Number(b.root) - Number(a.root) ||
        (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0),
    );
}

/** A group's header row: a button that opens and closes it, with the group's counts. */
function groupHead(g, multi) {
  const open = !state.collapsed.has(g.key);
  const counts = BUCKETS.filter((b) => g.counts[b] > 0).map((b) => h('span', { class: `n ${b}` }, t('count', g.counts[b], t(`status.${b}`))));
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'subject group-toggle',
      'aria-expanded': String(open),
      on: {
        click: () => {
          if (state.collapsed.has(g.key)) state.collapsed.delete(g.key);
          else state.collapsed.add(g.key);
          renderRows();
          document.querySelector(`tr.group-head[data-group="${CSS.escape(g.key)}"] button`)?.focus();
        },
      },
    },
    icon('chevron'),
    h('span', { class: g.root ? 'group-name' : 'group-name mono' }, g.root ? g.label : breakable(g.label)),
    multi ? h('span', { class: 'sub' }, g.input.name) : null,
    h('span', { class: 'mini-counts group-counts' }, counts),
  );
  return h('tr', { class: 'group-head', 'data-group': g.key }, h('th', { colspan: 4, scope: 'colgroup' }, toggle));
}

/** Grouped rows within the page's limit: an open group's rows count against it, a closed one 1. */
function renderGrouped(query, multi) {
  const groups = groupedRows(query);
  const out = [];
  let used = 0;
  let left = 0;
  let matching = 0;
  for (const g of groups) {
    matching += g.rows.length;
    if (used >= state.limit) {
      left += g.rows.length;
      continue;
    }
    out.push(groupHead(g, multi));
    if (state.collapsed.has(g.key)) {
      used += 1;
      continue;
    }
    const take = g.rows.slice(0, state.limit - used);
    used += take.length;
    left += g.rows.length - take.length;
    for (const r of take) out.push(...findingRows(r, multi));
  }
  return { out, left, matching };
}

function renderRows() {
  const multi = state.inputs.filter((i) => i.report).length > 1;
  const body = $('rows');
  // How many findings the filter and search show, and how many of them are past the limit.
  let matching;
  let left;
  if (state.group) {
    const grouped = renderGrouped(state.query.trim().toLowerCase(), multi);
    body.replaceChildren(...grouped.out);
    ({ matching, left } = grouped);
  } else {
    const rows = visibleRows();
    const shown = rows.slice(0, state.limit);
    body.replaceChildren(...shown.flatMap((r) => findingRows(r, multi)));
    matching = rows.length;
    left = rows.length - shown.length;
  }
  $('empty').hidden = matching > 0;
  $('more').hidden = left <= 0;
  $('more-button').textContent = t('more', Math.min(PAGE, left), left);
  const total = state.rows.length;
  $('shown').textContent = matching === total ? t('findings', total) : t('shownOf', matching, total);
  for (const tile of document.querySelectorAll('.tile')) tile.setAttribute('aria-pressed', String(tile.dataset.status === state.filter));
}

function layerLabel(row) {
  if (row.source === 'resource' && row.type === 'ec2-instance') return t('layer.instance');
  return layerName(row.source);
}

/** An address with line-break opportunities after its dots and before its brackets. */
function breakable(name) {
  return String(name)
    .split(/(?<=\.)|(?=\[)/)
    .flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}

function findingRows(row, multi) {
  const detailId = `detail-${row.key.replace(':', '-')}`;
  const open = state.opened.has(row.key);
  const sub = [row.type];
  if (row.region) sub.push(row.region);
  if (row.account) sub.push(t('row.account', row.account));
  if (row.location) sub.push(`${row.location.file}:${row.location.line}`);
  if (multi) sub.push(row.input.name);
  const toggle = h(
    'button',
    { type: 'button', class: 'subject', 'aria-expanded': String(open), 'aria-controls': detailId },
    icon('chevron'),
    h('span', { class: 'mono name' }, breakable(row.nameTag ? `${row.name} (${row.nameTag})` : row.name)),
  );
  const tr = h(
    'tr',
    { class: `finding status-${row.status}`, 'data-key': row.key },
    h(
      'td',
      { class: 'c-status', 'data-label': t('col.status') },
      h('span', { class: `badge ${row.status}` }, t(`status.${row.status}`)),
      row.suppression ? h('span', { class: 'badge suppressed', title: row.suppression.reason }, t('status.suppressed')) : null,
    ),
    h('td', { class: 'c-subject', 'data-label': t('col.resource') }, toggle, h('span', { class: 'sub' }, sub.join(' · '))),
    h(
      'td',
      { class: 'c-layer', 'data-label': t('col.decidedBy') },
      h('span', {}, layerLabel(row)),
      row.decidedBy ? h('span', { class: 'sub mono' }, breakable(row.decidedBy)) : null,
      row.source === 'resource' && row.type === 'ec2-instance' ? h('span', { class: 'sub' }, t('layer.asEc2')) : null,
    ),
    h('td', { class: 'c-why', 'data-label': t('col.why') }, richText(row.message)),
  );
  const cell = h('td', { colspan: 4 });
  const detail = h('tr', { class: 'detail', id: detailId, hidden: !open }, cell);
  const fill = async () => {
    if (cell.dataset.filled) return;
    cell.dataset.filled = '1';
    cell.append(h('p', { class: 'loading' }, t('loadingDetail')));
    try {
      const { value } = await request({ type: 'finding', report: row.input.reportId, index: row.index });
      cell.replaceChildren(findingDetail(row, value));
    } catch (error) {
      cell.replaceChildren(errorBox(error));
      delete cell.dataset.filled;
    }
  };
  toggle.addEventListener('click', () => {
    const now = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(now));
    detail.hidden = !now;
    tr.classList.toggle('open', now);
    if (now) {
      state.opened.add(row.key);
      fill();
    } else {
      state.opened.delete(row.key);
    }
  });
  if (open) {
    tr.classList.add('open');
    fill();
  }
  return [tr, detail];
}

function findingDetail(row, finding) {
  const e = finding.effective ?? {};
  const value = (v) => (v === null || v === undefined ? h('span', { class: 'muted' }, t('knownAfterApply')) : h('code', {}, String(v)));
  const facts = h(
    'dl',
    { class: 'facts' },
    h('div', {}, h('dt', {}, 'http_tokens'), h('dd', {}, value(e.httpTokens))),
    h('div', {}, h('dt', {}, 'http_endpoint'), h('dd', {}, value(e.httpEndpoint))),
    h('div', {}, h('dt', {}, t('fact.hopLimit')), h('dd', {}, value(e.hopLimit))),
    h('div', {}, h('dt', {}, t('fact.decidedBy')), h('dd', {}, layerLabel(row), e.decidedBy ? [' ', h('code', {}, e.decidedBy)] : null)),
    h('div', {}, h('dt', {}, t('fact.control')), h('dd', {}, `${finding.control} · ${SEVERITIES.includes(finding.severity) ? t(`severity.${finding.severity}`) : finding.severity}`)),
  );
  const out = h('div', { class: 'detail-body' }, facts);
  const sup = finding.suppression;
  if (sup) {
    const where = sup.location ? ` (${sup.location.file}:${sup.location.line})` : '';
    const until = sup.expires ? t('suppression.until', sup.expires) : '';
    out.append(
      h(
        'p',
        { class: 'suppression' },
        h('strong', {}, sup.kind === 'in-source' ? t('suppression.inSource') : t('suppression.ignore')),
        `${where}${until}: `,
        richText(sup.reason),
      ),
    );
  }
  const fix = finding.remediation;
  if (!fix) {
    out.append(h('p', { class: 'ok' }, t('nothingToFix')));
    return out;
  }
  out.append(h('p', { class: 'fix-summary' }, richText(fix.summary)));
  const snippets = h('div', { class: 'snippets' });
  const patches = [fix.terraform, ...(fix.alternatives ?? [])].filter(Boolean);
  patches.forEach((p, i) => {
    const where = i === 0 ? 'Terraform' : t('snippet.terraformInstead');
    snippets.append(
      snippet(where, [h('code', {}, p.target)], p.block, t('what.block', p.target), p.reason),
      snippet(t('snippet.mergePatch'), [h('code', {}, p.target)], JSON.stringify(p.mergePatch, null, 2), t('what.mergePatch', p.target)),
    );
  });
  if (fix.awsCli) snippets.append(snippet('AWS CLI', null, fix.awsCli, t('what.awsCli')));
  if (fix.apiRequest) {
    snippets.append(snippet('ModifyInstanceMetadataOptions', null, JSON.stringify(fix.apiRequest, null, 2), t('what.api')));
  }
  if (snippets.childElementCount) out.append(snippets);
  if (fix.notes?.length) out.append(h('ul', { class: 'fix-notes' }, fix.notes.map((n) => h('li', {}, richText(n)))));
  return out;
}

function snippet(title, target, text, what, reason) {
  const copy = h(
    'button',
    { type: 'button', class: 'button small copy', 'aria-label': t('copy.aria', what), on: { click: () => copyText(text, what, copy) } },
    icon('copy'),
    h('span', {}, t('copy')),
  );
  return h(
    'figure',
    { class: 'snippet' },
    h('figcaption', {}, h('span', { class: 'snippet-title' }, title, target ? [' · ', target] : null), copy),
    h('pre', {}, h('code', {}, text)),
    reason ? h('p', { class: 'snippet-reason' }, richText(reason)) : null,
  );
}

async function copyText(text, what, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // No clipboard permission (or not a secure context): fall back to a selected textarea.
    const area = h('textarea', { class: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    ok = document.execCommand('copy');
    area.remove();
  }
  const label = button.querySelector('span');
  const before = label.dataset.label ?? label.textContent;
  label.dataset.label = before;
  label.textContent = ok ? t('copied') : t('copyFailed');
  button.classList.toggle('done', ok);
  announce(ok ? t('copied.announce', what) : t('copyFailed.announce', what));
  setTimeout(() => {
    label.textContent = before;
    button.classList.remove('done');
  }, 1600);
}

let toastTimer;
function announce(text) {
  const t = $('toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 2400);
}

/** What each control checks and why, from the same policy files the CLI reads. */
function renderControls() {
  const controls = state.controls[lang()] ?? state.controls.en ?? [];
  $('about').replaceChildren(
    ...controls.map((c) =>
      h(
        'details',
        { class: 'about-control' },
        h('summary', {}, h('strong', {}, c.id), ` · ${c.title}`),
        h('p', {}, richText(c.description)),
        c.rationale ? h('p', {}, h('strong', {}, t('whyItMatters')), richText(c.rationale)) : null,
        c.references?.length
          ? h(
              'ul',
              { class: 'references' },
              c.references
                .filter((url) => /^https:\/\//.test(url))
                .map((url) => h('li', {}, h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url))),
            )
          : null,
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Language

/** The page's own words from the table in i18n.js: `data-i18n` (text), `-rich` (with code), `-aria`, `-title`, `-placeholder`. */
function translateStatic() {
  document.documentElement.lang = lang();
  document.title = t('doc.title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-rich]')) el.replaceChildren(...richText(t(el.dataset.i18nRich)));
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const b of document.querySelectorAll('#lang-switch [data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));
  if (state.version) $('version').textContent = t('version', state.version);
  else if (state.version === null) $('version').textContent = t('load.failed');
}

/**
 * An input's findings' messages and its notes in the page's language, from the worker (which
 * translates the report once per language and keeps it); cached on the input.
 */
async function localizeInput(input) {
  const l = lang();
  input.texts ??= {};
  if (!input.texts[l]?.messages) {
    const { value } = await request({ type: 'texts', report: input.reportId, lang: l });
    input.texts[l] = value;
  }
  const { messages } = input.texts[l];
  for (const r of input.rows) {
    r.message = messages[r.index];
    r.haystack = undefined;
    r.group = undefined;
  }
}

async function applyLang(value, { remember = true } = {}) {
  setLang(value, { remember });
  translateStatic();
  renderControls();
  const done = state.inputs.filter((i) => i.report && i.reportId);
  await Promise.all(done.map((i) => localizeInput(i).catch(() => {})));
  for (const input of state.inputs) renderInput(input);
  // Open details are asked for again, in the new language.
  if (done.length) refreshResults();
}

// ---------------------------------------------------------------------------------------------
// Wiring

function setFilter(status) {
  state.filter = status;
  state.limit = PAGE;
  const radio = document.querySelector(`#status-filter input[value="${status}"]`);
  if (radio) radio.checked = true;
  renderRows();
}

function wire() {
  for (const b of document.querySelectorAll('#lang-switch [data-lang]')) {
    b.addEventListener('click', () => {
      if (b.dataset.lang !== lang()) applyLang(b.dataset.lang);
    });
  }
  const fileInput = $('file-input');
  $('choose').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    addFiles([...fileInput.files]);
    fileInput.value = '';
  });

  $('paste-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('paste-text').value;
    if (!text.trim()) {
      announce(t('paste.empty'));
      $('paste-text').focus();
      return;
    }
    addPasted(text);
  });

  for (const chip of document.querySelectorAll('[data-example]')) {
    chip.addEventListener('click', () => addExample(chip.dataset.example));
  }

  $('clear').addEventListener('click', () => {
    for (const input of [...state.inputs]) removeInput(input);
    state.opened.clear();
    $('choose').focus();
  });

  $('endpoint-disabled').addEventListener('change', () => {
    // The option changes findings: judge every input again with it.
    for (const input of state.inputs) {
      if (!input.source) continue;
      if (input.reportId) request({ type: 'forget', report: input.reportId }).catch(() => {});
      Object.assign(input, { report: null, rows: [], reportId: null, texts: null, error: null, phase: 'queued', started: null });
      renderInput(input);
      run(input);
    }
    refreshResults();
  });

  for (const radio of document.querySelectorAll('#status-filter input')) {
    radio.addEventListener('change', () => setFilter(radio.value));
  }
  for (const tile of document.querySelectorAll('.tile')) {
    tile.addEventListener('click', () => setFilter(state.filter === tile.dataset.status ? 'all' : tile.dataset.status));
  }
  let searchTimer;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.query = $('search').value;
      state.limit = PAGE;
      renderRows();
    }, 120);
  });
  $('group-by').addEventListener('change', () => {
    state.group = $('group-by').checked;
    state.limit = PAGE;
    renderRows();
  });
  $('more-button').addEventListener('click', () => {
    state.limit += PAGE;
    renderRows();
  });

  // Files dropped anywhere on the page are checked (and never opened by the browser instead).
  const overlay = $('drop-overlay');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth += 1;
    overlay.classList.add('show');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.classList.remove('show');
  });
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.classList.remove('show');
    addFiles([...e.dataTransfer.files]);
  });
}

applyLang(initialLang(), { remember: false });
// The script runs: the notice for a page that cannot start (file://) is not needed.
$('boot-note')?.remove();
startWorker();
workerReady.catch((error) => {
  state.version = null;
  $('version').textContent = t('load.failed');
  const box = errorBox(error);
  box.classList.add('fatal');
  $('intake-title').after(box);
});
wire();
