import { z } from 'zod';

export const departmentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower case letters, digits and hyphens'),
    name: z.string().min(1),
    email: z.email().optional(),
    phone: z.string().min(3).optional(),
    address: z.string().optional(),
    openingHours: z.string().optional(),
  })
  .strict();

export const departmentsFileSchema = z
  .object({ departments: z.array(departmentSchema).min(1) })
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
export type CalendarFile = z.output<typeof calendarFileSchema>;
