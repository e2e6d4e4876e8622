// The pages: map, event list, event, vessel, ledger, audit. Each takes the
// main element and the session ({user, role}) and draws itself from the API.
import { api, ApiError, query } from '/ui/api.js';
import { h, fill, table, time, pct, num, eventLink, vesselLink, message, link } from '/ui/dom.js';
import {
  createMap, eventFeatures, trackFeatures, setData, boxFeature, fitTo, drawBox, KIND_COLOURS, maplibregl,
} from '/ui/map.js';
import { ledgerChart } from '/ui/chart.js';

const ROLES = ['viewer', 'analyst', 'admin'];
export const atLeast = (session, role) => ROLES.indexOf(session.role) >= ROLES.indexOf(role);

/** Most events the map loads (pages of 500). */
const MAP_EVENTS_MAX = 5000;
const HOUR_MS = 3_600_000;
const TRACK_SPAN_MAX_MS = 31 * 24 * HOUR_MS;

/** The filters the map and the event list share (kept for the session's tab). */
export const filters = {
  kinds: [],
  confidence_min: '',
  sanctioned: false,
  mmsi: '',
  bbox: null,
};

function filterQuery(extra = {}) {
  return query({
    kinds: filters.kinds.join(','),
    confidence_min: filters.confidence_min,
    sanctioned: filters.sanctioned ? 'true' : '',
    mmsi: filters.mmsi,
    bbox: filters.bbox ? filters.bbox.join(',') : '',
    ...extra,
  });
}

let summaryCache = null;
async function summary() {
  summaryCache ??= await api('/summary');
  return summaryCache;
}

function errorText(e) {
  return e instanceof ApiError ? `${e.message} (${e.status})` : String(e?.message ?? e);
}

/** The filter form; `onChange` runs after each change. */
async function filterForm(onChange, { withArea = null } = {}) {
  const [info, parties] = await Promise.all([summary(), api('/sanctioned').catch(() => ({ vessels: [] }))]);
  const kinds = h('fieldset', { class: 'kinds' }, h('legend', {}, 'Kind'),
    info.kinds.map((k) => h('label', {},
      h('input', {
        type: 'checkbox', name: 'kind', value: k, checked: filters.kinds.includes(k),
        onchange: (e) => {
          filters.kinds = e.target.checked ? [...filters.kinds, k] : filters.kinds.filter((x) => x !== k);
          onChange();
        },
      }),
      h('span', { class: 'swatch', dataset: { kind: k } }), ` ${k.replace(/_/g, ' ')}`)));
  const confidence = h('label', {}, 'Confidence at least ',
    h('select', {
      name: 'confidence_min',
      onchange: (e) => { filters.confidence_min = e.target.value; onChange(); },
    }, ['', '0.3', '0.5', '0.7', '0.9'].map((v) => h('option', { value: v, selected: filters.confidence_min === v }, v ? pct(Number(v)) : 'any'))));
  const sanctioned = h('label', {},
    h('input', {
      type: 'checkbox', name: 'sanctioned', checked: filters.sanctioned,
      onchange: (e) => { filters.sanctioned = e.target.checked; onChange(); },
    }), ` with a sanctioned party (${parties.vessels.length} matched vessels)`);
  const party = h('label', {}, 'Vessel ',
    h('select', {
      name: 'party',
      onchange: (e) => { filters.mmsi = e.target.value; onChange(); },
    },
    h('option', { value: '' }, 'any'),
    filters.mmsi && !parties.vessels.some((v) => String(v.mmsi) === filters.mmsi)
      ? h('option', { value: filters.mmsi, selected: true }, filters.mmsi) : null,
    parties.vessels.map((v) => h('option', { value: v.mmsi, selected: String(v.mmsi) === filters.mmsi },
      `${v.entry_name} (${v.list}, MMSI ${v.mmsi})`))));
  const area = withArea
    ? h('div', { class: 'area' },
      h('button', { type: 'button', id: 'draw-area', onclick: withArea.draw }, 'Draw area'),
      h('button', { type: 'button', id: 'clear-area', onclick: withArea.clear }, 'Clear area'),
      h('span', { id: 'area-text', class: 'muted' }, filters.bbox ? filters.bbox.join(', ') : 'whole map'))
    : (filters.bbox ? h('p', { class: 'muted' }, `Area ${filters.bbox.join(', ')} (set on the map)`) : null);
  return h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, kinds, confidence, sanctioned, party, area);
}

async function loadEvents(max) {
  const events = [];
  let offset = 0;
  while (offset !== null && events.length < max) {
    const page = await api(`/events${filterQuery({ limit: 500, offset })}`);
    events.push(...page.events);
    offset = page.next_offset;
  }
  return { events: events.slice(0, max), truncated: offset !== null };
}

async function loadTracks(vessels, fromMs, toMs) {
  const from = new Date(Math.max(fromMs, toMs - TRACK_SPAN_MAX_MS + 1)).toISOString();
  const to = new Date(toMs).toISOString();
  return Promise.all(vessels.map((m) => api(`/vessels/${m}/track${query({ from, to })}`)));
}

function legend() {
  return h('div', { class: 'legend' }, Object.keys(KIND_COLOURS).map((k) =>
    h('span', {}, h('span', { class: 'swatch', dataset: { kind: k } }), ` ${k.replace(/_/g, ' ')}`)));
}

// ---------------------------------------------------------------- map

export async function mapPage(main) {
  const status = h('p', { id: 'map-status', class: 'muted' }, 'Loading events…');
  const list = h('ol', { id: 'map-events', class: 'event-list' });
  const slider = h('input', { type: 'range', id: 'time-slider', min: 0, max: 1000, value: 1000, step: 1 });
  const windowSel = h('select', { id: 'time-window' },
    [['all', 'all before'], ['24', '24 h before'], ['6', '6 h before'], ['168', '7 days before']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const timeLabel = h('output', { id: 'time-label' });
  const mapEl = h('div', { id: 'map', class: 'map' });
  const side = h('aside', { class: 'side' });
  fill(main, h('div', { class: 'map-page' }, side, h('section', { class: 'map-main' },
    mapEl,
    h('div', { class: 'timebar' }, h('label', { for: 'time-slider' }, 'Time '), slider, timeLabel, ' showing ', windowSel),
    legend())));
  const { map, ready } = createMap(mapEl);
  await ready;
  let events = [];
  let span = [0, 1];

  const at = () => span[0] + (span[1] - span[0]) * (Number(slider.value) / 1000);
  const applyTime = () => {
    const t = at();
    timeLabel.value = time(new Date(t).toISOString());
    const w = windowSel.value === 'all' ? Infinity : Number(windowSel.value) * HOUR_MS;
    const visible = events.filter((e) => Date.parse(e.start) <= t && Date.parse(e.end) >= t - w);
    map.setFilter('events', ['all', ['<=', ['get', 'start_s'], t / 1000],
      ['>=', ['get', 'end_s'], Number.isFinite(w) ? (t - w) / 1000 : -1e12]]);
    fill(status, `${visible.length} of ${events.length} events shown`);
    fill(list, visible.slice(0, 200).map((e) => h('li', {},
      h('span', { class: 'swatch', dataset: { kind: e.kind } }), ' ', eventLink(e.id),
      h('span', { class: 'muted' }, ` ${time(e.start)} · ${pct(e.confidence)}`))));
  };
  const reload = async () => {
    fill(status, 'Loading events…');
    try {
      const loaded = await loadEvents(MAP_EVENTS_MAX);
      events = loaded.events;
      setData(map, 'events', eventFeatures(events));
      if (events.length) {
        span = [Math.min(...events.map((e) => Date.parse(e.start))), Math.max(...events.map((e) => Date.parse(e.end)))];
      }
      applyTime();
      if (loaded.truncated) status.append(` (the first ${MAP_EVENTS_MAX}: narrow the filters)`);
    } catch (e) {
      fill(status, message('error', errorText(e)));
    }
  };
  const areaText = () => document.getElementById('area-text');
  const draw = async () => {
    fill(areaText(), 'drag a box on the map (Escape cancels)');
    const box = await drawBox(map);
    if (box) {
      filters.bbox = box;
      fill(areaText(), box.join(', '));
      await reload();
    } else {
      fill(areaText(), filters.bbox ? filters.bbox.join(', ') : 'whole map');
    }
  };
  const clear = async () => {
    filters.bbox = null;
    setData(map, 'area', null);
    fill(areaText(), 'whole map');
    await reload();
  };
  side.append(await filterForm(reload, { withArea: { draw, clear } }), status, list);
  if (filters.bbox) setData(map, 'area', boxFeature(filters.bbox));
  slider.addEventListener('input', applyTime);
  windowSel.addEventListener('change', applyTime);

  map.on('mouseenter', 'events', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'events', () => { map.getCanvas().style.cursor = ''; });
  map.on('click', 'events', (e) => {
    const p = e.features?.[0]?.properties;
    const event = p && events.find((x) => x.id === p.id);
    if (!event) return;
    const showTracks = async () => {
      const tracks = await loadTracks(event.vessels, Date.parse(event.start) - 6 * HOUR_MS, Date.parse(event.end) + 6 * HOUR_MS);
      setData(map, 'tracks', trackFeatures(tracks));
    };
    const body = h('div', { class: 'popup' },
      h('strong', {}, event.kind.replace(/_/g, ' ')), h('br'),
      `${time(event.start)} – ${time(event.end)}`, h('br'),
      `confidence ${pct(event.confidence)}`, h('br'),
      'vessels ', event.vessels.flatMap((m, i) => [i ? ', ' : '', vesselLink(m)]), h('br'),
      eventLink(event.id), h('br'),
      h('button', { type: 'button', class: 'show-tracks', onclick: showTracks }, 'Show tracks'));
    new maplibregl.Popup({ closeButton: true, maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(body).addTo(map);
  });
  await reload();
  const pts = events.filter((e) => Number.isFinite(e.lon)).map((e) => [e.lon, e.lat]);
  if (filters.bbox) fitTo(map, [[filters.bbox[0], filters.bbox[1]], [filters.bbox[2], filters.bbox[3]]], 8);
  else fitTo(map, pts, 6);
  // Tests wait for this: the map has drawn what it loaded.
  map.once('idle', () => { mapEl.dataset.ready = 'true'; });
  map.triggerRepaint();
}

// ---------------------------------------------------------------- event list

export async function eventsPage(main, session, params) {
  const offset = Number(params.get('offset') ?? 0) || 0;
  const body = h('div', { id: 'events-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const render = async (at = 0) => {
    try {
      const page = await api(`/events${filterQuery({ limit: 50, offset: at })}`);
      const rows = page.events.map((e) => [
        h('span', {}, h('span', { class: 'swatch', dataset: { kind: e.kind } }), ` ${e.kind.replace(/_/g, ' ')}`),
        eventLink(e.id), time(e.start), time(e.end),
        h('span', {}, e.vessels.flatMap((m, i) => [i ? ', ' : '', vesselLink(m)])),
        pct(e.confidence), e.status,
      ]);
      fill(body,
        h('p', { class: 'muted', id: 'events-count' }, `Events ${at + 1}–${at + page.events.length}`),
        table(['kind', 'event', 'start', 'end', 'vessels', 'confidence', 'status'], rows, { id: 'events-table' }),
        h('p', { class: 'pager' },
          at > 0 ? h('button', { type: 'button', onclick: () => render(Math.max(0, at - 50)) }, '← previous') : null,
          page.next_offset !== null ? h('button', { type: 'button', id: 'next-page', onclick: () => render(page.next_offset) }, 'next →') : null));
    } catch (e) {
      fill(body, message('error', errorText(e)));
    }
  };
  fill(main, h('div', { class: 'page' }, h('h1', {}, 'Events'), await filterForm(() => render(0)), body));
  await render(offset);
}

// ---------------------------------------------------------------- event

export async function eventPage(main, session, id) {
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  let data;
  try {
    data = await api(`/events/${encodeURIComponent(id)}`);
  } catch (e) {
    fill(main, h('div', { class: 'page' }, h('h1', {}, 'Event'), message('error', errorText(e))));
    return;
  }
  const e = data.event;
  const reviews = h('div', { id: 'reviews' });
  const drawReviews = (list) => fill(reviews, list.length
    ? table(['when', 'who', 'action', 'comment', 'audit entry'],
      list.map((r) => [time(r.time), r.user, h('span', { class: `action ${r.action}` }, r.action), h('span', { class: 'comment' }, r.comment), `#${r.audit_seq}`]),
      { id: 'reviews-table' })
    : h('p', { class: 'muted' }, 'No reviews yet.'));
  drawReviews(data.reviews);
  let form = null;
  if (atLeast(session, 'analyst')) {
    const note = h('div', { id: 'review-note' });
    const comment = h('textarea', { id: 'review-comment', name: 'comment', rows: 3, maxlength: 4096, placeholder: 'Why (kept in the audit trail)' });
    const action = h('select', { id: 'review-action', name: 'action' },
      ['confirm', 'dismiss', 'escalate'].map((a) => h('option', { value: a }, a)));
    form = h('form', {
      id: 'review-form', class: 'review',
      onsubmit: async (ev) => {
        ev.preventDefault();
        try {
          await api(`/events/${encodeURIComponent(e.id)}/reviews`, { method: 'POST', body: { action: action.value, comment: comment.value } });
          comment.value = '';
          fill(note, message('ok', 'Review recorded.'));
          drawReviews((await api(`/events/${encodeURIComponent(e.id)}`)).reviews);
        } catch (err) {
          fill(note, message('error', errorText(err)));
        }
      },
    }, h('h2', {}, 'Review'), h('label', {}, 'Action ', action), comment,
    h('button', { type: 'submit', id: 'review-submit' }, 'Record review'), note);
  }
  const details = Object.entries(e.details ?? {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  const mapEl = h('div', { id: 'event-map', class: 'map small' });
  fill(main, h('div', { class: 'page' },
    h('h1', {}, h('span', { class: 'swatch', dataset: { kind: e.kind } }), ` ${e.kind.replace(/_/g, ' ')}`),
    h('p', { class: 'mono', id: 'event-id' }, e.id),
    h('div', { class: 'two' },
      h('div', {},
        table(['', ''], [
          ['start', time(e.start)], ['end', time(e.end)],
          ['position', Number.isFinite(e.lat) ? `${e.lat.toFixed(4)}, ${e.lon.toFixed(4)}` : 'none'],
          ['confidence', pct(e.confidence)], ['status', e.status], ['revision', String(e.revision)],
          ['vessels', h('span', {}, e.vessels.flatMap((m, i) => [i ? ', ' : '', vesselLink(m)]))],
        ], { class: 'facts' }),
        details.length ? h('details', {}, h('summary', {}, 'Detector details'), table(['field', 'value'], details)) : null,
        h('h2', {}, 'Reviews'), reviews, form),
      mapEl),
    h('h2', {}, 'Dossier'),
    h('p', {}, link(`/api/v1/events/${encodeURIComponent(e.id)}/dossier`, 'Open the dossier on its own page')),
    // Sandboxed: the dossier runs no script and gets no access to this page.
    h('iframe', { id: 'dossier', class: 'dossier', sandbox: '', title: 'Dossier', src: `/api/v1/events/${encodeURIComponent(e.id)}/dossier` })));
  const { map, ready } = createMap(mapEl, { center: [e.lon || 0, e.lat || 0], zoom: 7 });
  await ready;
  setData(map, 'events', eventFeatures([e]));
  try {
    const tracks = await loadTracks(e.vessels, Date.parse(e.start) - 12 * HOUR_MS, Date.parse(e.end) + 12 * HOUR_MS);
    setData(map, 'tracks', trackFeatures(tracks));
    const pts = tracks.flatMap((t) => t.features.flatMap((f) => f.geometry.coordinates));
    fitTo(map, pts.length ? pts : [[e.lon, e.lat]], 10);
  } catch (err) {
    mapEl.after(message('error', `tracks: ${errorText(err)}`));
  }
}

// ---------------------------------------------------------------- vessel

function intervals(title, runs, show = (v) => String(v)) {
  if (!runs?.length) return null;
  return h('div', {}, h('h3', {}, title), table(['value', 'first seen', 'last seen', 'reports'],
    runs.map((r) => [h('span', { class: r.one_off ? 'one-off' : '' }, show(r.value), r.one_off ? ' (one-off)' : ''),
      time(r.first), time(r.last), String(r.reports)])));
}

export async function vesselPage(main, session, mmsi) {
  fill(main, h('p', { class: 'muted' }, 'Loading…'));
  let v;
  try {
    v = await api(`/vessels/${encodeURIComponent(mmsi)}`);
  } catch (e) {
    fill(main, h('div', { class: 'page' }, h('h1', {}, 'Vessel'), message('error', errorText(e))));
    return;
  }
  const info = await summary();
  const id = v.identity;
  const name = id?.names?.at(-1)?.value;
  const lastMs = Date.parse(v.events_last ?? info.last ?? new Date().toISOString());
  const firstMs = Date.parse(v.events_first ?? info.first ?? new Date(lastMs - 7 * 24 * HOUR_MS).toISOString());
  const to = h('input', { type: 'datetime-local', id: 'track-to', value: new Date(lastMs + 12 * HOUR_MS).toISOString().slice(0, 16) });
  const from = h('input', { type: 'datetime-local', id: 'track-from', value: new Date(Math.max(firstMs - 12 * HOUR_MS, lastMs + 12 * HOUR_MS - TRACK_SPAN_MAX_MS + 60_000)).toISOString().slice(0, 16) });
  const trackNote = h('p', { class: 'muted', id: 'track-note' });
  const mapEl = h('div', { id: 'vessel-map', class: 'map small' });
  const events = h('div', { id: 'vessel-events' });
  fill(main, h('div', { class: 'page' },
    h('h1', {}, name ? `${name} ` : '', h('span', { class: 'mono' }, `MMSI ${v.mmsi}`)),
    h('p', {}, 'Flag (from the MMSI): ', v.flag ? `${v.flag.name} (${v.flag.iso_alpha2})` : 'unknown'),
    h('div', { class: 'two' },
      h('div', {},
        h('h2', {}, 'Identity over time'),
        id ? [h('p', { class: 'muted' }, `${id.static_reports} static reports`),
          intervals('Names', id.names), intervals('Call signs', id.call_signs),
          intervals('IMO numbers', id.imos, (x) => `${x.imo}${x.check_digit_ok ? '' : ' (bad check digit)'}`),
          intervals('Ship types', id.ship_types), intervals('Sizes', id.sizes, (s) => `${s.length_m} × ${s.beam_m} m`)]
          : h('p', { class: 'muted' }, 'No static reports.'),
        h('h2', {}, 'Sanctions list matches'),
        v.matches.length ? table(['list', 'entry', 'programs', 'score', 'reasons'], v.matches.map((m) => [
          m.list, `${m.entry_name} [${m.entry_id}]`, (m.programs ?? []).join(' '), m.score.toFixed(2),
          h('ul', {}, (m.reasons ?? []).map((r) => h('li', {}, `${r.detail} (${r.weight})`)))]), { id: 'matches' })
          : h('p', { class: 'muted' }, 'None in the latest screening.'),
        h('h2', {}, 'Risk'),
        v.risk ? h('div', {}, h('p', {}, `score ${v.risk.score.toFixed(2)}`),
          h('ul', {}, v.risk.reasons.map((r) => h('li', {}, `${r.detail} (${r.weight})`, r.event_id ? [' ', eventLink(r.event_id)] : null))))
          : h('p', { class: 'muted' }, 'No risk reasons.')),
      h('div', {},
        h('h2', {}, 'Track'),
        h('form', { class: 'inline', onsubmit: (ev) => { ev.preventDefault(); drawTrack(); } },
          h('label', {}, 'from ', from), h('label', {}, ' to ', to), h('button', { type: 'submit' }, 'Show')),
        mapEl, trackNote)),
    h('h2', {}, `Events (${v.event_count})`), events));
  const { map, ready } = createMap(mapEl);
  const drawTrack = async () => {
    await ready;
    try {
      const [t] = await loadTracks([v.mmsi], Date.parse(`${from.value}Z`), Date.parse(`${to.value}Z`));
      setData(map, 'tracks', trackFeatures([t]));
      const f = t.features[0];
      fill(trackNote, f ? `${f.properties.points_in_range} positions${f.properties.thinned ? ' (thinned for display)' : ''}` : 'No positions in this range.');
      if (f) fitTo(map, f.geometry.coordinates, 10);
    } catch (e) {
      fill(trackNote, message('error', errorText(e)));
    }
  };
  const list = await api(`/events${query({ mmsi: v.mmsi, limit: 500 })}`);
  fill(events, table(['event', 'start', 'end', 'confidence'],
    list.events.map((e) => [eventLink(e.id), time(e.start), time(e.end), pct(e.confidence)])));
  await ready;
  setData(map, 'events', eventFeatures(list.events));
  await drawTrack();
}

// ---------------------------------------------------------------- ledger

export async function ledgerPage(main, session, params) {
  const info = await summary();
  const defaultYear = (info.events_first ?? new Date().toISOString()).slice(0, 4);
  const year = h('input', { type: 'number', id: 'ledger-year', min: 1990, max: 2100, value: params.get('year') ?? defaultYear });
  const regime = h('select', { id: 'ledger-regime' });
  const reported = h('input', { type: 'checkbox', id: 'ledger-reported', checked: true });
  const out = h('div', { id: 'ledger-out' });
  const render = async () => {
    fill(out, h('p', { class: 'muted' }, 'Computing…'));
    try {
      const data = await api(`/ledger${query({ year: year.value, regime: regime.value || 'unscr-2397', reported: reported.checked ? 'shipped' : 'none' })}`);
      if (!regime.options.length) {
        fill(regime, data.regimes.map((r) => h('option', { value: r, selected: r === data.regime }, r)));
      }
      const l = data.ledger;
      fill(out,
        h('p', { class: `verdict ${l.verdict}`, id: 'ledger-verdict' }, l.determination),
        ledgerChart(l),
        h('h2', {}, 'Cap periods'),
        table(['from', 'to', 'cap (bbl)', 'total low', 'central', 'high', 'passed'], l.periods.map((p) => [
          p.start, p.end, num(p.limit_bbl), num(p.total_bbl_low), num(p.total_bbl_central), num(p.total_bbl_high),
          p.crossings.map((c) => `${c.bound}: ${time(c.time)} by ${c.by}`).join('; ')])),
        h('h2', {}, `Detected deliveries (${l.deliveries.length})`),
        table(['time', 'vessel', 'volume (bbl)', 'evidence'], l.deliveries.map((d) => [
          time(d.time), h('span', {}, vesselLink(d.mmsi), d.vessel_name ? ` ${d.vessel_name}` : ''),
          d.volume ? `${num(d.volume.bbl_low ?? d.volume.low)}–${num(d.volume.bbl_high ?? d.volume.high)}` : 'unknown',
          h('span', {}, (d.evidence ?? []).flatMap((id, i) => [i ? ', ' : '', eventLink(id)]))])),
        h('h2', {}, 'Months'),
        table(['month', 'reported', 'detected', 'running total (central)', 'cap'], l.months.map((m) => [
          String(m.month), num(m.reported_bbl_central), num(m.detected_bbl_central), num(m.running_bbl_central), num(m.cap_bbl)])));
    } catch (e) {
      fill(out, message('error', errorText(e)));
    }
  };
  fill(main, h('div', { class: 'page' }, h('h1', {}, 'Cap ledger'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); render(); } },
      h('label', {}, 'Year ', year), h('label', {}, ' Regime ', regime),
      h('label', {}, reported, ' with the reported deliveries shipped with Plimsoll'),
      h('button', { type: 'submit' }, 'Show')),
    out));
  await render();
}

// ---------------------------------------------------------------- audit

export async function auditPage(main, session, params) {
  if (!atLeast(session, 'admin')) {
    fill(main, h('div', { class: 'page' }, h('h1', {}, 'Audit trail'), message('error', 'Admins only.')));
    return;
  }
  // The newest entries first: the last page unless an offset is asked for.
  const PAGE = 200;
  const total = (await api('/audit?limit=1')).verification.entries;
  const offset = params.has('offset') ? Math.max(0, Number(params.get('offset')) || 0) : Math.max(0, total - PAGE);
  const [audit, tokens] = await Promise.all([api(`/audit${query({ limit: PAGE, offset })}`), api('/tokens')]);
  const v = audit.verification;
  const secret = h('div', { id: 'token-secret' });
  const user = h('input', { name: 'user', id: 'token-user', required: true, maxlength: 64 });
  const label = h('input', { name: 'label', id: 'token-label', maxlength: 100 });
  const days = h('input', { name: 'days', id: 'token-days', type: 'number', min: 1, max: 366, value: 90 });
  fill(main, h('div', { class: 'page' },
    h('h1', {}, 'Audit trail'),
    v.first_bad
      ? message('error', `The chain is broken at entry ${v.first_bad.seq} (${v.first_bad.problem}).`)
      : message('ok', `The chain of ${v.entries} entries verifies; head ${v.head_hash}.`),
    h('p', { class: 'muted' }, `Entries ${offset + 1}–${offset + audit.entries.length} of ${total}, newest first `,
      offset > 0 ? link(`#/audit?offset=${Math.max(0, offset - PAGE)}`, 'older →') : null),
    table(['#', 'when', 'who', 'action', 'event', 'comment'], [...audit.entries].reverse().map((e) => [
      String(e.seq), time(e.time), e.user, e.action, e.event_id ? eventLink(e.event_id) : '', h('span', { class: 'comment' }, e.comment)]),
    { id: 'audit-table' }),
    h('h2', {}, 'API tokens'),
    table(['id', 'user', 'label', 'created', 'by', 'expires', ''], tokens.tokens.map((t) => [
      String(t.id), t.user, t.label, time(t.created_at), t.created_by, t.expires ? time(t.expires) : 'never',
      h('button', { type: 'button', onclick: async () => { await api(`/tokens/${t.id}`, { method: 'DELETE' }); auditPage(main, session, params); } }, 'revoke')])),
    h('form', {
      class: 'inline',
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          const t = await api('/tokens', { method: 'POST', body: { user: user.value, label: label.value, days: Number(days.value) || undefined } });
          fill(secret, message('ok', 'Copy the token now; it is not shown again: '), h('code', {}, t.token));
        } catch (err) {
          fill(secret, message('error', errorText(err)));
        }
      },
    }, h('label', {}, 'user ', user), h('label', {}, ' label ', label), h('label', {}, ' days ', days), h('button', { type: 'submit' }, 'Create token')),
    secret));
}
