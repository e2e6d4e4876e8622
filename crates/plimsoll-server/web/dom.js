// Builds DOM nodes. Text always goes in as text nodes, never as HTML, so
// nothing the API returns (vessel names, comments) can become markup.

/** h('a', {href: '#/x', class: 'c', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table from a header row and rows of cells (text or nodes). */
export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

/** "2026-01-31T12:00:00Z" -> "2026-01-31 12:00Z" */
export function time(text) {
  return text ? String(text).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z') : '';
}

export function pct(x) {
  return x === null || x === undefined ? '' : `${Math.round(x * 100)} %`;
}

export function num(x) {
  return x === null || x === undefined ? '' : Math.round(x).toLocaleString('en-GB');
}

export function link(href, text) {
  return h('a', { href }, text);
}

export function eventLink(id) {
  return link(`#/events/${encodeURIComponent(id)}`, id);
}

export function vesselLink(mmsi) {
  return link(`#/vessels/${encodeURIComponent(mmsi)}`, String(mmsi));
}

export function message(kind, text) {
  return h('p', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
