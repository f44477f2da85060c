/** The city's places: its gazetteer (search by name, the map-free way to say where) and its boundary. */
export { createPlacesService, type Place, type PlacesService, type ImportResult } from './places.service.js';
export { loadBoundary, parseBoundary, type Boundary } from './boundary.js';
export { parseGazetteerCsv, parseGazetteerGeoJson, type GazetteerEntry } from './gazetteer-files.js';
export { registerPlacesCommands } from './places.cli.js';
