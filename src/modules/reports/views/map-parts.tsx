/**
 * Maps on report pages. The static map is an SVG drawn on the server (the city's outline and the pins): it
 * needs no tiles and no JavaScript, and says in words what it shows. The interactive map (report-map.js,
 * Leaflet) is an enhancement: its section stays hidden until the script reveals it.
 */
import type { PageContext } from '../../../platform/views/page-context.js';

export interface MapSettings {
  /** Leaflet's tile URL template; undefined: maps without tiles. */
  tileUrl: string | undefined;
  tileAttribution: string;
  /** The enhancement script and its stylesheet. */
  script: string;
  stylesheet: string;
  /** The city's outline, [lat, long] per ring, and its box [south, west, north, east]. */
  outline: [number, number][][];
  bounds: [number, number, number, number] | undefined;
}

export interface MapPoint {
  lat: number;
  long: number;
  label: string;
  href?: string;
  closed?: boolean;
}

const WIDTH = 640;

/** The static map: the outline and the points, projected flat (the city is small enough for that). */
export function StaticMap(props: {
  ctx: PageContext;
  map: MapSettings;
  points: MapPoint[];
  /** What the map shows, in words (its accessible name). */
  label: string;
}): JSX.Element {
  const { map, points } = props;
  const latitudes = [...map.outline.flat().map(([lat]) => lat), ...points.map((point) => point.lat)];
  const longitudes = [...map.outline.flat().map(([, long]) => long), ...points.map((point) => point.long)];
  if (latitudes.length === 0) return <></>;
  let south = Math.min(...latitudes);
  let north = Math.max(...latitudes);
  let west = Math.min(...longitudes);
  let east = Math.max(...longitudes);
  // A single point with no outline still gets a small square around it.
  if (north - south < 0.002) {
    south -= 0.001;
    north += 0.001;
  }
  if (east - west < 0.002) {
    west -= 0.001;
    east += 0.001;
  }
  const scaleX = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = (east - west) * scaleX;
  const spanY = north - south;
  const height = Math.max(120, Math.round((WIDTH * spanY) / spanX));
  const margin = 12;
  const x = (long: number): number => margin + ((long - west) * scaleX * (WIDTH - 2 * margin)) / spanX;
  const y = (lat: number): number => margin + ((north - lat) * (height - 2 * margin)) / spanY;
  const round = (value: number): string => value.toFixed(1);
  return (
    <div data-static-map>
      <svg
        class="plaza-static-map"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={props.label}
        xmlns="http://www.w3.org/2000/svg"
      >
        <rect x="0" y="0" width={String(WIDTH)} height={String(height)} fill="#f3f2f1" />
        {map.outline.map((ring) => (
          <polygon
            points={ring.map(([lat, long]) => `${round(x(long))},${round(y(lat))}`).join(' ')}
            fill="#ffffff"
            stroke="#1d4f91"
            stroke-width="2"
          />
        ))}
        {points.map((point) => (
          <circle
            cx={round(x(point.long))}
            cy={round(y(point.lat))}
            r="7"
            fill={point.closed ? '#00703c' : '#d4351c'}
            stroke="#0b0c0c"
            stroke-width="2"
          />
        ))}
      </svg>
    </div>
  );
}

/** Attributes shared by both kinds of interactive map. */
export function mapAttributes(map: MapSettings): Record<string, string> {
  return {
    'data-tile-url': map.tileUrl ?? '',
    'data-tile-attribution': map.tileAttribution,
    'data-outline': JSON.stringify(map.outline),
    'data-bounds': map.bounds ? map.bounds.join(',') : '',
  };
}

/** The enhancement's script and stylesheet, for pages with an interactive map. */
export function MapAssets({ map }: { map: MapSettings }): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={map.stylesheet} />
      <script type="module" src={map.script}></script>
    </>
  );
}

/** The interactive twin of a static map or list, revealed by the script. */
export function ShowMap(props: {
  ctx: PageContext;
  map: MapSettings;
  points: MapPoint[];
  label: string;
}): JSX.Element {
  return (
    <div data-report-map-section hidden>
      <div
        class="plaza-report-map"
        // A map is geography: east stays on the right on a right-to-left page (Leaflet lays out for ltr).
        dir="ltr"
        data-report-map="show"
        data-points={JSON.stringify(props.points)}
        role="region"
        aria-label={props.label}
        {...mapAttributes(props.map)}
      ></div>
      <MapAssets map={props.map} />
    </div>
  );
}
