/** The form a staff member fills in before the question pages: which service, how it came in, and for whom. */
import { z } from 'zod';
import type { Translator } from '../../platform/i18n/i18n.js';
import { assistedChannels } from '../cases/index.js';
import { emailAddressSchema } from '../identity/index.js';

const phoneShape = /^\+?[\d\s().-]+$/;

export function assistedStartInput(t: Translator['t']) {
  // A field left blank, or not sent at all, is no answer.
  const blankToNull = (value: unknown) =>
    value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
  return z.object({
    service: z
      .string({ error: t('assisted:errors.serviceRequired') })
      .trim()
      .min(1, t('assisted:errors.serviceRequired'))
      .max(100, t('assisted:errors.serviceRequired')),
    channel: z.enum(assistedChannels, { error: t('assisted:errors.channelRequired') }),
    name: z
      .string({ error: t('assisted:errors.nameRequired') })
      .trim()
      .min(1, t('assisted:errors.nameRequired'))
      .max(200, t('assisted:errors.nameTooLong', { max: 200 })),
    email: z.preprocess(blankToNull, emailAddressSchema(t).nullable()),
    phone: z.preprocess(
      blankToNull,
      z
        .string()
        .trim()
        .max(30, t('assisted:errors.phoneFormat'))
        .refine((value) => {
          const digits = value.replace(/\D/g, '').length;
          return phoneShape.test(value) && digits >= 7 && digits <= 15;
        }, t('assisted:errors.phoneFormat'))
        .nullable(),
    ),
  });
}

export type AssistedStartInput = z.output<ReturnType<typeof assistedStartInput>>;
