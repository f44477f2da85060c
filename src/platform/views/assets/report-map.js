// Maps for reports, as an enhancement: every page that has one works without it (the text search of the
// city's places is the way in that needs no map). An element marked `data-report-map="pick"` becomes a map
// on which the citizen drops or drags a pin, or asks for their own position ("use my location"); either fills
// the form's hidden `lat` and `long` fields, and the form posts as usual. `data-report-map="show"` draws the
// reports in `data-points` (the list beside it is the accessible twin). Tiles come from `data-tile-url`;
// with none, the map still shows the city's outline and the pins. Words come from the page's data
// attributes: this script carries none. The import path is rewritten at build time to the hashed Leaflet file.
import {
  CircleMarker,
  DivIcon,
  LatLngBounds,
  Map as LeafletMap,
  Marker,
  Polygon,
  TileLayer,
} from './leaflet.js';

function numbers(text) {
  return (text ?? '')
    .split(',')
    .map(Number)
    .filter((value) => Number.isFinite(value));
}

function baseMap(container) {
  const map = new LeafletMap(container, { scrollWheelZoom: false, keyboard: true });
  const tiles = container.dataset.tileUrl;
  if (tiles) {
    new TileLayer(tiles, {
      maxZoom: 19,
      attribution: container.dataset.tileAttribution ?? '',
    }).addTo(map);
  }
  const outline = JSON.parse(container.dataset.outline || '[]');
  for (const ring of outline) {
    new Polygon(ring, { color: '#1d4f91', weight: 2, fill: false, interactive: false }).addTo(map);
  }
  const [south, west, north, east] = numbers(container.dataset.bounds);
  if (south !== undefined && east !== undefined) {
    map.fitBounds(new LatLngBounds([south, west], [north, east]));
  } else {
    map.setView([0, 0], 2);
  }
  return map;
}

function pick(container) {
  const section = container.closest('[data-report-map-section]') ?? container;
  section.hidden = false;
  const form = section.querySelector('form[data-report-map-form]');
  if (!form) return;
  const lat = form.elements.namedItem('lat');
  const long = form.elements.namedItem('long');
  const submit = form.querySelector('[data-report-map-submit]');
  const status = section.querySelector('[data-report-map-status]');
  const map = baseMap(container);
  const icon = new DivIcon({ className: 'plaza-map-pin', iconSize: [26, 26], iconAnchor: [13, 26] });
  let marker;

  const place = (latlng, announce) => {
    const rounded = { lat: Math.round(latlng.lat * 1e6) / 1e6, lng: Math.round(latlng.lng * 1e6) / 1e6 };
    if (!marker) {
      marker = new Marker(rounded, {
        icon,
        draggable: true,
        keyboard: true,
        title: container.dataset.pinLabel ?? '',
        alt: container.dataset.pinLabel ?? '',
      }).addTo(map);
      marker.on('dragend', () => place(marker.getLatLng(), true));
    } else marker.setLatLng(rounded);
    lat.value = String(rounded.lat);
    long.value = String(rounded.lng);
    if (submit) submit.disabled = false;
    if (announce && status) status.textContent = container.dataset.pinPlaced ?? '';
  };

  if (lat.value && long.value) {
    const existing = { lat: Number(lat.value), lng: Number(long.value) };
    place(existing, false);
    map.setView(existing, 17);
  } else if (submit) submit.disabled = true;
  map.on('click', (event) => place(event.latlng, true));
  // Someone moving the map with the keyboard drops the pin at its centre with Enter.
  map.on('keypress', (event) => {
    if (event.originalEvent.key === 'Enter') place(map.getCenter(), true);
  });

  const locate = section.querySelector('[data-use-my-location]');
  if (locate && 'geolocation' in navigator) {
    locate.hidden = false;
    locate.addEventListener('click', () => {
      if (status) status.textContent = container.dataset.locating ?? '';
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const here = { lat: position.coords.latitude, lng: position.coords.longitude };
          place(here, true);
          map.setView(here, 17);
        },
        () => {
          if (status) status.textContent = container.dataset.locateFailed ?? '';
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }
}

function show(container) {
  const section = container.closest('[data-report-map-section]') ?? container;
  section.hidden = false;
  // The interactive map replaces the drawn one; the list of reports stays, as the map's text twin.
  for (const drawn of document.querySelectorAll('[data-static-map]')) drawn.hidden = true;
  const map = baseMap(container);
  const points = JSON.parse(container.dataset.points || '[]');
  const bounds = [];
  for (const point of points) {
    const marker = new CircleMarker([point.lat, point.long], {
      radius: 8,
      color: '#0b0c0c',
      weight: 2,
      fillColor: point.closed ? '#00703c' : '#d4351c',
      fillOpacity: 0.9,
    }).addTo(map);
    if (point.href) {
      const link = document.createElement('a');
      link.href = point.href;
      link.textContent = point.label ?? point.href;
      link.className = 'govuk-link';
      marker.bindPopup(link);
    }
    bounds.push([point.lat, point.long]);
  }
  if (points.length === 1) map.setView(bounds[0], 17);
  else if (points.length > 1) map.fitBounds(new LatLngBounds(bounds), { padding: [24, 24], maxZoom: 17 });
}

for (const container of document.querySelectorAll('[data-report-map]')) {
  if (container.dataset.reportMap === 'pick') pick(container);
  else show(container);
}
