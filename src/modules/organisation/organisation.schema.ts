import { z } from 'zod';
import { translationsSchema } from '../../platform/definitions/translations.js';

/** Days of the week as departments.yaml names them, Monday first. */
export const openingDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type OpeningDay = (typeof openingDays)[number];

const clockTime = z
  .string({ error: "must be a time in quotes, like '09:00'" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:00 (24-hour clock)');

/** When the department answers: days, and the time it opens and closes (local time). Written for the reader's language. */
export const openingPeriodSchema = z
  .object({
    days: z
      .array(z.enum(openingDays, { error: `must be one of ${openingDays.join(', ')}` }))
      .min(1, 'name at least one day')
      .refine((days) => new Set(days).size === days.length, 'names a day twice'),
    opens: clockTime,
    closes: clockTime,
  })
  .strict()
  .refine((period) => period.opens < period.closes, {
    message: 'must be later than opens',
    path: ['closes'],
  });

export const departmentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower case letters, digits and hyphens'),
    name: z.string().min(1),
    /** How citizens get help with the department's services (shown on every page of those services). */
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+?[\d\s().-]{3,30}$/, 'must be a phone number, like 0300 555 0101')
      .optional(),
    address: z.string().min(1).optional(),
    openingHours: z.array(openingPeriodSchema).min(1).optional(),
  })
  .strict();

export const departmentsFileSchema = z
  .object({ departments: z.array(departmentSchema).min(1), translations: translationsSchema })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.departments.forEach((department, index) => {
      if (seen.has(department.id)) {
        context.addIssue({
          code: 'custom',
          path: ['departments', index, 'id'],
          message: `duplicate department "${department.id}"`,
        });
      }
      seen.add(department.id);
    });
  });

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export const calendarFileSchema = z
  .object({
    weekend: z.array(z.enum(weekdays)).default(['saturday', 'sunday']),
    holidays: z
      .array(
        z.union([
          z.iso.date(),
          // YAML reads an unquoted 2026-12-25 as a date
          z.date().transform((date) => date.toISOString().slice(0, 10)),
        ]),
      )
      .default([]),
  })
  .strict()
  .transform((file) => ({
    weekend: file.weekend.map((day) => weekdays.indexOf(day)),
    holidays: file.holidays,
  }));

export type Department = z.output<typeof departmentSchema>;
export type OpeningPeriod = z.output<typeof openingPeriodSchema>;
export type CalendarFile = z.output<typeof calendarFileSchema>;
