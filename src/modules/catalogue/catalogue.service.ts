/**
 * The service catalogue: the published version of every service, kept in memory for fast pages and in the
 * database for history. Loading a changed definition publishes a new version; applications and cases keep
 * the version they began with, so a change never breaks one in progress.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { formatProblem, type DefinitionProblem } from '../../platform/definitions/yaml-files.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, type Actor } from '../audit/index.js';
import { defaultLanguage, isLanguage, languageInUse } from '../../platform/i18n/i18n.js';
import { canonicalJsonOf } from './canonical.js';
import { localiseService } from './translations.js';
import type { LoadedDefinitions, ResolvedService } from './definition-loader.js';

export interface PublishedService {
  versionId: string;
  version: number;
  slug: string;
  /** The definition in the language it was asked for in (its own text where a translation is missing). */
  definition: ResolvedService;
  /** Keys of the texts shown in the definition's own language for want of a translation. */
  untranslated: string[];
}

type StoredService = Omit<PublishedService, 'untranslated'>;

export interface SyncReport {
  published: { slug: string; version: number }[];
  unchanged: number;
  withdrawn: string[];
  problems: DefinitionProblem[];
}

export interface SearchResult {
  slug: string;
  title: string;
  summary: string;
  topic: string;
}

export interface CatalogueService {
  /** Publishes what changed in the definitions and withdraws services whose file is gone. */
  sync(loaded: LoadedDefinitions, actor: Actor): Promise<SyncReport>;
  /**
   * The current version of a service, in the language of the request being served; `localise` gives it in
   * another (a notification goes out in the citizen's language, whoever acts).
   */
  current(slug: string): PublishedService | undefined;
  /** Every published service (or those of one kind), sorted by title. */
  list(kind?: 'application' | 'report'): PublishedService[];
  version(versionId: string): Promise<PublishedService>;
  localise(service: PublishedService, language: string | null | undefined): PublishedService;
  search(query: string): Promise<{ results: SearchResult[]; matchedAllWords: boolean }>;
  problems(): DefinitionProblem[];
  /** Changes whenever the set of published versions changes (for caches of public pages). */
  generation(): number;
}

const SYNC_LOCK_KEY = 7_072_003;

export function contentHash(service: ResolvedService): string {
  return createHash('sha256').update(canonicalJsonOf(service)).digest('hex');
}

/**
 * Text the catalogue search looks in, by weight: title, summary, topic and keywords, then the questions.
 * `translated` is the title and summary in every other language the definition has, searched as written
 * (without English stemming), so a reader finds a service by the words of the language they read it in.
 */
function searchWeights(service: ResolvedService): {
  a: string;
  b: string;
  c: string;
  d: string;
  translated: string;
} {
  return {
    a: service.title,
    b: service.summary,
    c: [service.topic, ...service.keywords].join(' '),
    d: [
      service.start.body,
      ...service.pages.flatMap((page) => page.questions.map((question) => question.label)),
    ].join(' '),
    translated: Object.values(service.translations ?? {})
      .flatMap((texts) => [texts?.title, texts?.summary, texts?.topic])
      .filter(Boolean)
      .join(' '),
  };
}

export function createCatalogueService(deps: { db: Db; clock: Clock }): CatalogueService {
  const { db, clock } = deps;
  let currentBySlug = new Map<string, StoredService>();
  let loadProblems: DefinitionProblem[] = [];
  let generation = 0;
  const versions = new Map<string, StoredService>();
  const localisedVersions = new Map<string, PublishedService>();

  function localised(stored: StoredService, language: string = languageInUse()): PublishedService {
    const key = `${stored.versionId}|${language}`;
    let found = localisedVersions.get(key);
    if (!found) {
      const { value, untranslated } = localiseService(stored.definition, language);
      found = { ...stored, definition: value, untranslated };
      localisedVersions.set(key, found);
    }
    return found;
  }

  async function loadCurrent(): Promise<void> {
    const rows = await db
      .selectFrom('services')
      .innerJoin('service_versions', 'service_versions.id', 'services.current_version_id')
      .select([
        'service_versions.id',
        'service_versions.version',
        'service_versions.slug',
        'service_versions.definition',
      ])
      .where('services.published', '=', true)
      .execute();
    generation++;
    currentBySlug = new Map(
      rows.map((row) => {
        const published = {
          versionId: row.id,
          version: row.version,
          slug: row.slug,
          definition: row.definition,
        };
        versions.set(row.id, published);
        return [row.slug, published];
      }),
    );
  }

  return {
    async sync(loaded, actor) {
      const report: SyncReport = { published: [], unchanged: 0, withdrawn: [], problems: loaded.problems };
      const brokenFiles = new Set(loaded.problems.map((problem) => problem.file));
      await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${SYNC_LOCK_KEY})`.execute(trx);
        for (const { service, sourceFile } of loaded.services) {
          const hash = contentHash(service);
          const existing = await trx
            .selectFrom('service_versions')
            .select(['id', 'version'])
            .where('slug', '=', service.slug)
            .where('content_hash', '=', hash)
            .executeTakeFirst();
          let versionId = existing?.id;
          let version = existing?.version;
          if (!versionId || version === undefined) {
            const latest = await trx
              .selectFrom('service_versions')
              .select((eb) => eb.fn.max('version').as('version'))
              .where('slug', '=', service.slug)
              .executeTakeFirst();
            versionId = randomUUID();
            version = (latest?.version ?? 0) + 1;
            await trx
              .insertInto('service_versions')
              .values({
                id: versionId,
                slug: service.slug,
                version,
                definition: JSON.stringify(service),
                content_hash: hash,
                source_file: sourceFile,
              })
              .execute();
          }
          const weights = searchWeights(service);
          const previous = await trx
            .selectFrom('services')
            .select(['current_version_id', 'published'])
            .where('slug', '=', service.slug)
            .executeTakeFirst();
          if (previous?.current_version_id === versionId && previous.published) {
            report.unchanged++;
            continue;
          }
          await trx
            .insertInto('services')
            .values({
              slug: service.slug,
              current_version_id: versionId,
              kind: service.kind,
              title: service.title,
              summary: service.summary,
              topic: service.topic,
              department_id: service.department,
              published: true,
              search_document: sql<string>`setweight(to_tsvector('english', ${weights.a}), 'A') || setweight(to_tsvector('english', ${weights.b}), 'B') || setweight(to_tsvector('english', ${weights.c}), 'C') || setweight(to_tsvector('english', ${weights.d}), 'D') || setweight(to_tsvector('simple', ${weights.translated}), 'B')`,
              updated_at: clock.now(),
            })
            .onConflict((conflict) =>
              conflict.column('slug').doUpdateSet((eb) => ({
                current_version_id: eb.ref('excluded.current_version_id'),
                kind: eb.ref('excluded.kind'),
                title: eb.ref('excluded.title'),
                summary: eb.ref('excluded.summary'),
                topic: eb.ref('excluded.topic'),
                department_id: eb.ref('excluded.department_id'),
                published: true,
                search_document: eb.ref('excluded.search_document'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
          report.published.push({ slug: service.slug, version });
          await appendAudit(trx, clock, {
            actor,
            action: 'service.published',
            subject: { type: 'service', id: service.slug },
            details: { version, versionId, contentHash: hash },
          });
        }
        // A service whose file is gone is withdrawn; one whose file is broken keeps its last good version.
        const loadedSlugs = loaded.services.map(({ service }) => service.slug);
        const candidates = await trx
          .selectFrom('services')
          .innerJoin('service_versions', 'service_versions.id', 'services.current_version_id')
          .select(['services.slug', 'service_versions.source_file'])
          .where('services.published', '=', true)
          .$if(loadedSlugs.length > 0, (query) => query.where('services.slug', 'not in', loadedSlugs))
          .execute();
        for (const candidate of candidates) {
          if (candidate.source_file && brokenFiles.has(candidate.source_file)) continue;
          await trx
            .updateTable('services')
            .set({ published: false, updated_at: clock.now() })
            .where('slug', '=', candidate.slug)
            .execute();
          report.withdrawn.push(candidate.slug);
          await appendAudit(trx, clock, {
            actor,
            action: 'service.withdrawn',
            subject: { type: 'service', id: candidate.slug },
          });
        }
      });
      loadProblems = loaded.problems;
      await loadCurrent();
      return report;
    },

    current(slug) {
      const stored = currentBySlug.get(slug);
      return stored && localised(stored);
    },

    list(kind) {
      const language = languageInUse();
      return [...currentBySlug.values()]
        .filter((service) => kind === undefined || service.definition.kind === kind)
        .map((service) => localised(service, language))
        .sort((a, b) => a.definition.title.localeCompare(b.definition.title, language));
    },

    localise(service, language) {
      const stored = versions.get(service.versionId) ?? service;
      return localised(stored, isLanguage(language) ? language : defaultLanguage);
    },

    async version(versionId) {
      const cached = versions.get(versionId);
      if (cached) return localised(cached);
      const row = await db
        .selectFrom('service_versions')
        .select(['id', 'version', 'slug', 'definition'])
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow();
      const published = {
        versionId: row.id,
        version: row.version,
        slug: row.slug,
        definition: row.definition,
      };
      versions.set(versionId, published);
      return localised(published);
    },

    async search(query) {
      const words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
      if (words.length === 0) return { results: [], matchedAllWords: true };
      const run = async (operator: '&' | '|'): Promise<SearchResult[]> => {
        // Each word is letters and digits only, so the tsquery syntax cannot be injected; :* matches prefixes.
        const tsquery = words.map((word) => `${word}:*`).join(` ${operator} `);
        // A word is matched stemmed as English and as written, so words of the other languages match too.
        const rows = await sql<SearchResult & { rank: number }>`
          select slug, title, summary, topic,
                 ts_rank_cd(search_document, query, 32) as rank
          from services,
               (select to_tsquery('english', ${tsquery}) || to_tsquery('simple', ${tsquery}) as query) as q
          where published and search_document @@ query
          order by rank desc, title
          limit 20`.execute(db);
        // Results are shown in the reader's language, as the rest of the catalogue is.
        return rows.rows.map(({ slug, title, summary, topic }) => {
          const stored = currentBySlug.get(slug);
          const definition = stored ? localised(stored).definition : undefined;
          return {
            slug,
            title: definition?.title ?? title,
            summary: definition?.summary ?? summary,
            topic: definition?.topic ?? topic,
          };
        });
      };
      const all = await run('&');
      if (all.length > 0 || words.length === 1) return { results: all, matchedAllWords: true };
      return { results: await run('|'), matchedAllWords: false };
    },

    problems: () => loadProblems,

    generation: () => generation,
  };
}

export function describeSync(report: SyncReport): string[] {
  return [
    ...report.published.map(({ slug, version }) => `published ${slug} version ${version}`),
    ...report.withdrawn.map((slug) => `withdrew ${slug} (its definition file is gone)`),
    ...report.problems.map((problem) => `not published: ${formatProblem(problem)}`),
  ];
}
