// The map: MapLibre GL over the offline basemap (the land Plimsoll ships,
// served by /api/v1/basemap/land.geojson), with layers for events, tracks and
// the area filter. No tiles, glyphs or fonts: nothing leaves the server.
import * as maplibregl from '/ui/vendor/maplibre-gl.mjs';

/** Colours per event kind (also the legend's). */
export const KIND_COLOURS = {
  sts_transfer: '#d7191c',
  encounter: '#fd8d3c',
  loitering: '#756bb1',
  ais_gap: '#252525',
  spoofing: '#e7298a',
  identity_change: '#1b9e77',
  draught_change: '#2c7fb8',
  port_visit: '#7f7f00',
};
export const LAND = '#e6e0c8';
export const SEA = '#b9d3e3';
const OTHER = '#555555';

function kindColour() {
  const expr = ['match', ['get', 'kind']];
  for (const [kind, colour] of Object.entries(KIND_COLOURS)) expr.push(kind, colour);
  expr.push(OTHER);
  return expr;
}

const EMPTY = { type: 'FeatureCollection', features: [] };

/** A map in `container`, resolved once its style (with the basemap) has loaded. */
export function createMap(container, { center = [125, 32], zoom = 3 } = {}) {
  const land = new URL('/api/v1/basemap/land.geojson', window.location.href).href;
  const map = new maplibregl.Map({
    container,
    center,
    zoom,
    attributionControl: false,
    // Screenshots in tests read the canvas back.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    style: {
      version: 8,
      sources: {
        land: { type: 'geojson', data: land, tolerance: 0.2 },
        area: { type: 'geojson', data: EMPTY },
        tracks: { type: 'geojson', data: EMPTY },
        events: { type: 'geojson', data: EMPTY },
      },
      layers: [
        { id: 'sea', type: 'background', paint: { 'background-color': SEA } },
        { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
        { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': '#8c8670', 'line-width': 0.6 } },
        { id: 'area', type: 'fill', source: 'area', paint: { 'fill-color': '#3182bd', 'fill-opacity': 0.12 } },
        { id: 'area-edge', type: 'line', source: 'area', paint: { 'line-color': '#3182bd', 'line-width': 1.5 } },
        {
          id: 'tracks', type: 'line', source: 'tracks',
          paint: { 'line-color': ['get', 'colour'], 'line-width': 2, 'line-opacity': 0.85 },
        },
        {
          id: 'track-points', type: 'circle', source: 'tracks', filter: ['==', ['geometry-type'], 'Point'],
          paint: { 'circle-radius': 2.5, 'circle-color': ['get', 'colour'] },
        },
        {
          id: 'events', type: 'circle', source: 'events',
          // Transfers on top of the other kinds that often share their place.
          layout: { 'circle-sort-key': ['match', ['get', 'kind'], 'sts_transfer', 3, 'encounter', 2, 'loitering', 1, 0] },
          paint: {
            'circle-radius': ['interpolate', ['linear'], ['get', 'confidence'], 0, 4, 1, 8],
            'circle-color': kindColour(),
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
          },
        },
      ],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  const ready = new Promise((resolve) => map.on('load', () => resolve(map)));
  return { map, ready };
}

/** Events (API JSON) as point features; events without a position are left out. */
export function eventFeatures(events) {
  return {
    type: 'FeatureCollection',
    features: events
      .filter((e) => Number.isFinite(e.lat) && Number.isFinite(e.lon))
      .map((e) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
        properties: {
          id: e.id,
          kind: e.kind,
          confidence: e.confidence,
          start_s: Date.parse(e.start) / 1000,
          end_s: Date.parse(e.end) / 1000,
        },
      })),
  };
}

const TRACK_COLOURS = ['#08519c', '#a63603', '#006d2c', '#54278f', '#7a0177'];

/** Track GeoJSON (from /vessels/{mmsi}/track), one colour per vessel. */
export function trackFeatures(tracks) {
  const features = [];
  tracks.forEach((fc, i) => {
    for (const f of fc.features ?? []) {
      features.push({ ...f, properties: { ...f.properties, colour: TRACK_COLOURS[i % TRACK_COLOURS.length] } });
    }
  });
  return { type: 'FeatureCollection', features };
}

export function setData(map, source, data) {
  map.getSource(source)?.setData(data ?? EMPTY);
}

/** The box [w, s, e, n] as a polygon feature. */
export function boxFeature([w, s, e, n]) {
  return {
    type: 'FeatureCollection',
    features: [{
      type: 'Feature', properties: {},
      geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    }],
  };
}

/** Fits the map to the points [[lon, lat], ...]. */
export function fitTo(map, points, maxZoom = 9) {
  const pts = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (!pts.length) return;
  const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
  for (const p of pts) b.extend(p);
  map.fitBounds(b, { padding: 40, maxZoom, duration: 0 });
}

/**
 * Lets the user drag a box on the map; resolves [w, s, e, n] (degrees, 4
 * decimals) or null when cancelled with Escape.
 */
export function drawBox(map) {
  return new Promise((resolve) => {
    const canvas = map.getCanvasContainer();
    canvas.classList.add('drawing');
    map.dragPan.disable();
    let start = null;
    const r4 = (x) => Math.round(x * 1e4) / 1e4;
    const box = (a, b) => [
      r4(Math.max(-180, Math.min(a.lng, b.lng))), r4(Math.max(-90, Math.min(a.lat, b.lat))),
      r4(Math.min(180, Math.max(a.lng, b.lng))), r4(Math.min(90, Math.max(a.lat, b.lat))),
    ];
    const done = (result) => {
      map.off('mousedown', down);
      map.off('mousemove', move);
      map.off('mouseup', up);
      window.removeEventListener('keydown', key);
      canvas.classList.remove('drawing');
      map.dragPan.enable();
      resolve(result);
    };
    const down = (e) => { start = e.lngLat; };
    const move = (e) => { if (start) setData(map, 'area', boxFeature(box(start, e.lngLat))); };
    const up = (e) => {
      if (!start) return;
      const b = box(start, e.lngLat);
      done(b[0] < b[2] && b[1] < b[3] ? b : null);
    };
    const key = (e) => { if (e.key === 'Escape') { setData(map, 'area', null); done(null); } };
    map.on('mousedown', down);
    map.on('mousemove', move);
    map.on('mouseup', up);
    window.addEventListener('keydown', key);
  });
}

export { maplibregl };
