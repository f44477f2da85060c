/**
 * Whole journeys in Chromium, checked with axe on every page.
 *
 * With JavaScript: a resident signs in with a code from their email, applies for a residential parking
 * permit page by page (uploading a real PDF, and making mistakes on the way), and sends it; a caseworker
 * asks for more information; the resident answers with text and a file; the caseworker approves with a
 * reason, and the resident sees the decision.
 *
 * Without JavaScript: a visitor who is not signed in books a bulky waste collection to its confirmation.
 *
 * Every page either test reaches is checked with axe-core against WCAG 2.2 A and AA; a third test makes
 * sure that check fails, readably, on a page that breaks a rule.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/time/clock.js';
import {
  AccessibilityAudit,
  checkAccessibility,
  collectPageErrors,
  launchChromium,
  newPerson,
  startListeningPlaza,
  type ListeningPlaza,
} from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { STAFF_PASSWORD } from '../support/test-app.js';
import { smallPdf } from './journey-helpers.js';

/** A date some days after the clock's day, as the three numbers a person types. */
function daysAfter(clock: ManualClock, days: number): { day: string; month: string; year: string } {
  const date = new Date(clock.now().getTime() + days * 86_400_000);
  return {
    day: String(date.getUTCDate()),
    month: String(date.getUTCMonth() + 1),
    year: String(date.getUTCFullYear()),
  };
}

/** The class of the element that has the focus. */
async function focusedClass(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.className ?? '');
}

describe.each(testDatabases())('in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  // The browser keeps cookies by the real time, so the app's clock starts at the real time (and stays there).
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    plaza = await startListeningPlaza({ database: await database.open(), clock });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  test('a resident applies for a parking permit, answers a request for information, and is approved', async () => {
    const started = Date.now();
    const { test: app, baseUrl } = plaza;
    const audit = new AccessibilityAudit();
    const email = 'alex.resident@example.org';
    await app.createStaff(
      'pat@demo-city.example',
      [{ role: 'caseworker', departmentId: 'transport' }],
      'Pat Caseworker',
    );
    const resident = await (await newPerson(browser)).newPage();
    const staff = await (await newPerson(browser)).newPage();
    const pageErrors = [resident, staff].map(collectPageErrors);

    // ---- The resident finds the service and is asked to sign in before starting.
    await audit.visit(resident, baseUrl, '/');
    await audit.act(resident, () =>
      resident.getByRole('link', { name: 'Apply for a residential parking permit' }).click(),
    );
    expect(resident.url()).toBe(`${baseUrl}/services/residential-parking-permit`);
    await audit.act(resident, () => resident.getByRole('button', { name: 'Start now' }).click());
    expect(new URL(resident.url()).pathname).toBe('/sign-in');

    // A mistake: an email address that is not one.
    await resident.getByLabel('What is your email address?').fill('alex.resident.example.org');
    let response = await audit.act(resident, () =>
      resident.getByRole('button', { name: 'Continue' }).click(),
    );
    expect(response?.status()).toBe(422);
    expect(await resident.title()).toMatch(/^Error:/);
    expect(await focusedClass(resident)).toContain('govuk-error-summary');

    await resident.getByLabel('What is your email address?').fill(email);
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe('/sign-in/code');
    const [codeMessage] = await app.outbox(email);
    const code = /\b(\d{6})\b/.exec(codeMessage?.body ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await resident.getByLabel('Enter the code').fill(code as string);
    await audit.act(resident, () => resident.getByRole('button', { name: 'Sign in' }).click());
    expect(resident.url()).toBe(`${baseUrl}/services/residential-parking-permit/apply`);

    // ---- Home address: first sent empty, then with a postcode outside the city, then right.
    expect(await resident.getByRole('group', { name: 'What is your home address?' }).isVisible()).toBe(true);
    response = await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(response?.status()).toBe(422);
    const summary = resident.getByRole('alert');
    expect(await summary.getByRole('heading').textContent()).toContain('There is a problem');
    // govuk-frontend's script moves focus to the error summary, so a screen reader reads it first.
    expect(await focusedClass(resident)).toContain('govuk-error-summary');
    // Its link takes the resident to the field.
    await summary.getByRole('link').first().click();
    expect(await resident.evaluate(() => document.activeElement?.id)).toBe('home_address-line1');

    await resident.getByLabel('Address line 1').fill('14 Canal Street');
    await resident.getByLabel('Town or city').fill('Demo City');
    await resident.getByLabel('Postcode').fill('SW1A 1AA');
    response = await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(response?.status()).toBe(422);
    expect(await resident.getByRole('alert').getByRole('link').textContent()).toBe(
      'Enter a Demo City postcode, like DC4 7QP',
    );
    expect(await focusedClass(resident)).toContain('govuk-error-summary');
    expect(await resident.getByLabel('Address line 1').inputValue()).toBe('14 Canal Street');
    await resident.getByLabel('Postcode').fill('dc4 7qp');
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(resident.url()).toMatch(/\/apply\/[0-9a-f-]{36}\/parking-zone$/);
    const draftPath = new URL(resident.url()).pathname.replace(/\/parking-zone$/, '');

    // ---- Zone, vehicle, keeper.
    await resident
      .getByLabel('Which parking zone do you live in?')
      .selectOption({ label: 'Zone B – Riverside' });
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/vehicle-registration`);
    await resident.getByLabel("What is the vehicle's registration number?").fill('ab12 cde');
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/registered-keeper`);
    await resident.getByRole('radio', { name: 'Yes' }).check();
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());

    // ---- Proof of address: continuing without a file is refused; a real PDF is uploaded and listed.
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/proof-of-address`);
    response = await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(response?.status()).toBe(422);
    expect(await focusedClass(resident)).toContain('govuk-error-summary');
    await resident.getByLabel('Upload proof of your address').setInputFiles({
      name: 'council-tax-bill.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf('Council tax bill for 14 Canal Street'),
    });
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/proof-of-address`);
    expect(await resident.getByRole('main').textContent()).toContain('council-tax-bill.pdf');
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());

    // ---- Start date, phone, check your answers, send.
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/start-date`);
    const start = daysAfter(clock, 14);
    await resident.getByLabel('Day').fill(start.day);
    await resident.getByLabel('Month').fill(start.month);
    await resident.getByLabel('Year').fill(start.year);
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/phone-number`);
    await resident.getByLabel('What is your phone number?').fill('0300 555 0142');
    await audit.act(resident, () => resident.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(resident.url()).pathname).toBe(`${draftPath}/check`);
    expect(
      await resident
        .getByRole('heading', { level: 1, name: 'Check your answers before sending your application' })
        .isVisible(),
    ).toBe(true);
    const answers = (await resident.getByRole('main').textContent()) ?? '';
    for (const expected of [
      '14 Canal Street',
      'DC4 7QP',
      'Zone B – Riverside',
      'AB12 CDE',
      'council-tax-bill.pdf',
    ])
      expect(answers).toContain(expected);
    await audit.act(resident, () => resident.getByRole('button', { name: 'Accept and send' }).click());
    expect(resident.url()).toMatch(
      /\/applications\/PLZ-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{2}\/confirmation$/,
    );
    const reference = new URL(resident.url()).pathname.split('/')[2] as string;
    expect(await resident.getByRole('heading', { level: 1, name: 'Application sent' }).isVisible()).toBe(
      true,
    );
    expect(await resident.getByRole('main').textContent()).toContain(reference);

    // ---- A caseworker signs in, finds the case in the queue and asks for more information.
    await audit.visit(staff, baseUrl, '/staff/sign-in');
    await staff.getByLabel('Email address').fill('pat@demo-city.example');
    await staff.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(staff, () => staff.getByRole('button', { name: 'Sign in' }).click());
    expect(new URL(staff.url()).pathname).toBe('/staff/queue');
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe('Cases: Parking and Transport');
    await audit.act(staff, () => staff.getByRole('link', { name: reference }).click());
    expect(staff.url()).toBe(`${baseUrl}/staff/cases/${reference}`);
    expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Apply for a residential parking permit',
    );
    // Personal data stays hidden until the caseworker says why they need it (recorded in the audit log).
    expect(await staff.getByRole('main').textContent()).toContain('Personal data hidden');
    await staff
      .getByRole('textbox', { name: 'Why do you need to see it?' })
      .fill('Checking the proof of address');
    await audit.act(staff, () => staff.getByRole('button', { name: 'Show personal data' }).click());
    // The PDF the resident uploaded is the one staff download.
    const pdf = smallPdf('Council tax bill for 14 Canal Street');
    const download = staff.waitForEvent('download');
    await staff.getByRole('link', { name: 'council-tax-bill.pdf' }).first().click();
    const downloaded = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of downloaded) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
    const question =
      'The council tax bill you sent is more than 3 months old. Please send a bill or bank statement from the last 3 months.';
    await staff.getByRole('textbox', { name: 'Ask the applicant for more information' }).fill(question);
    await audit.act(staff, () =>
      staff.getByRole('button', { name: 'Ask the applicant for more information' }).click(),
    );
    expect(await staff.getByRole('alert').textContent()).toContain('The case has moved on.');
    expect(await staff.getByRole('main').textContent()).toContain('Waiting for the applicant');

    // ---- The resident sees the request in their applications and answers it with text and a file.
    await audit.act(resident, () =>
      resident.getByRole('link', { name: 'Your applications' }).first().click(),
    );
    expect(new URL(resident.url()).pathname).toBe('/account/applications');
    const row = resident.getByRole('row').filter({ hasText: reference });
    expect(await row.textContent()).toContain('Waiting for your reply');
    await audit.act(resident, () =>
      row.getByRole('link', { name: 'Apply for a residential parking permit' }).click(),
    );
    expect(new URL(resident.url()).pathname).toBe(`/account/applications/${reference}`);
    expect(await resident.getByRole('heading', { name: 'We need more information' }).isVisible()).toBe(true);
    expect(await resident.getByRole('main').textContent()).toContain(question);
    // A mistake: sending without an answer.
    response = await audit.act(resident, () =>
      resident.getByRole('button', { name: 'Send your answer' }).click(),
    );
    expect(response?.status()).toBe(422);
    expect(await focusedClass(resident)).toContain('govuk-error-summary');
    const answer = 'Here is my bank statement from last month, which shows my name and address.';
    await resident.getByLabel('Your answer').fill(answer);
    await resident.getByLabel('Add files (optional)').setInputFiles({
      name: 'bank-statement.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf('Bank statement, 14 Canal Street'),
    });
    await audit.act(resident, () => resident.getByRole('button', { name: 'Send your answer' }).click());
    expect(new URL(resident.url()).pathname).toBe(`/account/applications/${reference}`);
    expect(await resident.getByRole('alert').textContent()).toContain('Your answer has been sent.');

    // ---- The caseworker sees the answer and approves with a reason.
    await audit.visit(staff, baseUrl, `/staff/cases/${reference}`);
    const requests = (await staff.getByRole('main').textContent()) ?? '';
    expect(requests).toContain(answer);
    expect(requests).toContain('bank-statement.pdf');
    expect(requests).toContain('In review');
    const reason = 'Your proof of address is recent and your vehicle is registered to you at this address.';
    await staff.getByRole('textbox', { name: 'Approve' }).fill(reason);
    await audit.act(staff, () => staff.getByRole('button', { name: 'Approve', exact: true }).click());
    expect(await staff.getByRole('main').textContent()).toContain(`Approved: ${reason}`);

    // ---- The resident sees the decision.
    await audit.act(resident, () =>
      resident.getByRole('link', { name: 'Your applications' }).first().click(),
    );
    const decided = resident.getByRole('row').filter({ hasText: reference });
    expect(await decided.textContent()).toContain('Approved');
    await audit.act(resident, () =>
      decided.getByRole('link', { name: 'Apply for a residential parking permit' }).click(),
    );
    const status = resident
      .getByRole('main')
      .locator('.govuk-summary-list__row')
      .filter({ hasText: 'Status' });
    expect((await status.locator('.govuk-tag').textContent())?.trim()).toBe('Approved');
    const reasonRow = resident
      .getByRole('main')
      .locator('.govuk-summary-list__row')
      .filter({ hasText: 'Reason' });
    expect(await reasonRow.locator('dd').textContent()).toContain(reason);

    console.info(
      `Parking permit journey: ${audit.checked.length} pages checked with axe, no violations, in ${Date.now() - started} ms`,
    );
    // Every page of the story, including each one sent back with errors, was checked.
    expect(audit.checked).toHaveLength(31);
    expect(pageErrors.flat()).toEqual([]);
  });

  test('without JavaScript, a visitor books a bulky waste collection to its confirmation', async () => {
    const { baseUrl } = plaza;
    const context = await newPerson(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    const checkerContext = await newPerson(browser);
    const audit = new AccessibilityAudit({ checker: await checkerContext.newPage() });

    await audit.visit(page, baseUrl, '/services/bulky-waste-collection');
    await audit.act(page, () => page.getByRole('button', { name: 'Start now' }).click());
    expect(new URL(page.url()).pathname).toBe('/services/bulky-waste-collection/apply');
    // Without the script nothing moves focus, but the summary is still there and the page title says so.
    let response = await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(response?.status()).toBe(422);
    expect(await page.title()).toMatch(/^Error:/);
    expect(await page.getByRole('alert').getByRole('link').textContent()).toBe(
      'Select at least one item you want us to collect',
    );
    await page.getByRole('checkbox', { name: 'Sofa or armchair' }).check();
    await page.getByRole('checkbox', { name: 'Mattress or bed frame' }).check();
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(page.url()).toMatch(/\/apply\/[0-9a-f-]{36}\/item-count$/);
    await page.getByLabel('How many items are there in total?').fill('2');
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByLabel('Address line 1').fill('12 Harbour Road');
    await page.getByLabel('Town or city').fill('Demo City');
    await page.getByLabel('Postcode').fill('DC4 7QP');
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByRole('radio', { name: 'On the pavement outside my home' }).check();
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    const date = daysAfter(clock, 7);
    await page.getByLabel('Day').fill(date.day);
    await page.getByLabel('Month').fill(date.month);
    await page.getByLabel('Year').fill(date.year);
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await page.getByLabel('What is your email address?').fill('sam@example.org');
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    await audit.act(page, () => page.getByRole('button', { name: 'Continue' }).click());
    expect(new URL(page.url()).pathname).toMatch(/\/check$/);
    response = await audit.act(page, () => page.getByRole('button', { name: 'Accept and send' }).click());
    expect(response?.status()).toBe(200);
    expect(page.url()).toMatch(
      /\/applications\/PLZ-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{2}\/confirmation$/,
    );
    expect(await page.getByRole('heading', { level: 1, name: 'Application sent' }).isVisible()).toBe(true);
    // The page never ran a script: govuk-frontend's marker class was never added.
    expect(await page.locator('body.js-enabled').count()).toBe(0);
    console.info(
      `Bulky waste without JavaScript: ${audit.checked.length} pages checked with axe, no violations`,
    );
    expect(audit.checked).toHaveLength(11);
    expect(pageErrors).toEqual([]);
    await context.close();
    await checkerContext.close();
  });

  test('the accessibility check is not vacuous: it names the rule, the element and the page', async () => {
    const context = await newPerson(browser);
    const page = await context.newPage();
    await page.goto(`${plaza.baseUrl}/sign-in`);
    await checkAccessibility(page);
    // Break the page the way a careless change would: the email field loses its label.
    await page.evaluate(() => document.querySelector('label[for="email"]')?.remove());
    const failure = await checkAccessibility(page).then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    );
    expect(failure).toContain(`on ${plaza.baseUrl}/sign-in`);
    expect(failure).toMatch(/- label \(critical\): Form elements must have labels/);
    expect(failure).toContain('at #email');
    await context.close();
  });
});
