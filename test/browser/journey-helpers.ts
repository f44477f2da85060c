/**
 * Walking Plaza's citizen journeys in a browser, for the accessibility tests: answers for any question of a
 * service definition (valid by its own rules), a walk through an application or a report from its start page
 * to its confirmation, and signing in as a citizen or a staff member the way a person does. Every page a walk
 * reaches goes through an `AccessibilityAudit`, so it is checked with axe.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { PublishedService } from '../../src/modules/catalogue/index.js';
import type { Question } from '../../src/modules/forms/index.js';
import type { AccessibilityAudit, ListeningPlaza } from '../support/browser.js';
import { STAFF_PASSWORD } from '../support/test-app.js';

/** A small, valid, one-page PDF (Plaza detects a file's type from its content). */
export function smallPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** What a person types into a text-like question (text, long text, number, email, phone). */
export function typedAnswer(question: Question): string {
  switch (question.type) {
    case 'text': {
      const pattern = question.pattern ?? '';
      return pattern.includes('[0-9]{8}') ? '01234567' : pattern ? 'AB12 CDE' : 'Sam Example';
    }
    case 'long-text':
      return 'A description long enough for every rule: what it is, where it is, and what we would like done about it.';
    case 'number':
      return String(Math.min(Math.max(question.min ?? 1, 2), question.max ?? 1000));
    case 'email':
      return 'sam.example@example.org';
    case 'phone':
      return '0300 555 0142';
    case 'address':
    case 'checkboxes':
    case 'date':
    case 'file':
    case 'radios':
    case 'select':
    case 'yes-no':
      throw new Error(`${question.id}: a ${question.type} question is not typed`);
  }
}

/** A date `days` after today (before it when negative), as the three numbers a person types. */
function dateParts(days: number): { day: string; month: string; year: string } {
  const date = new Date(Date.now() + days * 86_400_000);
  return {
    day: String(date.getUTCDate()),
    month: String(date.getUTCMonth() + 1),
    year: String(date.getUTCFullYear()),
  };
}

/** The date a person gives: a date of birth (no later than today) in the past, any other a month ahead. */
export function dateAnswer(question: Question): { day: string; month: string; year: string } {
  return question.type === 'date' && question.latest === 'today' ? dateParts(-36 * 365) : dateParts(30);
}

/** The address a person gives: in Demo City, with a postcode every service accepts. */
export const addressAnswer = { line1: '14 Canal Street', town: 'Demo City', postcode: 'DC4 7QP' };

/** Fills one question the way a person would, with an answer its definition accepts. */
async function answer(page: Page, question: Question): Promise<void> {
  const field = (name: string) => page.locator(`[name="${name}"]`);
  switch (question.type) {
    case 'radios':
      await field(question.id).first().check();
      return;
    case 'yes-no':
      // "No": the shortest way through.
      await field(question.id).last().check();
      return;
    case 'checkboxes':
      await field(question.id).first().check();
      return;
    case 'select':
      await field(question.id).selectOption(question.options[0]?.value ?? '');
      return;
    case 'text':
    case 'long-text':
    case 'number':
    case 'email':
    case 'phone':
      await field(question.id).fill(typedAnswer(question));
      return;
    case 'date': {
      const parts = dateAnswer(question);
      await field(`${question.id}-day`).fill(parts.day);
      await field(`${question.id}-month`).fill(parts.month);
      await field(`${question.id}-year`).fill(parts.year);
      return;
    }
    case 'address':
      await field(`${question.id}-line1`).fill(addressAnswer.line1);
      await field(`${question.id}-town`).fill(addressAnswer.town);
      await field(`${question.id}-postcode`).fill(addressAnswer.postcode);
      return;
    case 'file':
      await field(question.id).setInputFiles({
        name: `${question.id.replace(/_/g, '-')}.pdf`,
        mimeType: 'application/pdf',
        buffer: smallPdf(`Evidence for ${question.id}`),
      });
      return;
  }
}

/** Answers the questions of a definition's page that the page shows (a condition may hide some). */
export async function answerPage(page: Page, questions: readonly Question[]): Promise<void> {
  for (const question of questions) {
    const names =
      question.type === 'address'
        ? [`${question.id}-line1`]
        : question.type === 'date'
          ? [`${question.id}-day`]
          : [question.id];
    if ((await page.locator(`[name="${names[0]}"]`).count()) === 0) continue;
    await answer(page, question);
  }
}

const lastSegment = (page: Page): string => new URL(page.url()).pathname.split('/').at(-1) ?? '';

async function errorSummaryText(page: Page): Promise<string> {
  const summary = page.locator('.govuk-error-summary');
  return (await summary.count()) > 0 ? ((await summary.textContent()) ?? '').replace(/\s+/g, ' ') : '';
}

export interface WalkOptions {
  /** Sends each page empty first, so the page with its error summary is checked too. */
  emptyFirst?: boolean;
  /** Called on every page the walk reaches, after its check (the keyboard and weight tests look at it). */
  onPage?: (page: Page) => Promise<void>;
}

/**
 * Submits a question page: empty first (when asked: a page whose questions are all optional simply moves
 * on), then answered. Returns whether the walk moved to another page.
 */
async function submitQuestionPage(
  page: Page,
  audit: AccessibilityAudit,
  questions: readonly Question[],
  options: WalkOptions,
): Promise<void> {
  const continueButton = () => page.getByRole('button', { name: 'Continue', exact: true }).click();
  const before = page.url();
  if (options.emptyFirst && questions.some((question) => !question.optional)) {
    const refused = await audit.act(page, continueButton);
    await options.onPage?.(page);
    if (refused?.status() === 422) {
      expect(await errorSummaryText(page), `error summary on ${before}`).toContain('There is a problem');
    } else if (page.url() !== before) return;
  }
  await answerPage(page, questions);
  const response = await audit.act(page, continueButton);
  await options.onPage?.(page);
  if (response?.status() === 422)
    throw new Error(`${before} refused the answers: ${await errorSummaryText(page)}`);
  // A file question shows the uploaded file on the same page; continuing moves on.
  if (page.url() === before && questions.some((question) => question.type === 'file')) {
    await audit.act(page, continueButton);
    await options.onPage?.(page);
  }
}

/**
 * From a service's start page to its confirmation, answering every page. A service that needs an account
 * must be walked by a signed-in citizen. Returns the application's reference.
 */
export async function walkApplication(
  page: Page,
  audit: AccessibilityAudit,
  baseUrl: string,
  service: PublishedService,
  options: WalkOptions = {},
): Promise<string> {
  await audit.visit(page, baseUrl, `/services/${service.slug}`);
  await options.onPage?.(page);
  await audit.act(page, () => page.getByRole('button', { name: 'Start now' }).click());
  await options.onPage?.(page);
  for (let steps = 0; steps < 60; steps++) {
    const path = new URL(page.url()).pathname;
    if (path.endsWith('/confirmation')) return path.split('/')[2] as string;
    if (path.endsWith('/check')) {
      await audit.act(page, () => page.getByRole('button', { name: 'Accept and send' }).click());
      await options.onPage?.(page);
      continue;
    }
    const pageId = path.endsWith(`/services/${service.slug}/apply`)
      ? service.definition.pages[0]?.id
      : lastSegment(page);
    const definition = service.definition.pages.find((candidate) => candidate.id === pageId);
    if (!definition)
      throw new Error(`${service.slug}: no page ${pageId} in the definition (at ${page.url()})`);
    await submitQuestionPage(page, audit, definition.questions, options);
  }
  throw new Error(`${service.slug}: no confirmation after 60 pages (at ${page.url()})`);
}

/**
 * From a report type's start page to the confirmation, finding the place by its name (no map needed).
 * Returns the report's reference.
 */
export async function walkReport(
  page: Page,
  audit: AccessibilityAudit,
  baseUrl: string,
  service: PublishedService,
  options: WalkOptions & { description?: string } = {},
): Promise<string> {
  const continueButton = () => page.getByRole('button', { name: 'Continue', exact: true }).click();
  await audit.visit(page, baseUrl, `/report/${service.slug}`);
  await options.onPage?.(page);
  await audit.act(page, () => page.getByRole('button', { name: 'Start now' }).click());
  await options.onPage?.(page);
  for (let steps = 0; steps < 40; steps++) {
    const path = new URL(page.url()).pathname;
    if (path.endsWith('/confirmation')) return path.split('/')[2] as string;
    const step = lastSegment(page);
    switch (step) {
      case 'location':
        await page.getByLabel('Search for a street, address or landmark').fill('chapel');
        await audit.act(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
        await options.onPage?.(page);
        await page.getByRole('radio', { name: '12 Chapel Street' }).check();
        await audit.act(page, () => page.getByRole('button', { name: 'Use this place' }).click());
        await options.onPage?.(page);
        break;
      case 'description': {
        if (options.emptyFirst) {
          const refused = await audit.act(page, continueButton);
          await options.onPage?.(page);
          expect(refused?.status()).toBe(422);
        }
        await page
          .getByRole('textbox', { name: 'What is the problem?' })
          .fill(
            options.description ?? `A problem reported for ${service.definition.title}, near the chapel.`,
          );
        await audit.act(page, continueButton);
        await options.onPage?.(page);
        break;
      }
      case 'photos':
        await audit.act(page, continueButton);
        await options.onPage?.(page);
        break;
      case 'similar':
        await page.getByRole('radio', { name: /No, none of these/ }).check();
        await audit.act(page, continueButton);
        await options.onPage?.(page);
        break;
      case 'check':
        await audit.act(page, () => page.getByRole('button', { name: 'Send report' }).click());
        await options.onPage?.(page);
        break;
      default: {
        const definition = service.definition.pages.find((candidate) => candidate.id === step);
        if (!definition) throw new Error(`${service.slug}: no step ${step} (at ${page.url()})`);
        await submitQuestionPage(page, audit, definition.questions, options);
      }
    }
  }
  throw new Error(`${service.slug}: no confirmation after 40 steps (at ${page.url()})`);
}

/** Signs a citizen in with a code from their email, as a person does; ends on the page they return to. */
export async function signInCitizenInBrowser(
  page: Page,
  plaza: ListeningPlaza,
  email: string,
  audit?: AccessibilityAudit,
): Promise<void> {
  const act = (action: () => Promise<unknown>) =>
    audit ? audit.act(page, async () => void (await action())) : action();
  if (!new URL(page.url()).pathname.startsWith('/sign-in'))
    await act(() => page.goto(`${plaza.baseUrl}/sign-in`, { waitUntil: 'commit' }));
  await page.getByLabel('What is your email address?').fill(email);
  await act(() => page.getByRole('button', { name: 'Continue' }).click());
  const [message] = await plaza.test.outbox(email.toLowerCase());
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`No sign-in code was sent to ${email}`);
  await page.getByLabel('Enter the code').fill(code);
  await act(() => page.getByRole('button', { name: 'Sign in' }).click());
}

/** Signs a staff member in with their password (second factors are optional in tests). */
export async function signInStaffInBrowser(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
  if (new URL(page.url()).pathname === '/staff/sign-in')
    throw new Error(`${email} could not sign in: ${await page.title()}`);
}
