/**
 * Every report type ends with the same optional page: how to reach the person reporting, or nothing at
 * all (a report may be anonymous). It is part of the published definition, so the answers are personal
 * data like any other (encrypted, hidden from staff until they give a reason, exported and erased).
 */
import { pageSchema, type Page } from '../forms/index.js';

export const REPORTER_PAGE_ID = 'reporter';

export const reporterQuestionIds = {
  name: 'reporter_name',
  email: 'reporter_email',
  phone: 'reporter_phone',
} as const;

export const reporterPage: Page = pageSchema.parse({
  id: REPORTER_PAGE_ID,
  title: 'Your contact details',
  questions: [
    {
      id: reporterQuestionIds.name,
      type: 'text',
      label: 'Your name',
      shortLabel: 'your name',
      optional: true,
      personal: true,
      maxLength: 200,
      autocomplete: 'name',
    },
    {
      id: reporterQuestionIds.email,
      type: 'email',
      label: 'Email address',
      shortLabel: 'your email address',
      optional: true,
      personal: true,
    },
    {
      id: reporterQuestionIds.phone,
      type: 'phone',
      label: 'Phone number',
      shortLabel: 'your phone number',
      optional: true,
      personal: true,
    },
  ],
});
