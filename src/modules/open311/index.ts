/** Open311 GeoReport v2: report types as services, reports as service requests, partner systems filing them. */
export {
  createOpen311Service,
  type Open311Service,
  type PlaceLookup,
  type ReportFiler,
} from './open311.service.js';
export { registerOpen311Api, OPEN311_PREFIX, OPEN311_SCOPE } from './open311.api.js';
