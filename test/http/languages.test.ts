/**
 * Plaza in the reader's language: the browser's preference first, a switcher on every page that is
 * remembered, right-to-left Arabic with its mirrored stylesheet, service definitions that carry their own
 * translations (and say clearly when they lack one), and messages about a case in the language the citizen
 * used, whoever acts on it. Runs on every test database.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createI18n, type I18n } from '../../src/platform/i18n/i18n.js';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { signInStaff, startTestApp, type TestApp } from '../support/test-app.js';

/** The demo city, with Spanish for part of the bulky waste service (the rest is left untranslated). */
function definitionsWithSomeSpanish(): string {
  const folder = mkdtempSync(join(tmpdir(), 'plaza-languages-'));
  cpSync(join(repositoryRoot, 'definitions', 'demo-city'), folder, { recursive: true });
  const file = join(folder, 'services', 'bulky-waste-collection.yaml');
  const source = readFileSync(file, 'utf8').replace(/\ntranslations:[\s\S]*$/, '\n');
  writeFileSync(
    file,
    `${source}
translations:
  es:
    title: Reservar una recogida de enseres
    summary: Reserve la recogida de muebles y electrodomésticos que no caben en su contenedor.
    questions.items.label: ¿Qué quiere que recojamos?
    questions.items.options.sofa.label: Sofá o sillón
    'notifications.submitted.subject': 'Hemos recibido su reserva: ((reference))'
    'notifications.status_changed.subject': 'Su recogida ((reference)): ((status))'
`,
  );
  const workflow = join(folder, 'workflows', 'collection-booking.yaml');
  writeFileSync(
    workflow,
    readFileSync(workflow, 'utf8').replace(/\ntranslations:[\s\S]*$/, '\n') +
      '\ntranslations:\n  es:\n    states.scheduled.label: Recogida programada\n    transitions.book_collection.label: Programar la recogida\n',
  );
  return folder;
}

describe.each(testDatabases())('languages on $name', (database) => {
  let t: TestApp;
  let i18n: I18n;
  let definitions: string;

  beforeAll(async () => {
    definitions = definitionsWithSomeSpanish();
    i18n = await createI18n(join(repositoryRoot, 'locales'), { strict: true });
    t = await startTestApp({ database: await database.open(), env: { PLAZA_DEFINITIONS_DIR: definitions } });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    rmSync(definitions, { recursive: true, force: true });
  });

  test('the browser’s preferred language comes first, and English when Plaza does not speak it', async () => {
    const french = await t.client().get('/', { 'accept-language': 'de-DE, fr-CA;q=0.9, en;q=0.5' });
    expect(french.document.documentElement.getAttribute('lang')).toBe('fr');
    expect(french.document.documentElement.getAttribute('dir')).toBe('ltr');
    expect(
      french.screen.getByRole('link', { name: i18n.translator('fr').t('layout.skipLink') }),
    ).toBeTruthy();
    const german = await t.client().get('/', { 'accept-language': 'de' });
    expect(german.document.documentElement.getAttribute('lang')).toBe('en');
  });

  test('the switcher offers each language in its own name; the choice is remembered and wins over the browser', async () => {
    const reader = t.client();
    const home = await reader.get('/report', { 'accept-language': 'en' });
    const switcher = home.screen.getByRole('navigation', { name: 'Language' });
    const arabic = within(switcher).getByRole('link', { name: 'العربية' });
    expect(arabic.getAttribute('lang')).toBe('ar');
    expect(arabic.getAttribute('hreflang')).toBe('ar');
    expect(arabic.getAttribute('dir')).toBe('rtl');
    expect(within(switcher).getByText('English').getAttribute('aria-current')).toBe('true');

    const switched = await reader.raw(arabic.getAttribute('href') as string);
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/report');

    const page = await reader.get(arabic.getAttribute('href') as string, { 'accept-language': 'en' });
    expect(page.url).toBe('/report');
    const html = page.document.documentElement;
    expect(html.getAttribute('lang')).toBe('ar');
    expect(html.getAttribute('dir')).toBe('rtl');
    const stylesheet = page.document.querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '';
    expect(stylesheet).toMatch(/^\/assets\/plaza\.rtl\.[0-9a-f]+\.css$/);
    const mirrored = await t.app.server.inject({ url: stylesheet });
    expect(mirrored.statusCode).toBe(200);
    expect(page.document.title).toContain(i18n.translator('ar').t('catalogue:report.heading'));

    const later = await reader.get('/', { 'accept-language': 'es' });
    expect(later.document.documentElement.getAttribute('lang')).toBe('ar');
  });

  test('what a service says back on a form post is in the reader’s language', async () => {
    const reader = t.client();
    await reader.get('/sign-in?lang=fr');
    const page = await reader.post('/sign-in', { email: 'not an email' });
    expect(page.status).toBe(422);
    const french = i18n.translator('fr').t;
    expect(page.document.title.startsWith(french('layout.errorTitlePrefix'))).toBe(true);
    const summary = page.screen.getByRole('alert');
    expect(within(summary).getByText(french('layout.errorSummaryTitle'))).toBeTruthy();
    expect(within(summary).getByRole('link').textContent).toBe(french('identity:errors.emailFormat'));

    // The form engine's own messages (written by a service, not a page) follow the reader too.
    await reader.get('/services/bulky-waste-collection/apply');
    const first = await reader.post('/services/bulky-waste-collection/apply', { items: ['sofa'] });
    const draft = first.url.replace(/\/[^/]+$/, '');
    const date = await reader.post(`${draft}/preferred-date`, {
      'preferred_date-day': '10',
      'preferred_date-month': '3',
      'preferred_date-year': '26',
    });
    expect(date.status).toBe(422);
    expect(within(date.screen.getByRole('alert')).getByRole('link').textContent).toBe(
      french('forms:errors.dateYearFormat'),
    );
  });

  test('a service’s own translations are used, and the texts it lacks are shown in English with a notice', async () => {
    const reader = t.client();
    await reader.get('/?lang=es');
    const start = await reader.get('/services/bulky-waste-collection');
    expect(
      start.screen.getByRole('heading', { level: 1, name: 'Reservar una recogida de enseres' }),
    ).toBeTruthy();
    // The start page's body has no Spanish: it is shown as written, and the page says so.
    expect(start.body).toContain('We collect up to 10 large household items');
    // The department's name in the help section comes from departments.yaml's own translations.
    expect(start.body).toContain('Residuos y Medio Ambiente');
    expect(start.body).not.toContain('Waste and Environment');
    const notice = i18n
      .translator('es')
      .t('catalogue:untranslated', { language: 'español', original: 'inglés' });
    expect(start.body).toContain(notice);

    const question = await reader.get('/services/bulky-waste-collection/apply');
    expect(question.screen.getByRole('group', { name: '¿Qué quiere que recojamos?' })).toBeTruthy();
    expect(question.screen.getByRole('checkbox', { name: 'Sofá o sillón' })).toBeTruthy();
    expect(question.screen.getByRole('checkbox', { name: 'Mattress or bed frame' })).toBeTruthy();

    // Search finds it by the words of the reader's language, and shows it in that language.
    const search = await reader.get('/search?q=recogida');
    expect(
      search.screen.getByRole('link', { name: 'Reservar una recogida de enseres' }).getAttribute('href'),
    ).toBe('/services/bulky-waste-collection');

    // The same page in English has no notice and the English title.
    const english = await t.client().get('/services/bulky-waste-collection', { 'accept-language': 'en' });
    expect(
      english.screen.getByRole('heading', { level: 1, name: 'Book a bulky waste collection' }),
    ).toBeTruthy();
    expect(english.document.querySelector('.plaza-untranslated')).toBeNull();
  });

  test('a case’s messages go out in the language the citizen used, though staff work in English', async () => {
    const citizen = t.client();
    await citizen.get('/services/bulky-waste-collection/apply?lang=es');
    let page = await citizen.post('/services/bulky-waste-collection/apply', { items: ['sofa'] });
    const draft = page.url.replace(/\/[^/]+$/, '');
    page = await citizen.post(`${draft}/item-count`, { item_count: '1' });
    page = await citizen.post(`${draft}/collection-address`, {
      'collection_address-line1': '12 Chapel Street',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC1 4AB',
    });
    // Answer whatever else the journey asks with the answers a person would give, until the check page.
    for (let step = 0; step < 8 && !page.url.endsWith('/check'); step++) {
      const fields: Record<string, string> = {};
      for (const input of page.document.querySelectorAll<HTMLInputElement>('input[name], textarea[name]')) {
        if (input.name === '_csrf') continue;
        if (input.type === 'email') fields[input.name] = 'lucia@example.com';
        else if (input.name.endsWith('-day')) fields[input.name] = '10';
        else if (input.name.endsWith('-month')) fields[input.name] = '3';
        else if (input.name.endsWith('-year')) fields[input.name] = '2026';
        else if (input.type === 'radio' || input.type === 'checkbox') fields[input.name] ??= input.value;
        else if (input.type === 'tel') fields[input.name] = '0123 456 789';
        else if (!fields[input.name]) fields[input.name] = 'Por la puerta lateral';
      }
      page = await citizen.post(page.url, fields);
    }
    expect(page.url, page.screen.queryByRole('alert')?.textContent ?? page.url).toMatch(/\/check$/);
    const sent = await citizen.post(page.url, {});
    expect(sent.status).toBe(200);
    const row = await t.database.db
      .selectFrom('cases')
      .select(['language', 'reference'])
      .orderBy('submitted_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.language).toBe('es');
    const { reference } = row;
    const [received] = await t.outbox('lucia@example.com');
    // The service's own Spanish subject; its body has no Spanish and comes as the service wrote it.
    expect(received?.subject).toBe(`Hemos recibido su reserva: ${reference}`);
    expect(received?.body).toContain('We have received your request for a bulky waste collection');

    await t.createStaff(
      'ana@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Ana',
    );
    const staff = t.client();
    await signInStaff(staff, 'ana@demo-city.example');
    const casePage = await staff.get(`/staff/cases/${reference}`, { 'accept-language': 'en' });
    expect(casePage.document.documentElement.getAttribute('lang')).toBe('en');
    // Staff read the workflow in English; the Spanish name of the state goes to the citizen.
    const schedule = casePage.screen.getByRole('button', { name: 'Book a collection date' });
    const form = schedule?.closest('form') as HTMLFormElement;
    const fields: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>('input[name]'))
      fields[input.name] = input.value;
    const done = await staff.post(form.getAttribute('action') as string, fields);
    expect(done.status).toBe(200);
    const [update] = await t.outbox('lucia@example.com');
    expect(update?.subject).toBe(`Su recogida ${reference}: Recogida programada`);
  });
});
