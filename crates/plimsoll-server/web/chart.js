// The ledger chart: the running total per month (central line, low–high band)
// against the cap, drawn as SVG from the ledger JSON.
const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An SVG chart of `ledger.months` (running_bbl_low/central/high, cap_bbl). */
export function ledgerChart(ledger, { width = 720, height = 300 } = {}) {
  const months = ledger.months ?? [];
  const pad = { left: 80, right: 20, top: 20, bottom: 40 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const values = months.flatMap((m) => [m.running_bbl_high, m.running_bbl_central, m.cap_bbl])
    .filter((v) => Number.isFinite(v));
  const top = Math.max(1, ...values) * 1.1;
  const x = (i) => pad.left + (months.length > 1 ? (i / (months.length - 1)) * w : w / 2);
  const y = (v) => pad.top + h - (v / top) * h;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': `Running total against the cap, ${ledger.regime} ${ledger.year}`,
  });
  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    svg.append(s('line', { x1: pad.left, x2: pad.left + w, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' },
      Math.round(v).toLocaleString('en-GB')));
  }
  months.forEach((m, i) => {
    const label = MONTHS[Number(m.month) - 1] ?? String(m.month);
    svg.append(s('text', { x: x(i), y: pad.top + h + 18, 'text-anchor': 'middle' }, label));
  });
  const path = (key) => months
    .map((m, i) => (Number.isFinite(m[key]) ? `${x(i)},${y(m[key])}` : null))
    .filter(Boolean);
  const lows = path('running_bbl_low');
  const highs = path('running_bbl_high');
  if (lows.length && highs.length) {
    svg.append(s('polygon', { points: [...highs, ...lows.reverse()].join(' '), class: 'band' }));
  }
  const central = path('running_bbl_central');
  if (central.length) svg.append(s('polyline', { points: central.join(' '), class: 'total' }));
  const caps = months.map((m, i) => (Number.isFinite(m.cap_bbl) ? `${x(i)},${y(m.cap_bbl)}` : null)).filter(Boolean);
  if (caps.length) svg.append(s('polyline', { points: caps.join(' '), class: 'cap' }));
  const legend = s('g', { transform: `translate(${pad.left + 10}, ${pad.top + 6})` });
  legend.append(s('line', { x1: 0, x2: 20, y1: 0, y2: 0, class: 'cap' }), s('text', { x: 26, y: 4 }, 'cap'));
  legend.append(s('line', { x1: 70, x2: 90, y1: 0, y2: 0, class: 'total' }),
    s('text', { x: 96, y: 4 }, 'running total (central; band: low–high)'));
  svg.append(legend);
  svg.append(s('text', { x: 14, y: pad.top + h / 2, transform: `rotate(-90 14 ${pad.top + h / 2})`, 'text-anchor': 'middle' }, 'barrels'));
  return svg;
}
