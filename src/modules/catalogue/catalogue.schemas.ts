/** The catalogue's JSON API shapes: one zod schema each, validating responses and generating OpenAPI. */
import { z } from 'zod';

export const serviceSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    topic: z.string(),
    department: z.string(),
    signIn: z
      .enum(['none', 'account', 'substantial', 'high'])
      .describe(
        'none: no sign-in; account: signed in; substantial or high: the eIDAS level of assurance the citizen must prove',
      ),
    fee: z
      .object({ amount: z.number(), currency: z.string(), description: z.string().optional() })
      .nullable(),
    slaWorkingDays: z.number().int(),
    version: z.number().int().describe('Version of the definition currently published'),
    url: z.string().describe('Address of the start page'),
  })
  .meta({ id: 'ServiceSummary' });

export const serviceListSchema = z
  .object({ services: z.array(serviceSummarySchema) })
  .meta({ id: 'ServiceList' });

export const serviceDetailSchema = serviceSummarySchema
  .extend({
    definition: z
      .record(z.string(), z.unknown())
      .describe('The full service definition (see /schemas/service-definition.json)'),
  })
  .meta({ id: 'ServiceDetail' });

export const serviceSlugParams = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(80),
});
