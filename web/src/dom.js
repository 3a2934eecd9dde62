// Small DOM helpers. Text from an input only ever enters the page through text nodes
// (`textContent`, `createTextNode`): nothing here parses HTML.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An element: `h('p', {class: 'x'}, 'text', child)`. Attributes are set with setAttribute;
 * `hidden`, `disabled` and `checked` are booleans, `on` maps event names to listeners, and
 * strings among the children become text nodes.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === 'hidden' || key === 'disabled' || key === 'checked') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings as text, arrays, skipping null and false). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A copy of one of the page's <template> icons. */
export function icon(name) {
  const t = document.getElementById(`icon-${name}`);
  return t ? t.content.firstElementChild.cloneNode(true) : document.createElementNS(SVG, 'svg');
}

/**
 * The messages of the core write user input and names in backticks (`aws_instance.web`); show
 * those parts as code. Each part is a text node, so nothing in the message can become markup.
 */
export function richText(text) {
  const parts = String(text ?? '').split('`');
  if (parts.length % 2 === 0) {
    // An unpaired backtick: keep it as it was written.
    const last = parts.pop();
    parts[parts.length - 1] += '`' + last;
  }
  return parts.map((part, i) => (i % 2 ? h('code', {}, part) : part)).filter((p) => p !== '');
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function formatSeconds(ms) {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
