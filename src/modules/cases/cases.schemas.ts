/** Input and output shapes of the staff workspace, shared by its HTML forms and its JSON API. */
import { z } from 'zod';

const version = z.coerce
  .number({ error: 'version must be the number of the case version you saw' })
  .int()
  .min(1);

export const queueQuery = z.object({
  department: z.string().max(60).optional().catch(undefined),
  service: z.string().max(80).optional().catch(undefined),
  state: z.string().max(60).optional().catch(undefined),
  assignee: z.string().max(60).optional().catch(undefined),
  include: z.enum(['open', 'closed', 'all']).catch('open').default('open'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const assignmentInput = z.object({
  assignee: z
    .union([z.uuid(), z.literal('')])
    .optional()
    .transform((value) => value || null)
    .describe('Id of the staff member to assign, or empty to unassign'),
  version,
});

export const transitionInput = z.object({
  transition: z.string().min(1).max(60),
  version,
  reason: z.string().max(5000).optional(),
  message: z.string().max(5000).optional(),
});

export const noteInput = z.object({ note: z.string().max(5000) });

export const referenceParams = z.object({ reference: z.string().min(1).max(20) });

export const queueItemSchema = z
  .object({
    reference: z.string(),
    service: z.string(),
    serviceTitle: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    assignee: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    submittedAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime().nullable(),
    sla: z.enum(['on_track', 'due_soon', 'overdue', 'paused', 'closed']),
  })
  .meta({ id: 'QueueItem' });

export const queueResponse = z
  .object({
    items: z.array(queueItemSchema),
    total: z.number().int(),
    moreThanTotal: z.boolean().describe('The queue holds more cases than `total`, where counting stopped'),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'Queue' });

export const caseResponse = z
  .object({
    reference: z.string(),
    service: z.string(),
    serviceVersion: z.number().int(),
    department: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    version: z
      .number()
      .int()
      .describe('Send it back with a change: a change made on an older version is refused'),
    assignee: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    submittedAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime().nullable(),
    sla: z.enum(['on_track', 'due_soon', 'overdue', 'paused', 'closed']),
    closedAt: z.iso.datetime().nullable(),
    decision: z.enum(['approved', 'rejected']).nullable(),
    decisionReason: z.string().nullable(),
    answers: z
      .record(z.string(), z.unknown())
      .describe('Personal answers are left out while `personalData.hidden` (see `hiddenAnswers`)'),
    contactEmail: z.string().nullable().describe('Where the applicant is told of changes; null while hidden'),
    personalData: z
      .object({
        hidden: z
          .boolean()
          .describe(
            "Personal answers, the contact email, the applicant's own words and files are left out until revealed with a reason (POST /api/cases/{reference}/personal-data)",
          ),
        revealedUntil: z.iso.datetime().nullable(),
        hiddenAnswers: z.array(z.string()).describe('Questions whose answers are left out'),
        erasedAnswers: z.array(z.string()).describe('Questions whose answers were erased with the case'),
        anonymisedAt: z.iso
          .datetime()
          .nullable()
          .describe('When the personal data was removed (retention ended, or erasure)'),
      })
      .meta({ id: 'CasePersonalData' }),
    availableTransitions: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        to: z.string(),
        requiresReason: z.boolean(),
        requestsInformation: z.boolean(),
      }),
    ),
    events: z.array(
      z.object({
        type: z.string(),
        occurredAt: z.iso.datetime(),
        actor: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
        fromState: z.string().nullable(),
        toState: z.string().nullable(),
        visibility: z.enum(['public', 'internal']),
        body: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Case' });

export const versionResponse = z.object({ version: z.number().int() }).meta({ id: 'CaseVersion' });
