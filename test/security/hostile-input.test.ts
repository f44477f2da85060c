/**
 * A corpus of hostile input (markup and script, SQL fragments, path traversal, template syntax, null bytes,
 * broken and direction-changing Unicode, oversized and very long values, values of unexpected types) sent
 * through every field of every demo service's journey, of every report type's journey (the place searched
 * for, the point, the questions, the description, a photo's name, the contact details, "me too"), of the
 * JSON API and of Open311's POST requests. Each value is either
 * stored exactly (up to a field's documented clean-up: trimmed, runs of spaces made one) or refused with a
 * message that says what to do; whatever is shown back is escaped, so no injected element ever appears in
 * the parsed page; and nothing answers 500. The journeys end with hostile answers sent as a real
 * application, which is then read by the citizen, by staff and through the API.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Question } from '../../src/modules/forms/index.js';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  tinyPdf,
  type Page,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const marker = 'plaza-xss';

/** Markup and script, to be shown as text wherever it appears. */
const markup = [
  `<script>alert("${marker}")</script>`,
  `"><img src=x onerror=alert(1) data-hostile>`,
  `'><svg onload=alert(1) data-hostile></svg>`,
  `" autofocus onfocus="alert(1)" data-hostile="`,
  `</textarea></title><b data-hostile>bold</b>`,
];
/** Values that look like numbers to some parsers and not to others. */
const numberLike = ['1e309', '-0', 'NaN', '0x1F', '１２３'];
const sqlFragment = `'; DROP TABLE cases; -- ' OR '1'='1`;
const nullByte = 'a\u0000b';

/** Text that must be stored exactly, or refused; shown escaped either way. */
const corpus: string[] = [
  ...markup,
  `javascript:alert(1)`,
  "{{constructor.constructor('alert(1)')()}} ${7*7} <%= 7*7 %>",
  sqlFragment,
  `1); SELECT pg_sleep(10); --`,
  `../../../../etc/passwd ..\\..\\windows\\win.ini %2e%2e%2fetc%2fpasswd`,
  `\u202Egnp.exe\u202C admin \u2067abc\u2069 \u200F\u200E`,
  `Zoë 🚲 ñ 中文 עברית العربية e\u0301\u0301\u0301 Z̸̢͙a̴̟l̶g̷o`,
  `line one\r\nline two\r\nSet-Cookie: plaza=1`,
  nullByte,
  `\uD800 half a character`,
  `   `,
  'x'.repeat(10_000),
];
/** For fields that take a choice, a number or a date. */
const shortCorpus = [...markup.slice(0, 3), sqlFragment, nullByte, ...numberLike];

/** Raw, percent-encoded bodies a browser would never send: invalid UTF-8 and overlong encodings. */
const malformedEncodings = ['%FF%FE', '%ED%A0%80%C0%AF', '%zz%', '%00'];

/** Fields whose answers are text kept as typed (others are choices, numbers and dates). */
const textTypes = new Set(['text', 'long-text', 'email', 'phone', 'address']);
/** Answers a field's pattern demands, by question. */
const patternSamples: Record<string, string> = {
  vehicle_registration: 'AB12 CDE',
  company_number: '01234567',
};
const TODAY = new Date('2026-03-02T09:00:00Z');

function dateBound(bound: unknown): Date | undefined {
  if (bound === undefined) return undefined;
  if (bound === 'today') return TODAY;
  if (typeof bound === 'string') return new Date(`${bound}T12:00:00Z`);
  return new Date(TODAY.getTime() + (bound as { days: number }).days * 86_400_000);
}

/** A valid answer for each field of a question: `pass` picks the first or last choices. */
function validFields(question: Question, pass: 'first' | 'last'): Record<string, string | string[]> {
  const id = question.id;
  const pick = <T>(items: readonly T[]): T => (pass === 'first' ? items[0] : items[items.length - 1]) as T;
  switch (question.type) {
    case 'text': {
      if (patternSamples[id]) return { [id]: patternSamples[id] };
      const text = 'A valid answer for this question, long enough';
      return { [id]: text.slice(0, Math.max(question.minLength ?? 0, Math.min(20, question.maxLength))) };
    }
    case 'long-text':
      return { [id]: 'A valid longer answer, written over several words to pass any minimum length.' };
    case 'number': {
      const value = question.min !== undefined ? Math.max(question.min, 1) : 1;
      return { [id]: String(question.max !== undefined ? Math.min(value, question.max) : value) };
    }
    case 'date': {
      const earliest = dateBound(question.earliest);
      const latest = dateBound(question.latest);
      let date = earliest
        ? new Date(earliest.getTime() + 2 * 86_400_000)
        : new Date(TODAY.getTime() + 10 * 86_400_000);
      if (latest && date > latest) date = new Date(latest.getTime() - (earliest ? 0 : 30 * 86_400_000));
      return {
        [`${id}-day`]: String(date.getUTCDate()),
        [`${id}-month`]: String(date.getUTCMonth() + 1),
        [`${id}-year`]: String(date.getUTCFullYear()),
      };
    }
    case 'email':
      return { [id]: 'hostile.journey@example.org' };
    case 'phone':
      return { [id]: '0300 555 0100' };
    case 'yes-no':
      return { [id]: pass === 'first' ? 'yes' : 'no' };
    case 'radios':
    case 'select':
      return { [id]: pick(question.options).value };
    case 'checkboxes': {
      const values = question.options.map((option) => option.value);
      const chosen =
        pass === 'first' ? values.slice(0, question.maxSelected ?? values.length) : [values[0] as string];
      return { [id]: chosen };
    }
    case 'address':
      return {
        [`${id}-line1`]: '1 High Street',
        [`${id}-line2`]: '',
        [`${id}-town`]: 'Demo City',
        [`${id}-postcode`]: 'DC1 1AA',
      };
    case 'file':
      return {};
  }
}

/** Whitespace as fields clean it up: trimmed, each run made one space. */
const tidy = (value: string): string => value.trim().replace(/\s+/g, ' ');

/** Anything a page shows that the corpus put there as markup rather than as text. */
function injected(document: Document): string[] {
  const found: string[] = [];
  for (const element of document.querySelectorAll('*')) {
    if (element.hasAttribute('data-hostile')) found.push(`<${element.tagName.toLowerCase()} data-hostile>`);
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) found.push(`${element.tagName.toLowerCase()}[${attribute.name}]`);
      if (
        ['href', 'src', 'action', 'formaction'].includes(attribute.name) &&
        /^\s*javascript:/i.test(attribute.value)
      )
        found.push(`${element.tagName.toLowerCase()}[${attribute.name}=javascript:]`);
    }
    if (element.tagName === 'SCRIPT' && (element.textContent ?? '').includes(marker)) found.push('<script>');
  }
  return found;
}

describe.each(testDatabases())('hostile input on $name', (database) => {
  let t: TestApp;
  let staff: TestClient;
  let apiKey: string;
  const problems: string[] = [];

  /** Whatever came back: never a 500, never an injected element; a refusal says what is wrong. */
  function inspect(page: Page, what: string): void {
    if (page.status >= 500) {
      problems.push(`${what}: ${page.status}`);
      return;
    }
    const elements = injected(page.document);
    if (elements.length > 0) problems.push(`${what}: injected ${elements.join(', ')}`);
    if (page.status >= 400) {
      const heading = page.document.querySelector('h1')?.textContent?.trim() ?? '';
      if (!heading) problems.push(`${what}: refused (${page.status}) without a page saying why`);
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff('hostile.reader@demo-city.example', [{ role: 'caseworker', departmentId: null }]);
    staff = t.client();
    await signInStaff(staff, 'hostile.reader@demo-city.example');
    ({ secret: apiKey } = await t.app.partners.create(
      { type: 'system', id: null },
      {
        kind: 'api_key',
        name: 'Hostile input check',
        scopes: ['cases:read', 'cases:write'],
        departments: [...t.app.departments.keys()],
      },
    ));
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  /**
   * Walks one service's journey: on each page, every field gets every hostile value (the other fields
   * valid), then the page is answered validly, keeping an accepted hostile text answer where there was
   * one. Returns the reference of the application sent at the end.
   */
  async function walk(
    slug: string,
    pass: 'first' | 'last',
    covered: Set<string>,
  ): Promise<string | undefined> {
    const service = t.app.catalogue.current(slug);
    if (!service) throw new Error(`No service ${slug}`);
    const client = t.client();
    if (service.definition.signIn === 'account')
      await signInCitizen(t, client, `hostile.${slug}.${pass}@example.org`, `/services/${slug}/apply`);
    let page = await client.get(`/services/${slug}/apply`);
    for (let step = 0; step < 40 && !page.url.endsWith('/check'); step++) {
      inspect(page, `GET ${page.url}`);
      const form = page.document.querySelector<HTMLFormElement>('main form[method="post"]');
      if (!form) {
        problems.push(`${slug}: no form at ${page.url}`);
        return undefined;
      }
      const action = form.getAttribute('action') as string;
      const pageId = action.startsWith('/services/') ? service.definition.pages[0]?.id : action.split('/')[3];
      const definitionPage = service.definition.pages.find((candidate) => candidate.id === pageId);
      const names = [...form.querySelectorAll<HTMLInputElement>('[name]')].map((element) => element.name);
      const questions = (definitionPage?.questions ?? []).filter((question) =>
        names.some((name) => name === question.id || name.startsWith(`${question.id}-`)),
      );
      const valid: Record<string, string | string[]> = {};
      for (const question of questions) Object.assign(valid, validFields(question, pass));
      const keep: Record<string, string> = {};

      for (const question of questions) {
        if (question.type === 'file') continue;
        for (const field of Object.keys(validFields(question, pass))) {
          const key = `${slug}:${field}`;
          if (covered.has(key)) continue;
          covered.add(key);
          const textual = textTypes.has(question.type);
          for (const value of textual ? corpus : shortCorpus) {
            const what = `${slug} ${field} = ${JSON.stringify(value.slice(0, 40))}`;
            const answered = await client.post(action, { ...valid, [field]: value });
            inspect(answered, what);
            const accepted =
              answered.status === 200 && !answered.url.startsWith(action.split('?')[0] as string);
            if (!accepted) continue;
            if (!textual) {
              // "-0" is a number (zero); nothing else in the short corpus is a valid choice, number or date.
              if (!(question.type === 'number' && value === '-0'))
                problems.push(`${what}: a value that is not a valid ${question.type} was accepted`);
              continue;
            }
            // Stored exactly: the page shows it back, escaped, as the field's value.
            const draftId = answered.url.split('/')[2] as string;
            const again = await client.get(`/apply/${draftId}/${pageId}`);
            inspect(again, `${what} (shown again)`);
            const shown = again.document.querySelector<HTMLInputElement | HTMLTextAreaElement>(
              `[name="${field}"]`,
            )?.value;
            // A form cannot carry half a character: the browser sends U+FFFD, which is what must be kept.
            const sent = value.toWellFormed();
            const expected = question.type === 'long-text' ? sent.replace(/\r\n/g, '\n').trim() : tidy(sent);
            if (shown !== expected && shown !== expected.toUpperCase())
              problems.push(`${what}: stored as ${JSON.stringify(shown?.slice(0, 40))}`);
            if (value.includes('<') || value.includes('\u202E')) keep[field] = value;
          }
          // Raw bodies: invalid encodings, a value sent twice, a field name with brackets.
          const others = new URLSearchParams();
          for (const [name, item] of Object.entries({ ...valid, _csrf: client.csrf ?? '' }))
            if (name !== field) for (const one of [item].flat()) others.append(name, one);
          for (const raw of [
            ...malformedEncodings.map((encoded) => `${encodeURIComponent(field)}=${encoded}`),
            `${encodeURIComponent(field)}=one&${encodeURIComponent(field)}=two`,
            `${encodeURIComponent(field)}[$ne]=1`,
          ]) {
            const answered = await client.request('POST', action, {
              body: `${others.toString()}&${raw}`,
              contentType: 'application/x-www-form-urlencoded',
            });
            inspect(answered, `${slug} ${field} raw ${raw}`);
          }
        }
      }

      if (!covered.has(`${slug}:oversized`) && questions.some((question) => textTypes.has(question.type))) {
        covered.add(`${slug}:oversized`);
        const field = Object.keys(
          validFields(questions.find((q) => textTypes.has(q.type)) as Question, pass),
        )[0];
        const oversized = await client.post(action, { ...valid, [field as string]: 'x'.repeat(2_000_000) });
        inspect(oversized, `${slug} oversized`);
        if (oversized.status !== 413) problems.push(`${slug} oversized: ${oversized.status}, expected 413`);
      }

      const fileQuestions = questions.filter((question) => question.type === 'file');
      const files = fileQuestions.flatMap((question) =>
        [`<img src=x onerror=alert(1) data-hostile>.pdf`, `../../etc/\u202Efdp.exe.pdf`].map((name) => ({
          field: question.id,
          name,
          type: 'application/pdf',
          content: tinyPdf,
        })),
      );
      let next = await client.post(action, { ...valid, ...keep }, files.slice(0, 1));
      inspect(next, `${slug} ${pageId} answered`);
      if (files.length > 1 && next.url.startsWith(action)) {
        next = await client.post(action, { ...valid, ...keep }, files.slice(1, 2));
        inspect(next, `${slug} ${pageId} second file`);
      }
      if (next.url.startsWith(action) && next.status === 200 && fileQuestions.length > 0)
        next = await client.post(action, { ...valid, ...keep });
      if (next.url === page.url && next.status !== 200) {
        problems.push(
          `${slug}: stuck at ${page.url} (${next.status}): ${next.document.querySelector('[role="alert"]')?.textContent ?? ''}`,
        );
        return undefined;
      }
      page = next;
    }
    inspect(page, `${slug} check your answers`);
    const sent = await client.post(page.url);
    inspect(sent, `${slug} sent`);
    const reference = /^\/applications\/([^/]+)\/confirmation$/.exec(sent.url)?.[1];
    if (!reference) {
      problems.push(`${slug}: not sent (${sent.status} at ${sent.url})`);
      return undefined;
    }
    if (service.definition.signIn === 'account')
      inspect(await client.get(`/account/applications/${reference}`), `${slug} citizen's view`);
    inspect(await staff.get(`/staff/cases/${reference}`), `${slug} staff view`);
    return reference;
  }

  test('every field of every demo service’s journey', async () => {
    problems.length = 0;
    // The application journeys; report types have their own journey, walked below.
    const slugs = t.app.catalogue.list('application').map((service) => service.slug);
    expect(slugs).toHaveLength(6);
    const references: string[] = [];
    for (const slug of slugs) {
      const covered = new Set<string>();
      for (const pass of ['first', 'last'] as const) {
        const reference = await walk(slug, pass, covered);
        if (reference) references.push(reference);
      }
    }
    expect(problems).toEqual([]);
    expect(references).toHaveLength(12);
    // What was sent with hostile answers comes back through the API exactly as it was stored.
    const hostile = await t.app.server.inject({
      method: 'GET',
      url: `/api/cases/${references[0] as string}`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(hostile.statusCode).toBe(200);
  }, 600_000);

  /** Inside the demo city (Old Town). */
  const INSIDE = { lat: '51.9497', long: '-1.0549' };

  /**
   * Each field of a question page gets every hostile value (the others valid); a text accepted must come
   * back exactly as the field's clean-up leaves it. Returns the valid answers, with a hostile text kept.
   */
  async function hostileFields(
    client: TestClient,
    action: string,
    questions: Question[],
    coveredKey: (field: string) => string,
    covered: Set<string>,
  ): Promise<Record<string, string | string[]>> {
    const valid: Record<string, string | string[]> = {};
    for (const question of questions) Object.assign(valid, validFields(question, 'first'));
    const keep: Record<string, string> = {};
    for (const question of questions) {
      if (question.type === 'file') continue;
      for (const field of Object.keys(validFields(question, 'first'))) {
        if (covered.has(coveredKey(field))) continue;
        covered.add(coveredKey(field));
        const textual = textTypes.has(question.type);
        for (const value of textual ? corpus : shortCorpus) {
          const what = `${action} ${field} = ${JSON.stringify(value.slice(0, 40))}`;
          const answered = await client.post(action, { ...valid, [field]: value });
          inspect(answered, what);
          if (answered.status !== 200 || answered.url.startsWith(action)) continue;
          if (!textual) {
            if (!(question.type === 'number' && value === '-0'))
              problems.push(`${what}: a value that is not a valid ${question.type} was accepted`);
            continue;
          }
          const again = await client.get(action);
          inspect(again, `${what} (shown again)`);
          const shown = again.document.querySelector<HTMLInputElement | HTMLTextAreaElement>(
            `[name="${field}"]`,
          )?.value;
          const sent = value.toWellFormed();
          const expected = question.type === 'long-text' ? sent.replace(/\r\n/g, '\n').trim() : tidy(sent);
          if (shown !== expected && shown !== expected.toUpperCase())
            problems.push(`${what}: stored as ${JSON.stringify(shown?.slice(0, 40))}`);
          if (value.includes('<') || value.includes('\u202E')) keep[field] = value;
        }
      }
    }
    return { ...valid, ...keep };
  }

  /**
   * One report type's journey: its own questions get the whole corpus; the steps every type shares (the
   * place, the description, the photo, the contact details, "Is it one of these?", "me too") get it once,
   * on the first type walked. Returns the reference of the report sent at the end.
   */
  async function walkReport(slug: string, covered: Set<string>): Promise<string | undefined> {
    const service = t.app.catalogue.current(slug);
    if (!service) throw new Error(`No report type ${slug}`);
    const client = t.client();
    if (service.definition.signIn !== 'none')
      await signInCitizen(t, client, `hostile.${slug}@example.org`, `/report/${slug}`);
    inspect(await client.get(`/report/${slug}`), `${slug} start`);
    const started = await client.post(`/report/${slug}`);
    inspect(started, `${slug} started`);
    const steps = started.url.replace(/\/location$/, '');
    const location = `${steps}/location`;

    if (!covered.has('location')) {
      covered.add('location');
      // The search of the city's places, by any text: shown back as typed (up to its 200 characters).
      for (const value of corpus) {
        const what = `${slug} place search ${JSON.stringify(value.slice(0, 40))}`;
        const found = await client.get(`${location}?q=${encodeURIComponent(value.toWellFormed())}`);
        inspect(found, what);
        // (A one-line field cannot show a line break: a browser drops it from the value.)
        const query = value
          .toWellFormed()
          .trim()
          .replace(/[\r\n]/g, '');
        const shown = found.document.querySelector<HTMLInputElement>('input[name="q"]')?.value;
        if (found.status === 200 && query.length <= 200 && shown !== query)
          problems.push(`${what}: shown as ${JSON.stringify(shown?.slice(0, 40))}`);
      }
      for (const raw of malformedEncodings)
        inspect(await client.get(`${location}?q=${raw}`), `${slug} q=${raw}`);
      // A place, a latitude or a longitude that is not one: refused, never taken.
      for (const field of ['place', 'lat', 'long'])
        for (const value of shortCorpus) {
          const what = `${slug} ${field} = ${JSON.stringify(value)}`;
          const answered = await client.post(
            location,
            field === 'place' ? { place: value } : { ...INSIDE, [field]: value },
          );
          inspect(answered, what);
          if (answered.status === 200 && !answered.url.startsWith(location))
            problems.push(`${what}: accepted`);
        }
      for (const raw of [
        ...malformedEncodings.map((encoded) => `lat=${encoded}&long=-1.0549`),
        'place[$ne]=1',
        'lat=1&lat=2&long=3',
      ])
        inspect(
          await client.request('POST', location, {
            body: `_csrf=${encodeURIComponent(client.csrf ?? '')}&${raw}`,
            contentType: 'application/x-www-form-urlencoded',
          }),
          `${slug} location raw ${raw}`,
        );
    }
    let page = await client.post(location, INSIDE);
    inspect(page, `${slug} location chosen`);

    for (let step = 0; step < 20 && !page.url.endsWith('/check'); step++) {
      const here = page.url.split('?')[0] as string;
      const stepId = here.split('/')[4];
      if (stepId === 'description') {
        if (!covered.has('description')) {
          covered.add('description');
          for (const value of corpus) {
            const what = `${slug} description = ${JSON.stringify(value.slice(0, 40))}`;
            const answered = await client.post(here, { description: value });
            inspect(answered, what);
            if (answered.status !== 200 || answered.url.startsWith(here)) continue;
            const again = await client.get(here);
            const shown = again.document.querySelector<HTMLTextAreaElement>('[name="description"]')?.value;
            if (shown !== value.toWellFormed().replace(/\r\n/g, '\n').trim())
              problems.push(`${what}: stored as ${JSON.stringify(shown?.slice(0, 40))}`);
          }
        }
        page = await client.post(here, { description: `Broken ${markup[0]} \u202Eabc ${sqlFragment}` });
      } else if (stepId === 'photos') {
        if (!covered.has('photos')) {
          covered.add('photos');
          const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
            .jpeg()
            .toBuffer();
          const uploaded = await client.post(here, { action: 'upload' }, [
            {
              field: 'photos',
              name: `<img src=x onerror=alert(1) data-hostile>\u202Egpj.exe.jpg`,
              type: 'image/jpeg',
              content: photo,
            },
          ]);
          inspect(uploaded, `${slug} photo with a hostile name`);
          inspect(
            await client.post(here, { action: 'upload' }, [
              { field: 'photos', name: '../../etc/passwd.jpg', type: 'image/jpeg', content: tinyPdf },
            ]),
            `${slug} a PDF as a photo`,
          );
        }
        page = await client.post(here, { action: 'continue' });
      } else if (stepId === 'similar') {
        if (!covered.has('similar')) {
          covered.add('similar');
          for (const value of shortCorpus)
            inspect(await client.post(here, { choice: value, email: value }), `${slug} similar ${value}`);
        }
        page = await client.post(here, { choice: 'none' });
      } else {
        const definitionPage = service.definition.pages.find((candidate) => candidate.id === stepId);
        if (!definitionPage) {
          problems.push(`${slug}: unexpected step ${page.url}`);
          return undefined;
        }
        const shared = stepId === 'reporter';
        const answers = await hostileFields(
          client,
          here,
          definitionPage.questions,
          (field) => (shared ? `reporter:${field}` : `${slug}:${field}`),
          covered,
        );
        page = await client.post(here, answers);
      }
      inspect(page, `${slug} ${stepId} answered`);
      if (page.url.split('?')[0] === here) {
        problems.push(
          `${slug}: stuck at ${here} (${page.status}): ${page.document.querySelector('[role="alert"]')?.textContent ?? ''}`,
        );
        return undefined;
      }
    }
    inspect(page, `${slug} check`);
    const sent = await client.post(page.url);
    inspect(sent, `${slug} sent`);
    const reference = /^\/reports\/([^/]+)\/confirmation$/.exec(sent.url)?.[1];
    if (!reference) {
      problems.push(`${slug}: not sent (${sent.status} at ${sent.url})`);
      return undefined;
    }
    inspect(await t.client().get(`/reports/${reference}`), `${slug} public page`);
    inspect(await staff.get(`/staff/cases/${reference}`), `${slug} staff view`);
    if (!covered.has('follow')) {
      covered.add('follow');
      for (const value of corpus) {
        const follower = t.client();
        await follower.get(`/reports/${reference}`);
        inspect(
          await follower.post(`/reports/${reference}/follow`, { email: value }),
          `${slug} follow ${JSON.stringify(value.slice(0, 40))}`,
        );
      }
    }
    return reference;
  }

  test('every field of every report type’s journey', async () => {
    problems.length = 0;
    const slugs = t.app.catalogue.list('report').map((service) => service.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(8);
    const covered = new Set<string>();
    const references: string[] = [];
    for (const slug of slugs) {
      const reference = await walkReport(slug, covered);
      if (reference) references.push(reference);
    }
    expect(problems).toEqual([]);
    expect(references).toHaveLength(slugs.length);
    // Every shared step was walked, and the list of reports shows what was sent, escaped.
    for (const step of ['location', 'description', 'photos', 'reporter:reporter_email', 'follow'])
      expect(covered).toContain(step);
    const list = await t.client().get('/reports');
    inspect(list, 'the list of reports');
    expect(problems).toEqual([]);
  }, 600_000);

  test('every field of Open311’s POST requests', async () => {
    problems.length = 0;
    const { secret: key } = await t.app.partners.create(
      { type: 'system', id: null },
      { kind: 'api_key', name: 'Hostile Open311', scopes: ['open311:write'], departments: [] },
    );
    const good: Record<string, string> = {
      api_key: key,
      service_code: 'report-pothole',
      ...INSIDE,
      description: 'A deep pothole by the bus stop',
      'attribute[size]': 'large',
      'attribute[surface]': 'road',
    };
    const post = (fields: Record<string, string>, format: 'json' | 'xml' = 'json') =>
      t.app.server.inject({
        method: 'POST',
        url: `/open311/v2/requests.${format}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        payload: new URLSearchParams(fields).toString(),
      });
    /** What the report filed holds: its public record through Open311, its contact details decrypted. */
    const filed = async (id: string) => {
      const record = (
        await t.app.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })
      ).json<{ description: string; address: string | null }[]>()[0];
      const row = await t.database.db
        .selectFrom('cases')
        .select('answers')
        .where('reference', '=', id)
        .executeTakeFirstOrThrow();
      return { record, answers: t.app.personalData.openAnswers(row.answers) };
    };
    const textFields: Record<string, (stored: Awaited<ReturnType<typeof filed>>) => unknown> = {
      description: ({ record }) => record?.description,
      address_string: ({ record }) => record?.address,
      first_name: ({ answers }) => answers['reporter_name'],
      last_name: ({ answers }) => answers['reporter_name'],
      email: ({ answers }) => answers['reporter_email'],
      phone: ({ answers }) => answers['reporter_phone'],
      device_id: () => undefined,
      account_id: () => undefined,
      media_url: () => undefined,
    };
    const choiceFields = [
      'service_code',
      'lat',
      'long',
      'address_id',
      'attribute[size]',
      'attribute[surface]',
    ];
    let accepted = 0;
    const first = await post(good);
    expect(first.statusCode, first.body).toBe(200);
    const check = async (fields: Record<string, string>, what: string) => {
      const response = await post(fields);
      if (response.statusCode >= 500) {
        problems.push(`${what}: ${response.statusCode}`);
        return undefined;
      }
      if (response.statusCode !== 200) {
        const body = response.json<{ code?: number; description?: string }[]>();
        if (
          !Array.isArray(body) ||
          !body.every((error) => error.code === response.statusCode && error.description)
        )
          problems.push(
            `${what}: refused (${response.statusCode}) without saying why: ${response.body.slice(0, 80)}`,
          );
        return undefined;
      }
      accepted++;
      return response.json<{ service_request_id: string }[]>()[0]?.service_request_id;
    };
    for (const [field, read] of Object.entries(textFields))
      for (const value of corpus) {
        const what = `open311 ${field} = ${JSON.stringify(value.slice(0, 40))}`;
        const id = await check({ ...good, [field]: value }, what);
        if (!id || ['device_id', 'account_id', 'media_url'].includes(field)) continue;
        const stored = read(await filed(id));
        const sent = value.toWellFormed().trim();
        const expected =
          field === 'description'
            ? sent.replace(/\r\n/g, '\n')
            : field === 'first_name' || field === 'last_name'
              ? tidy(sent)
              : field === 'phone' || field === 'email'
                ? tidy(sent)
                : sent;
        if (
          sent === ''
            ? stored !== null && stored !== undefined && stored !== ''
            : stored !== expected && stored !== expected.toUpperCase()
        )
          problems.push(`${what}: stored as ${JSON.stringify(String(stored).slice(0, 40))}`);
      }
    for (const field of choiceFields)
      for (const value of shortCorpus) {
        const what = `open311 ${field} = ${JSON.stringify(value)}`;
        // An address_id is looked at when there is no lat and long.
        const { lat: _lat, long: _long, ...withoutPoint } = good;
        if (await check({ ...(field === 'address_id' ? withoutPoint : good), [field]: value }, what))
          if (!(['lat', 'long'].includes(field) && value === '-0'))
            problems.push(`${what}: a value that is not valid was accepted`);
      }
    // An address_string without lat and long is searched for in the city's gazetteer.
    for (const value of corpus) {
      const { lat: _lat, long: _long, ...withoutPoint } = good;
      await check(
        { ...withoutPoint, address_string: value },
        `open311 address_string alone = ${JSON.stringify(value.slice(0, 40))}`,
      );
    }
    for (const field of ['attribute[size]', 'attribute[x][y]', 'attribute[__proto__]', 'attribute[]'])
      await check({ ...good, [field]: markup[1] as string }, `open311 ${field}`);
    for (const raw of malformedEncodings) {
      const response = await t.app.server.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${new URLSearchParams(good).toString()}&description=${raw}`,
      });
      if (response.statusCode >= 500) problems.push(`open311 raw ${raw}: ${response.statusCode}`);
    }
    expect(accepted).toBeGreaterThan(10);
    // What was filed reads back through Open311 in both formats, and on the public list, escaped.
    for (const format of ['json', 'xml'])
      expect(
        (await t.app.server.inject({ method: 'GET', url: `/open311/v2/requests.${format}` })).statusCode,
      ).toBe(200);
    inspect(await t.client().get('/reports'), 'the list of reports after Open311');
    expect(problems).toEqual([]);
  }, 600_000);

  test('every field of the JSON API', async () => {
    problems.length = 0;
    const api = async (
      method: 'GET' | 'POST',
      url: string,
      body?: string,
      contentType = 'application/json',
    ) => {
      const response = await t.app.server.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        payload: body,
      });
      const what = `${method} ${url.slice(0, 80)} ${body?.slice(0, 60) ?? ''}`;
      if (response.statusCode >= 500) problems.push(`${what}: ${response.statusCode}`);
      else if (response.statusCode >= 400) {
        const problem = response.json<{ detail?: string; error?: string }>();
        if (!problem.detail && !problem.error) problems.push(`${what}: refused without saying why`);
      }
      return response;
    };

    // A case to work on, sent in the ordinary way.
    const citizen = t.client();
    await citizen.get('/services/bulky-waste-collection/apply');
    const first = await citizen.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const draft = first.url.replace(/\/[^/]+$/, '');
    await citizen.post(`${draft}/item-count`, { item_count: '1' });
    await citizen.post(`${draft}/collection-address`, {
      'collection_address-line1': '2 Hostile Way',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC2 2BB',
    });
    await citizen.post(`${draft}/item-location`, { item_location: 'kerbside' });
    await citizen.post(`${draft}/preferred-date`, {
      'preferred_date-day': '12',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    await citizen.post(`${draft}/email`, { email: 'api.hostile@example.org' });
    await citizen.post(`${draft}/phone`, { phone: '0300 555 0111' });
    const reference = (await citizen.post(`${draft}/check`)).url.split('/')[2] as string;
    const version = async () =>
      (await api('GET', `/api/cases/${reference}`)).json<{ version: number }>().version;

    const unexpected: unknown[] = [
      null,
      true,
      12,
      -1,
      1e309,
      [],
      ['a', 'b'],
      {},
      { $ne: 1 },
      { __proto__: { x: 1 } },
    ];
    const values: unknown[] = [...corpus, ...numberLike, ...unexpected];

    for (const value of corpus) {
      const encoded = encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
      for (const parameter of ['department', 'service', 'state', 'assignee', 'include', 'page'])
        await api('GET', `/api/cases?${parameter}=${encoded}`);
      await api('GET', `/api/cases/${encoded}`);
      await api('GET', `/api/services/${encoded}`);
    }
    for (const raw of malformedEncodings) {
      await api('GET', `/api/cases?department=${raw}`);
      await api('GET', `/api/cases/${raw}`);
    }

    const notes: string[] = [];
    for (const value of values) {
      const body = (fields: Record<string, unknown>) => JSON.stringify(fields);
      const note = await api('POST', `/api/cases/${reference}/notes`, body({ note: value }));
      if (note.statusCode === 204 && typeof value === 'string') notes.push(value);
      else if (note.statusCode !== 400 && note.statusCode !== 422)
        problems.push(`note ${JSON.stringify(value).slice(0, 40)}: ${note.statusCode}`);
      const current = await version();
      await api('POST', `/api/cases/${reference}/transitions`, body({ transition: value, version: current }));
      await api(
        'POST',
        `/api/cases/${reference}/transitions`,
        body({ transition: 'cancel', version: value, reason: 'x' }),
      );
      await api(
        'POST',
        `/api/cases/${reference}/transitions`,
        body({ transition: 'request_information', version: current, message: value }),
      );
      await api('POST', `/api/cases/${reference}/assignment`, body({ assignee: value, version: current }));
      await api('POST', `/api/cases/${reference}/assignment`, body({ assignee: '', version: value }));
      await api(
        'POST',
        '/api/oauth/token',
        new URLSearchParams({
          grant_type: String(value),
          client_id: String(value),
          client_secret: String(value),
          scope: String(value),
        }).toString(),
        'application/x-www-form-urlencoded',
      );
    }
    for (const raw of [
      '',
      'null',
      '"note"',
      '[]',
      '{"note":',
      '{"note": "x"}}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      '\u0000',
    ])
      await api('POST', `/api/cases/${reference}/notes`, raw);
    await api('POST', `/api/cases/${reference}/notes`, JSON.stringify({ note: 'x'.repeat(2_000_000) }));

    // Each note stored is stored exactly, and shown escaped on the case's page.
    const stored = (await api('GET', `/api/cases/${reference}`))
      .json<{
        events: { type: string; body: string | null }[];
      }>()
      .events.filter((event) => event.type === 'note_added')
      .map((event) => event.body);
    expect(stored).toEqual(notes.map((note) => note.trim()));
    expect(notes.length).toBeGreaterThan(10);
    inspect(await staff.get(`/staff/cases/${reference}`), 'case page with hostile notes');
    expect(problems).toEqual([]);
  }, 600_000);
});
