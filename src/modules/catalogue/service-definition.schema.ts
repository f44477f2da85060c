/**
 * A service definition: everything Plaza needs to offer a service online, in one YAML file per service.
 * The JSON Schema published at /schemas/service-definition.json is generated from this zod schema, so the
 * file format, its validation and its documentation cannot drift apart.
 */
import { z } from 'zod';
import { translationsSchema } from '../../platform/definitions/translations.js';
import { pageSchema } from '../forms/index.js';

export const notificationEvents = [
  'submitted',
  'status_changed',
  'information_requested',
  'approved',
  'rejected',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** Values a notification template may use, written ((name)) as in GOV.UK Notify. */
export const personalisationFields = [
  'reference',
  'service',
  'status',
  'reason',
  'message',
  'link',
  'organisation',
] as const;

const templateSchema = z
  .object({
    subject: z.string().min(1).max(200),
    body: z.string().min(1).max(5000),
  })
  .strict();

/** What a report type asks beyond its own pages: where (always), the public description and photos. */
export const reportSettingsSchema = z
  .object({
    descriptionMaxLength: z
      .number()
      .int()
      .min(50)
      .max(4000)
      .default(2000)
      .describe('Longest description a citizen may write; the description is shown publicly'),
    maxPhotos: z
      .number()
      .int()
      .min(0)
      .max(3)
      .default(3)
      .describe('How many photos a citizen may add (up to 3)'),
  })
  .strict();

export type ReportSettings = z.output<typeof reportSettingsSchema>;

/** The report settings of a service, with defaults for a report type that sets none. */
export function reportSettingsOf(definition: { report?: ReportSettings | undefined }): ReportSettings {
  return definition.report ?? { descriptionMaxLength: 2000, maxPhotos: 3 };
}

export const serviceDefinitionSchema = z
  .object({
    $schema: z.string().optional(),
    slug: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        'must be lower case letters, digits and hyphens (it is part of the address)',
      )
      .max(80),
    kind: z
      .enum(['application', 'report'])
      .default('application')
      .describe(
        'application: the citizen applies and staff decide; report: the citizen reports a problem at a place ' +
          '("Report a problem", /report), which becomes a public report and a case in the same workflow machinery',
      ),
    title: z
      .string()
      .min(1)
      .max(120)
      .describe('What the citizen does, e.g. "Apply for a residential parking permit"'),
    summary: z.string().min(1).max(300).describe('One sentence shown in the catalogue and search results'),
    topic: z.string().min(1).max(60).describe('The catalogue groups services by topic'),
    keywords: z.array(z.string().min(1)).default([]).describe('Other words people search for'),
    department: z.string().min(1).describe('Id of the owning department (departments.yaml)'),
    signIn: z
      .enum(['none', 'account', 'substantial', 'high'])
      .default('none')
      .describe(
        'none: anyone may apply; account: the citizen signs in first (any way, level of assurance low); ' +
          'substantial or high: the citizen proves who they are to that eIDAS level of assurance, with an ' +
          'identity provider (identity-providers.yaml) that gives it, and the level is recorded on the application',
      ),
    fee: z
      .object({
        amount: z.number().positive(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR')
          .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'is not a known currency'),
        description: z.string().optional(),
      })
      .strict()
      .optional(),
    start: z
      .object({
        body: z.string().min(1).describe('Paragraphs (separated by blank lines) on the start page'),
        youWillNeed: z.array(z.string().min(1)).default([]),
        timeToComplete: z.string().optional().describe('How long applying takes, e.g. "about 10 minutes"'),
        afterYouApply: z.string().optional().describe('What happens next, shown on the start page'),
      })
      .strict(),
    sla: z
      .object({ workingDays: z.number().int().min(1).max(365) })
      .strict()
      .describe('Target to decide, in working days'),
    draftLifetimeDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('How long an unsent application is kept'),
    retention: z
      .object({
        personalDataDays: z
          .number()
          .int()
          .min(1)
          .max(36_500)
          .describe(
            'Days a closed case keeps its personal data; then it is anonymised and only statistics stay',
          ),
      })
      .strict()
      .optional()
      .describe(
        "How long personal data is kept; defaults to the deployment's PLAZA_PERSONAL_DATA_RETENTION_DAYS",
      ),
    workflow: z.string().min(1).describe('Id of the workflow (workflows/<id>.yaml)'),
    contact: z
      .object({
        email: z
          .string()
          .min(1)
          .describe('Id of the email question used to contact a citizen who is not signed in'),
      })
      .strict()
      .optional(),
    declaration: z.string().min(1).optional().describe('What the citizen confirms before sending'),
    pages: z.array(pageSchema).min(1),
    report: reportSettingsSchema
      .optional()
      .describe('For kind: report, what the report journey asks beyond its own questions'),
    notifications: z
      .partialRecord(z.enum(notificationEvents), templateSchema)
      .default({})
      .describe("Templates replacing Plaza's defaults"),
    translations: translationsSchema,
  })
  .strict();

export type ServiceDefinition = z.output<typeof serviceDefinitionSchema>;

/** The JSON Schema of a service definition file, as written by people (defaults not yet applied). */
export function serviceDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(serviceDefinitionSchema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }),
    $id: 'https://plaza.example/schemas/service-definition.json',
    title: 'Plaza service definition',
  };
}
