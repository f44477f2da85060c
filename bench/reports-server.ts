/**
 * The benchmark server's part for reports (bench/reports.ts): the bare baseline route that INSERTs one
 * reports row, an Open311 API key and a request body the server accepts, counters, and triage's training and
 * prediction timed in the process that serves them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../src/database.js';
import { systemActor } from '../src/modules/audit/index.js';
import { createPartnersService } from '../src/modules/partners/index.js';
import { createTriageService } from '../src/modules/triage/index.js';
import { systemClock } from '../src/platform/time/clock.js';
import { percentile } from './load.js';
import type { Commands, Open311Setup } from './protocol.js';

const BASELINE_SOURCE = 'bench-baseline';

/** `POST /insert-report`: one INSERT of a reports row from the form, then a 303, with nothing else. */
export function registerReportBaseline(bare: FastifyInstance, db: Db): void {
  bare.post('/insert-report', async (request, reply) => {
    const form = request.body as Record<string, string>;
    const id = randomUUID();
    const now = new Date();
    await db
      .insertInto('reports')
      .values({
        id,
        service_request_id: id,
        case_id: null,
        service_code: form.service_code ?? 'unknown',
        service_name: null,
        department_id: null,
        status: 'open',
        status_notes: null,
        description: form.description ?? null,
        lat: Number(form.lat),
        long: Number(form.long),
        address: null,
        requested_at: now,
        updated_at: now,
        expected_at: null,
        closed_at: null,
        duplicate_of: null,
        channel: 'import',
        import_source: BASELINE_SOURCE,
        external_id: id,
        triage: null,
      })
      .execute();
    return reply.redirect('/done', 303);
  });
}

interface Injector {
  inject(options: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string;
  }): Promise<{ statusCode: number; body: string }>;
}

/** A point inside the deployment's boundary: the mean of its first ring's corners. */
function pointInside(definitionsDir: string): { lat: number; long: number } {
  try {
    const geojson = JSON.parse(readFileSync(join(definitionsDir, 'boundary.geojson'), 'utf8')) as {
      features?: { geometry?: { coordinates?: number[][][] } }[];
      geometry?: { coordinates?: number[][][] };
    };
    const ring = (geojson.features?.[0]?.geometry ?? geojson.geometry)?.coordinates?.[0] ?? [];
    const corners = ring.slice(0, -1);
    if (corners.length === 0) throw new Error('no ring');
    let long = 0;
    let lat = 0;
    for (const corner of corners) {
      long += corner[0] ?? 0;
      lat += corner[1] ?? 0;
    }
    return { long: long / corners.length, lat: lat / corners.length };
  } catch {
    return { lat: 51.9406, long: -1.0295 };
  }
}

interface ServiceDefinition {
  attributes?: {
    code: string;
    required?: boolean;
    variable?: boolean;
    datatype?: string;
    values?: { key: string }[];
  }[];
}

export function reportHandlers(
  server: Injector,
  db: Db,
  definitionsDir: string,
): {
  [K in 'open311Setup' | 'reportCounters' | 'trainTriage']: (
    args: Commands[K]['args'],
  ) => Promise<Commands[K]['result']>;
} {
  return {
    async open311Setup(): Promise<Open311Setup> {
      const services = await server.inject({ method: 'GET', url: '/open311/v2/services.json' });
      if (services.statusCode !== 200)
        return { available: false, reason: `GET /open311/v2/services.json answered ${services.statusCode}` };
      const list = JSON.parse(services.body) as { service_code: string }[];
      const code =
        list.find((service) => service.service_code === 'report-pothole')?.service_code ??
        list[0]?.service_code;
      if (!code) return { available: true, post: null, postReason: 'no Open311 service is published' };
      const form = new URLSearchParams({
        service_code: code,
        ...Object.fromEntries(
          Object.entries(pointInside(definitionsDir)).map(([key, value]) => [key, value.toFixed(6)]),
        ),
        description: 'Deep pothole in the road near the junction, dangerous for cyclists (benchmark)',
      });
      const definition = await server.inject({ method: 'GET', url: `/open311/v2/services/${code}.json` });
      if (definition.statusCode === 200) {
        const parsed = JSON.parse(definition.body) as ServiceDefinition;
        for (const attribute of parsed.attributes ?? []) {
          if (!attribute.required || attribute.variable === false) continue;
          const value = attribute.values?.[0]?.key ?? (attribute.datatype === 'number' ? '1' : 'benchmark');
          form.append(`attribute[${attribute.code}]`, value);
        }
      }
      const { secret } = await createPartnersService({
        db,
        clock: systemClock,
        t: () => (key: string) => key,
      }).create(systemActor, {
        kind: 'api_key',
        name: 'Benchmark Open311 client',
        scopes: 'open311:write',
        departments: '',
        requestsPerMinute: 100_000,
      });
      const body = form.toString();
      const probe = await server.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': secret },
        payload: body,
      });
      if (probe.statusCode !== 200 && probe.statusCode !== 201)
        return {
          available: true,
          post: null,
          postReason: `POST /open311/v2/requests.json answered ${probe.statusCode}: ${probe.body.slice(0, 300)}`,
        };
      return { available: true, post: { apiKey: secret, body, status: probe.statusCode }, postReason: '' };
    },

    async reportCounters() {
      const { rows } = await sql<{ open311: number; baseline: number }>`
        select (select count(*)::int from reports where channel = 'open311') as open311,
               (select count(*)::int from reports where import_source = ${BASELINE_SOURCE}) as baseline
      `.execute(db);
      return rows[0] ?? { open311: 0, baseline: 0 };
    },

    async trainTriage({ limit, predictions }) {
      const triage = createTriageService({ db, clock: systemClock, t: () => (key: string) => key });
      const started = performance.now();
      const outcome = await triage.train({ trainedBy: systemActor, limit });
      const trainSeconds = (performance.now() - started) / 1000;
      const { rows } = await sql<{ description: string }>`
        select description from reports where description is not null and btrim(description) <> ''
        order by requested_at desc limit ${predictions}
      `.execute(db);
      // The first call loads the model; the rest are what a report's arrival costs.
      await triage.suggestTriage(rows[0]?.description ?? 'pothole');
      const times: number[] = [];
      for (const row of rows) {
        const begun = performance.now();
        await triage.suggestTriage(row.description);
        times.push((performance.now() - begun) * 1000);
      }
      times.sort((a, b) => a - b);
      return {
        reports: outcome.reportCount,
        trainSeconds,
        accuracy: outcome.metrics.accuracy,
        baselineAccuracy: outcome.metrics.baselineAccuracy,
        predictions: times.length,
        predictP50Us: percentile(times, 0.5),
        predictP95Us: percentile(times, 0.95),
      };
    },
  };
}
