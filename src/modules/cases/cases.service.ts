/**
 * Case management: a submitted application becomes a case that moves through its workflow in its
 * department's queue. Every change is checked against the workflow and the policy, written with an
 * optimistic lock (a change made on an out-of-date view is refused and explained, never applied over
 * someone else's), recorded as a case event and in the audit log, and told to the citizen when public.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { scoped } from '../../database.js';
import type { Principal } from '../../platform/auth/principal.js';
import { conflict, forbidden, invalid, isUuid, notFound, PlazaError } from '../../platform/errors.js';
import { languageInUse, type I18n, type Translator } from '../../platform/i18n/i18n.js';
import { fileContent, storeFile, type StoredFileInfo } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import type { WorkingCalendar } from '../../platform/time/working-calendar.js';
import { appendAudit, recordAudit, type Actor } from '../audit/index.js';
import type { CatalogueService, NotificationEvent, PublishedService } from '../catalogue/index.js';
import type { Answers } from '../forms/index.js';
import { createUserData, type Assurance } from '../identity/index.js';
import {
  isErasedAnswer,
  isRevealReason,
  personalQuestionIds,
  REVEAL_MS,
  revealedUntil,
  textContexts,
  type PersonalData,
  type Reveals,
  type StoredAnswers,
} from '../privacy/index.js';
import {
  availableTransitions,
  checkStaffTransition,
  citizenResponseTransition,
  moveSla,
  slaStatus,
  startSla,
  stateOf,
  type SlaStatus,
  type TransitionRefusal,
  type WorkflowTransition,
} from '../workflow/index.js';
import { notifyCitizen, type CitizenMessageContext } from './case-notifications.js';
import type { Notifier } from '../notifications/index.js';
import { authorize, can, canBeAssigned, citizenOwns, rolesIn, workingRoles } from './cases.policy.js';
import type { AssistedChannel, CaseChannel, CaseEventType } from './cases.tables.js';
import { newReference, normaliseReference } from './reference-number.js';

export interface CasesDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  calendar: () => WorkingCalendar;
  i18n: I18n;
  baseUrl: string;
  organisationName: string;
  loadPrincipal: (userId: string) => Promise<Principal | undefined>;
  notifier: Notifier;
  /** Encrypts and decrypts answers, contact emails and responses (see the privacy module). */
  personalData: PersonalData;
  /**
   * Told of every change of a case's state, inside its transaction, so that records kept beside a case (a
   * public report's status) change with it or not at all.
   */
  onCaseChanged?: (trx: Db, change: CaseChange) => Promise<void>;
}

/** What changed on a case, for those who keep records beside it. */
export interface CaseChange {
  caseId: string;
  reference: string;
  kind: 'application' | 'report';
  service: PublishedService;
  fromState: string;
  toState: string;
  /** The new state's label for the public (its publicLabel, or its label). */
  publicStateLabel: string;
  /** Whether the change is on the public timeline. */
  isPublic: boolean;
  /** What staff wrote for the citizen (the reason or message), if anything. */
  message: string | null;
  /** Only a public note: the status stays as it was (a report moved to another department, say). */
  noteOnly?: boolean;
  closedAt: Date | null;
  occurredAt: Date;
}

export interface QueueFilters {
  departmentId: string;
  service?: string;
  state?: string;
  /** 'me', 'unassigned', or a user id */
  assignee?: string;
  include: 'open' | 'closed' | 'all';
  page: number;
  pageSize: number;
}

export interface QueueItem {
  reference: string;
  serviceSlug: string;
  serviceTitle: string;
  state: string;
  stateLabel: string;
  assignee: { id: string; name: string | null } | null;
  submittedAt: Date;
  slaDueAt: Date | null;
  sla: SlaStatus;
}

export interface QueuePage {
  items: QueueItem[];
  /** Exact up to QUEUE_COUNT_LIMIT; beyond it, `moreThanTotal` is set and this is the limit. */
  total: number;
  moreThanTotal: boolean;
  page: number;
  pageSize: number;
}

export interface CaseEvent {
  id: number;
  type: CaseEventType;
  occurredAt: Date;
  actor: { id: string; name: string | null; kind: 'citizen' | 'staff' | 'client' } | null;
  fromState: string | null;
  toState: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  /** The body is the citizen's own words, hidden until the staff member gives a reason. */
  bodyHidden?: boolean;
  data: Record<string, unknown>;
  caseVersion: number;
}

export interface InformationRequest {
  id: string;
  question: string;
  requestedAt: Date;
  response: string | null;
  /** The citizen's answer (and its files) hidden until the staff member gives a reason. */
  responseHidden?: boolean;
  respondedAt: Date | null;
  files: StoredFileInfo[];
}

/** Whether the case's personal data shows, and what is left out while it does not. */
export interface PersonalDataState {
  /** Hidden from this staff member until they give a reason. */
  hidden: boolean;
  revealedUntil: Date | null;
  /** Questions whose answers are hidden. */
  hiddenAnswers: string[];
  /** Files (the case's and its responses') not listed while hidden. */
  hiddenFiles: number;
  /** Questions whose answers were erased when the case was anonymised. */
  erasedAnswers: string[];
  anonymisedAt: Date | null;
}

export interface CaseDetail {
  id: string;
  reference: string;
  service: PublishedService;
  departmentId: string;
  state: string;
  stateLabel: string;
  publicStateLabel: string;
  isPublicState: boolean;
  answers: Answers;
  contactEmail: string | null;
  citizenUserId: string | null;
  assignee: { id: string; name: string | null } | null;
  version: number;
  submittedAt: Date;
  slaDueAt: Date | null;
  sla: SlaStatus;
  closedAt: Date | null;
  decision: 'approved' | 'rejected' | null;
  decisionReason: string | null;
  /** How sure Plaza was of who sent it: the level of the citizen's session; null when not signed in. */
  assurance: Assurance | null;
  /** How it reached the organisation: online, or how a staff member took it. */
  channel: CaseChannel;
  /** The staff member who entered it for the citizen (assisted digital). */
  assistedBy: { id: string; name: string | null } | null;
  /** The citizen's name and phone as the staff member took them; null when hidden or not taken. */
  assistedCitizen: AssistedCitizen | null;
  events: CaseEvent[];
  informationRequests: InformationRequest[];
  documents: StoredFileInfo[];
  personalData: PersonalDataState;
}

export interface StaffCaseView extends CaseDetail {
  transitions: WorkflowTransition[];
  canWork: boolean;
  colleagues: { id: string; name: string | null }[];
}

export interface ChangeSince {
  actorName: string | null;
  type: CaseEventType;
  toState: string | null;
  occurredAt: Date;
}

/** The citizen's name and phone, as a staff member who took their application wrote them down. */
export interface AssistedCitizen {
  name: string | null;
  phone: string | null;
}

/** Answers keys (no question id starts with "$") that hold the assisted citizen's name and phone, encrypted. */
const ASSISTED_NAME = '$assisted_name';
const ASSISTED_PHONE = '$assisted_phone';

/**
 * A case filed elsewhere: another department's queue, another service (type), another assignee. The case
 * keeps its reference, its state and its SLA clock; what is omitted stays as it is.
 */
export interface CaseMove {
  caseId: string;
  /** Refused (nothing written) when the case changed since; omitted, the caller holds the case locked. */
  expectedVersion?: number;
  departmentId?: string;
  /** The service (by slug) and the version of it the case now follows; its workflow must have the state. */
  service?: { slug: string; versionId: string };
  /** Who works the case now; null: nobody. */
  assigneeId?: string | null;
  /** Who moved it, on the timeline (null: Plaza itself). */
  by?: Principal | null;
  /** What the timeline says of the move, each at the new version. */
  events?: CaseTimelineEntry[];
}

/** An entry of a case's timeline (case_events), as a change writes it. */
export interface CaseTimelineEntry {
  type: CaseEventType;
  visibility: 'public' | 'internal';
  fromState?: string;
  toState?: string;
  body?: string | null;
  data?: Record<string, unknown>;
}

export interface OpenCaseInput {
  service: PublishedService;
  answers: Answers;
  citizenUserId: string | null;
  contactEmail: string | null;
  actor: Actor;
  /** The case's id, when the caller needs it before the case exists (to hand over its files). */
  id?: string;
  /** The level of assurance of the citizen's session when they sent it; null when not signed in. */
  assurance?: Assurance | null;
  /** 'report': a problem reported in the street (the reports module tells its followers, not this one). */
  kind?: 'application' | 'report';
  /** The language the citizen used; messages about the case go out in it. Defaults to the request's. */
  language?: string;
  /** Taken by a staff member for the citizen (assisted digital): how, by whom, and the citizen's details. */
  assisted?: { channel: AssistedChannel; staffUserId: string; citizen?: Partial<AssistedCitizen> };
}

const REFERENCE_ATTEMPTS = 5;

/**
 * Counting a department's whole backlog on every page view costs as much as the page itself; nobody pages
 * past the first few hundred cases, so the queue counts up to this many and then says "more than".
 */
export const QUEUE_COUNT_LIMIT = 1000;

/** Who did something, in the audit log: a person, or a partner system's client. */
function actorOf(principal: Principal): Actor {
  return principal.kind === 'client'
    ? { type: 'client', id: principal.id }
    : { type: 'user', id: principal.id };
}

interface ClientActor {
  id: string;
  name: string | null;
}

/** Who did something, on the case's timeline: a user, or a client (named in the event's data). */
function eventActor(principal: Principal): { actorUserId: string | null; client?: ClientActor } {
  return principal.kind === 'client'
    ? { actorUserId: null, client: { id: principal.id, name: principal.name } }
    : { actorUserId: principal.id };
}

function clientActorIn(data: Record<string, unknown>): CaseEvent['actor'] {
  const client = data.client as Partial<ClientActor> | undefined;
  return client && typeof client.id === 'string'
    ? { id: client.id, name: typeof client.name === 'string' ? client.name : null, kind: 'client' }
    : null;
}

export function createCasesService(deps: CasesDeps) {
  const { db, clock, catalogue, personalData } = deps;
  // Names and emails of accounts are encrypted too, under the same key ring (identity's user-data.ts).
  const users = createUserData(personalData.keyRing);
  const translator = (): Translator => deps.i18n.translator(undefined);
  const messages = (): CitizenMessageContext => ({
    notifier: deps.notifier,
    translator: (language) => deps.i18n.translator(language),
    localise: (service, language) => catalogue.localise(service, language),
    baseUrl: deps.baseUrl,
    organisationName: deps.organisationName,
  });

  async function loadCase(trx: Db, reference: string) {
    const canonical = normaliseReference(reference);
    const stored = canonical
      ? await trx
          .selectFrom('cases')
          .leftJoin('users as citizen', 'citizen.id', 'cases.citizen_user_id')
          .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
          .leftJoin('users as assister', 'assister.id', 'cases.assisted_by')
          .selectAll('cases')
          .select([
            'citizen.email as citizen_email',
            'assignee.name as assignee_name',
            'assister.name as assister_name',
          ])
          .where('cases.reference', '=', canonical)
          .executeTakeFirst()
      : undefined;
    if (!stored) throw notFound('case.not_found', translator().t('cases:errors.notFound'));
    const service = await catalogue.version(stored.service_version_id);
    // Decrypted here, once: everything after works on what the citizen wrote. The assisted citizen's name
    // and phone travel with the answers (so erasure and export treat them alike) but are not questions.
    const {
      [ASSISTED_NAME]: assistedName,
      [ASSISTED_PHONE]: assistedPhone,
      ...answers
    } = personalData.openAnswers(stored.answers);
    const row = {
      ...stored,
      answers,
      assisted_citizen:
        stored.assisted_by === null
          ? null
          : {
              name: typeof assistedName === 'string' ? assistedName : null,
              phone: typeof assistedPhone === 'string' ? assistedPhone : null,
            },
      assister_name: stored.assisted_by ? users.open('name', stored.assisted_by, stored.assister_name) : null,
      erased_answers: Object.keys(stored.answers).filter(
        (id) => !id.startsWith('$') && isErasedAnswer(stored.answers[id]),
      ),
      contact_email: personalData.openText(stored.contact_email, textContexts.contactEmail),
      citizen_email:
        stored.citizen_user_id && stored.citizen_email !== null
          ? users.openEmail(stored.citizen_user_id, stored.citizen_email)
          : null,
      assignee_name: stored.assignee_id ? users.open('name', stored.assignee_id, stored.assignee_name) : null,
    };
    return { row, service };
  }

  function stateLabels(service: PublishedService, state: string) {
    const found = stateOf(service.definition.resolvedWorkflow, state);
    return { label: found.label, publicLabel: found.publicLabel ?? found.label, isPublic: found.public };
  }

  async function eventsOf(trx: Db, caseId: string, publicOnly: boolean): Promise<CaseEvent[]> {
    const rows = await trx
      .selectFrom('case_events')
      .leftJoin('users', 'users.id', 'case_events.actor_user_id')
      .select([
        'case_events.id',
        'case_events.type',
        'case_events.occurred_at',
        'case_events.actor_user_id',
        'users.name as actor_name',
        'users.kind as actor_kind',
        'case_events.from_state',
        'case_events.to_state',
        'case_events.visibility',
        'case_events.body',
        'case_events.data',
        'case_events.case_version',
      ])
      .where('case_events.case_id', '=', caseId)
      .$if(publicOnly, (query) => query.where('case_events.visibility', '=', 'public'))
      .orderBy('case_events.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      occurredAt: row.occurred_at,
      actor: row.actor_user_id
        ? {
            id: row.actor_user_id,
            name: users.open('name', row.actor_user_id, row.actor_name),
            kind: row.actor_kind ?? 'staff',
          }
        : clientActorIn(row.data),
      fromState: row.from_state,
      toState: row.to_state,
      visibility: row.visibility,
      // The citizen's answer to a request is kept encrypted on the timeline too.
      body:
        row.type === 'information_provided'
          ? personalData.openText(row.body, textContexts.informationResponse)
          : row.body,
      data: row.data,
      caseVersion: row.case_version,
    }));
  }

  async function informationRequestsOf(trx: Db, caseId: string): Promise<InformationRequest[]> {
    const rows = await trx
      .selectFrom('information_requests')
      .select(['id', 'question', 'requested_at', 'response', 'responded_at'])
      .where('case_id', '=', caseId)
      .orderBy('requested_at')
      .execute();
    const files = rows.length
      ? await trx
          .selectFrom('files')
          .select(['id', 'owner_type', 'owner_id', 'field', 'original_name', 'media_type', 'size_bytes'])
          .where('owner_type', '=', 'information_request')
          .where(
            'owner_id',
            'in',
            rows.map((row) => row.id),
          )
          .orderBy('created_at')
          .execute()
      : [];
    return rows.map((row) => ({
      id: row.id,
      question: row.question,
      requestedAt: row.requested_at,
      response: personalData.openText(row.response, textContexts.informationResponse),
      respondedAt: row.responded_at,
      files: files.filter((file) => file.owner_id === row.id).map(toFileInfo),
    }));
  }

  async function documentsOf(trx: Db, caseId: string): Promise<StoredFileInfo[]> {
    const rows = await trx
      .selectFrom('files')
      .select(['id', 'owner_type', 'owner_id', 'field', 'original_name', 'media_type', 'size_bytes'])
      .where('owner_type', '=', 'case')
      .where('owner_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    return rows.map(toFileInfo);
  }

  async function detail(trx: Db, reference: string, publicOnly: boolean): Promise<CaseDetail> {
    const { row, service } = await loadCase(trx, reference);
    const labels = stateLabels(service, row.state);
    return {
      id: row.id,
      reference: row.reference,
      service,
      departmentId: row.department_id,
      state: row.state,
      stateLabel: labels.label,
      publicStateLabel: labels.publicLabel,
      isPublicState: labels.isPublic,
      answers: row.answers,
      contactEmail: row.contact_email ?? row.citizen_email,
      citizenUserId: row.citizen_user_id,
      assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name } : null,
      version: row.version,
      submittedAt: row.submitted_at,
      slaDueAt: row.sla_due_at,
      sla: slaStatus(
        { dueAt: row.sla_due_at, pausedAt: row.sla_paused_at, closedAt: row.closed_at },
        clock.now(),
      ),
      closedAt: row.closed_at,
      decision: row.decision,
      decisionReason: row.decision_reason,
      assurance: row.assurance,
      channel: row.channel,
      assistedBy: row.assisted_by ? { id: row.assisted_by, name: row.assister_name } : null,
      assistedCitizen: publicOnly ? null : row.assisted_citizen,
      events: await eventsOf(trx, row.id, publicOnly),
      informationRequests: await informationRequestsOf(trx, row.id),
      documents: await documentsOf(trx, row.id),
      personalData: {
        hidden: false,
        revealedUntil: null,
        hiddenAnswers: [],
        hiddenFiles: 0,
        erasedAnswers: row.erased_answers,
        anonymisedAt: row.anonymised_at,
      },
    };
  }

  /**
   * The case as staff see it before giving a reason: personal answers, the contact email, the citizen's
   * own words and every file are left out (the view says what is hidden, never what it holds).
   */
  function withoutPersonalData(found: CaseDetail): CaseDetail {
    const personal = personalQuestionIds(found.service.definition);
    const hiddenAnswers = Object.keys(found.answers).filter(
      (id) => personal.has(id) && found.answers[id] !== null,
    );
    const hiddenFiles =
      found.documents.length +
      found.informationRequests.reduce((count, request) => count + request.files.length, 0);
    return {
      ...found,
      answers: Object.fromEntries(
        Object.entries(found.answers).filter(([id]) => !hiddenAnswers.includes(id)),
      ),
      contactEmail: null,
      assistedCitizen: null,
      events: found.events.map((event) => ({
        ...event,
        actor: event.actor?.kind === 'citizen' ? { ...event.actor, name: null } : event.actor,
        ...(event.type === 'information_provided' && event.body !== null
          ? { body: null, bodyHidden: true }
          : {}),
      })),
      informationRequests: found.informationRequests.map((request) => ({
        ...request,
        files: [],
        ...(request.response !== null ? { response: null, responseHidden: true } : {}),
      })),
      documents: [],
      personalData: { ...found.personalData, hidden: true, hiddenAnswers, hiddenFiles },
    };
  }

  /** What happened to a case after the version someone was looking at. */
  async function changesSince(caseId: string, version: number): Promise<ChangeSince[]> {
    const rows = await db
      .selectFrom('case_events')
      .leftJoin('users', 'users.id', 'case_events.actor_user_id')
      .select([
        'case_events.actor_user_id',
        'users.name',
        'case_events.type',
        'case_events.to_state',
        'case_events.occurred_at',
        'case_events.data',
      ])
      .where('case_events.case_id', '=', caseId)
      .where('case_events.case_version', '>', version)
      .orderBy('case_events.id')
      .execute();
    return rows.map((row) => ({
      actorName:
        (row.actor_user_id ? users.open('name', row.actor_user_id, row.name) : null) ??
        clientActorIn(row.data)?.name ??
        null,
      type: row.type,
      toState: row.to_state,
      occurredAt: row.occurred_at,
    }));
  }

  /** Updates a case only if nobody changed it since `expectedVersion`; returns the new version. */
  async function bumpVersion(
    trx: Db,
    caseId: string,
    expectedVersion: number,
    changes: Record<string, unknown>,
  ): Promise<number> {
    const updated = await trx
      .updateTable('cases')
      .set({ ...changes, version: sql<number>`version + 1`, updated_at: clock.now() })
      .where('id', '=', caseId)
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst();
    if (!updated) throw new StaleCaseError(caseId, expectedVersion);
    return updated.version;
  }

  async function explainConflict(error: StaleCaseError, service: PublishedService): Promise<PlazaError> {
    const changes = await changesSince(error.caseId, error.expectedVersion);
    const { t } = translator();
    const workflow = service.definition.resolvedWorkflow;
    const described = changes.map((change) => ({
      ...change,
      description: t(`cases:conflict.change.${change.type}`, {
        name: change.actorName ?? t('cases:someone'),
        state: change.toState ? (workflow.states[change.toState]?.label ?? change.toState) : '',
      }),
    }));
    return conflict('case.changed', t('cases:conflict.message'), { changes: described });
  }

  async function event(
    trx: Db,
    input: {
      caseId: string;
      actorUserId: string | null;
      client?: ClientActor;
      caseVersion: number;
    } & CaseTimelineEntry,
  ): Promise<void> {
    await trx
      .insertInto('case_events')
      .values({
        case_id: input.caseId,
        occurred_at: clock.now(),
        actor_user_id: input.actorUserId,
        case_version: input.caseVersion,
        type: input.type,
        from_state: input.fromState ?? null,
        to_state: input.toState ?? null,
        visibility: input.visibility,
        body: input.body ?? null,
        data: JSON.stringify({ ...input.data, ...(input.client ? { client: input.client } : {}) }),
      })
      .execute();
  }

  /** Staff who can work a department's cases, to assign them. */
  async function colleaguesIn(departmentId: string): Promise<{ id: string; name: string | null }[]> {
    const rows = await db
      .selectFrom('users')
      .innerJoin('staff_roles', 'staff_roles.user_id', 'users.id')
      .select(['users.id', 'users.name'])
      .distinct()
      .where('users.kind', '=', 'staff')
      .where('users.disabled_at', 'is', null)
      .where('staff_roles.role', 'in', [...workingRoles])
      .where((eb) =>
        eb.or([
          eb('staff_roles.department_id', '=', departmentId),
          eb('staff_roles.department_id', 'is', null),
        ]),
      )
      .execute();
    // Names are encrypted: sorted once read (no name last).
    return rows
      .map((row) => ({ id: row.id, name: users.open('name', row.id, row.name) }))
      .sort((a, b) =>
        a.name === null || b.name === null
          ? Number(a.name === null) - Number(b.name === null)
          : a.name.localeCompare(b.name),
      );
  }

  /** The assisted citizen's name and phone as stored answers: each encrypted, as a personal answer is. */
  function assistedAnswers(citizen: Partial<AssistedCitizen> | undefined) {
    const values: Answers = {};
    if (citizen?.name) values[ASSISTED_NAME] = citizen.name;
    if (citizen?.phone) values[ASSISTED_PHONE] = citizen.phone;
    // Sealed as the contact question of a definition that has only that question.
    return Object.assign(
      {},
      ...Object.entries(values).map(([id, value]) =>
        personalData.sealAnswers({ pages: [], contact: { email: id } }, { [id]: value }),
      ),
    ) as StoredAnswers;
  }

  return {
    colleagues: colleaguesIn,

    /** Turns a sent application into a case, in the caller's transaction. */
    async openCase(trx: Db, input: OpenCaseInput): Promise<{ id: string; reference: string }> {
      const definition = input.service.definition;
      const workflow = definition.resolvedWorkflow;
      const initial = stateOf(workflow, workflow.initial);
      const now = clock.now();
      const sla = startSla(now, definition.sla.workingDays, initial, deps.calendar());
      const id = input.id ?? randomUUID();
      const language = input.language ?? languageInUse();
      // A new reference is tried until one is free; the unique index decides, in the insert itself.
      let reference = '';
      for (let attempt = 1; ; attempt++) {
        reference = newReference();
        const inserted = await trx
          .insertInto('cases')
          .values({
            id,
            reference,
            kind: input.kind ?? 'application',
            language,
            service_slug: input.service.slug,
            service_version_id: input.service.versionId,
            department_id: definition.department,
            state: workflow.initial,
            citizen_user_id: input.citizenUserId,
            contact_email:
              input.contactEmail === null
                ? null
                : personalData.sealText(input.contactEmail, textContexts.contactEmail),
            contact_email_index:
              input.contactEmail === null ? null : personalData.emailIndex(input.contactEmail),
            answers: JSON.stringify({
              ...personalData.sealAnswers(definition, input.answers),
              ...assistedAnswers(input.assisted?.citizen),
            }),
            assignee_id: null,
            submitted_at: now,
            updated_at: now,
            sla_due_at: sla.dueAt,
            sla_paused_at: sla.pausedAt,
            closed_at: null,
            decision: null,
            decision_reason: null,
            assurance: input.assurance ?? null,
            channel: input.assisted?.channel ?? 'online',
            assisted_by: input.assisted?.staffUserId ?? null,
          })
          .onConflict((conflict) => conflict.column('reference').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) break;
        if (attempt >= REFERENCE_ATTEMPTS) throw new Error('Could not find a free reference number');
      }
      await event(trx, {
        caseId: id,
        actorUserId: input.citizenUserId,
        caseVersion: 1,
        type: 'submitted',
        visibility: 'public',
        toState: workflow.initial,
        data: input.assisted ? { channel: input.assisted.channel } : undefined,
      });
      // A report's reporter and followers hear from the reports module, with the report's public link.
      if (input.kind !== 'report')
        await notifyCitizen(
          messages(),
          trx,
          {
            id,
            reference,
            recipient: input.contactEmail,
            service: input.service,
            state: workflow.initial,
            language,
          },
          'submitted',
        );
      // Last, so the audit log's lock (which serialises appends across processes) is held only to commit.
      await appendAudit(trx, clock, {
        actor: input.actor,
        action: 'case.submitted',
        subject: { type: 'case', id },
        details: {
          reference,
          service: input.service.slug,
          version: input.service.version,
          state: workflow.initial,
          ...(input.assisted ? { channel: input.assisted.channel } : {}),
        },
      });
      return { id, reference };
    },

    /**
     * Files a case elsewhere (see CaseMove), in the caller's transaction, which writes its own audit entry:
     * bumps the case's version and writes the move's timeline events at it. Returns the new version, or
     * null, writing nothing, when the case changed since `expectedVersion` (the caller says so in its words).
     */
    async moveCase(trx: Db, move: CaseMove): Promise<number | null> {
      const expectedVersion =
        move.expectedVersion ??
        (
          await trx
            .selectFrom('cases')
            .select('version')
            .where('id', '=', move.caseId)
            .forUpdate()
            .executeTakeFirstOrThrow()
        ).version;
      let version: number;
      try {
        version = await bumpVersion(trx, move.caseId, expectedVersion, {
          ...(move.departmentId !== undefined ? { department_id: move.departmentId } : {}),
          ...(move.service
            ? { service_slug: move.service.slug, service_version_id: move.service.versionId }
            : {}),
          ...(move.assigneeId !== undefined ? { assignee_id: move.assigneeId } : {}),
        });
      } catch (error) {
        if (error instanceof StaleCaseError) return null;
        throw error;
      }
      const actor = move.by ? eventActor(move.by) : { actorUserId: null };
      for (const entry of move.events ?? [])
        await event(trx, { caseId: move.caseId, ...actor, caseVersion: version, ...entry });
      return version;
    },

    async queue(principal: Principal, filters: QueueFilters): Promise<QueuePage> {
      authorize(
        principal,
        'view',
        { departmentId: filters.departmentId },
        translator().t('cases:errors.departmentForbidden'),
      );
      let query = db
        .selectFrom('cases')
        .where('cases.department_id', '=', filters.departmentId)
        .$if(filters.include === 'open', (q) => q.where('cases.closed_at', 'is', null))
        .$if(filters.include === 'closed', (q) => q.where('cases.closed_at', 'is not', null))
        .$if(!!filters.service, (q) => q.where('cases.service_slug', '=', filters.service as string))
        .$if(!!filters.state, (q) => q.where('cases.state', '=', filters.state as string));
      if (filters.assignee === 'unassigned') query = query.where('cases.assignee_id', 'is', null);
      else if (filters.assignee === 'me') query = query.where('cases.assignee_id', '=', principal.id);
      else if (isUuid(filters.assignee)) query = query.where('cases.assignee_id', '=', filters.assignee);
      // An assignee that cannot be anyone matches nothing (a hand-edited address), rather than failing.
      else if (filters.assignee) query = query.where(sql<boolean>`false`);
      const [{ total }, rows] = await Promise.all([
        db
          .selectFrom(
            query
              .select(sql<number>`1`.as('one'))
              // Counting open cases in the queue's own order lets the planner walk the queue's index rather
              // than scan the table until it has found enough.
              .$if(filters.include === 'open', (q) =>
                q.orderBy(sql`cases.sla_due_at asc nulls last`).orderBy('cases.submitted_at'),
              )
              .limit(QUEUE_COUNT_LIMIT + 1)
              .as('capped'),
          )
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow(),
        query
          .innerJoin('services', 'services.slug', 'cases.service_slug')
          .leftJoin('users', 'users.id', 'cases.assignee_id')
          .select([
            'cases.reference',
            'cases.service_slug',
            'cases.service_version_id',
            'services.title',
            'cases.state',
            'cases.assignee_id',
            'users.name as assignee_name',
            'cases.submitted_at',
            'cases.sla_due_at',
            'cases.sla_paused_at',
            'cases.closed_at',
          ])
          .orderBy(sql`cases.sla_due_at asc nulls last`)
          .orderBy('cases.submitted_at')
          .limit(filters.pageSize)
          .offset((filters.page - 1) * filters.pageSize)
          .execute(),
      ]);
      const now = clock.now();
      const items: QueueItem[] = [];
      for (const row of rows) {
        const service = await catalogue.version(row.service_version_id);
        items.push({
          reference: row.reference,
          serviceSlug: row.service_slug,
          serviceTitle: row.title,
          state: row.state,
          stateLabel: stateLabels(service, row.state).label,
          assignee: row.assignee_id
            ? { id: row.assignee_id, name: users.open('name', row.assignee_id, row.assignee_name) }
            : null,
          submittedAt: row.submitted_at,
          slaDueAt: row.sla_due_at,
          sla: slaStatus(
            { dueAt: row.sla_due_at, pausedAt: row.sla_paused_at, closedAt: row.closed_at },
            now,
          ),
        });
      }
      // What a partner system reads is on record, as a staff member's view of a case is.
      if (principal.kind === 'client') {
        await recordAudit(db, clock, {
          actor: actorOf(principal),
          action: 'case.listed',
          subject: { type: 'department', id: filters.departmentId },
          details: { references: items.map((item) => item.reference), page: filters.page },
        });
      }
      const counted = Number(total);
      return {
        items,
        total: Math.min(counted, QUEUE_COUNT_LIMIT),
        moreThanTotal: counted > QUEUE_COUNT_LIMIT,
        page: filters.page,
        pageSize: filters.pageSize,
      };
    },

    /** A case as staff see it; the view itself is recorded in the audit log. */
    async staffView(principal: Principal, reference: string, reveals?: Reveals): Promise<StaffCaseView> {
      const full = await detail(db, reference, false);
      authorize(principal, 'view', full, translator().t('cases:errors.caseForbidden'));
      // Personal data shows only to a staff member who gave a reason for this case a short while ago.
      const until = revealedUntil(reveals, full.id, clock.now());
      const found = until
        ? { ...full, personalData: { ...full.personalData, revealedUntil: until } }
        : withoutPersonalData(full);
      await recordAudit(db, clock, {
        actor: actorOf(principal),
        action: 'case.viewed',
        subject: { type: 'case', id: found.id },
        details: { reference: found.reference },
      });
      const canWork = can(principal, 'work', found);
      const roles = rolesIn(principal, found.departmentId);
      const colleagues = canWork ? await colleaguesIn(found.departmentId) : [];
      return {
        ...found,
        canWork,
        transitions:
          canWork && !found.closedAt
            ? availableTransitions(found.service.definition.resolvedWorkflow, found.state, roles)
            : [],
        colleagues,
      };
    },

    /**
     * A staff member shows a case's personal data, saying why: the reason is recorded in the audit log
     * (never the data), and the caller remembers the reveal until the time returned.
     */
    async revealPersonalData(
      principal: Principal,
      reference: string,
      reason: string,
    ): Promise<{ caseId: string; until: Date }> {
      const { t } = translator();
      const { row } = await loadCase(db, reference);
      authorize(principal, 'view', { departmentId: row.department_id }, t('cases:errors.caseForbidden'));
      if (!isRevealReason(reason)) {
        const message = t('privacy:reveal.reasonRequired');
        throw invalid('case.reveal_reason', message, [{ field: 'reason', href: '#reveal-reason', message }]);
      }
      const until = new Date(clock.now().getTime() + REVEAL_MS);
      await recordAudit(db, clock, {
        actor: actorOf(principal),
        action: 'case.personal_data_revealed',
        subject: { type: 'case', id: row.id },
        details: { reference: row.reference, reason: reason.trim(), until: until.toISOString() },
      });
      return { caseId: row.id, until };
    },

    async assign(
      principal: Principal,
      reference: string,
      input: { assigneeId: string | null; expectedVersion: number },
    ): Promise<number> {
      const { t } = translator();
      const { row, service } = await loadCase(db, reference);
      authorize(principal, 'assign', { departmentId: row.department_id }, t('cases:errors.caseForbidden'));
      if (row.closed_at) throw invalid('case.closed', t('cases:errors.closed'));
      let assigneeName: string | null = null;
      if (input.assigneeId) {
        const assignee = await deps.loadPrincipal(input.assigneeId);
        if (!assignee || !canBeAssigned(assignee, { departmentId: row.department_id })) {
          throw invalid('case.assignee_not_allowed', t('cases:errors.assigneeNotAllowed'), [
            { field: 'assignee', href: '#assignee', message: t('cases:errors.assigneeNotAllowed') },
          ]);
        }
        assigneeName = assignee.name;
      }
      try {
        return await db.transaction().execute(async (trx) => {
          const version = await bumpVersion(trx, row.id, input.expectedVersion, {
            assignee_id: input.assigneeId,
          });
          await event(trx, {
            caseId: row.id,
            ...eventActor(principal),
            caseVersion: version,
            type: 'assigned',
            visibility: 'internal',
            data: { assigneeId: input.assigneeId, assigneeName },
          });
          await appendAudit(trx, clock, {
            actor: actorOf(principal),
            action: 'case.assigned',
            subject: { type: 'case', id: row.id },
            details: { assigneeId: input.assigneeId, version },
          });
          return version;
        });
      } catch (error) {
        if (error instanceof StaleCaseError) throw await explainConflict(error, service);
        throw error;
      }
    },

    async transition(
      principal: Principal,
      reference: string,
      input: {
        transitionId: string;
        reason?: string;
        message?: string;
        expectedVersion: number;
        /**
         * More work that must happen with the change or not at all (another module's records that change
         * with the case), in its transaction, after the case changed and before its audit entry.
         */
        alongside?: (trx: Db, changed: { caseId: string; version: number }) => Promise<void>;
      },
    ): Promise<number> {
      const { t } = translator();
      const { row, service } = await loadCase(db, reference);
      authorize(principal, 'work', { departmentId: row.department_id }, t('cases:errors.caseForbidden'));
      const workflow = service.definition.resolvedWorkflow;
      if (row.version !== input.expectedVersion)
        throw await explainConflict(new StaleCaseError(row.id, input.expectedVersion), service);
      const check = checkStaffTransition(workflow, {
        state: row.state,
        transitionId: input.transitionId,
        roles: rolesIn(principal, row.department_id),
        reason: input.reason,
        message: input.message,
      });
      if (!check.allowed) throw refusal(check.refusal, t, workflow.states[row.state]?.label ?? row.state);
      const { transition, from, to } = check;
      const now = clock.now();
      const sla = moveSla(
        { dueAt: row.sla_due_at ?? now, pausedAt: row.sla_paused_at },
        to,
        now,
        deps.calendar(),
      );
      const reason = input.reason?.trim() || null;
      const message = input.message?.trim() || null;
      try {
        return await db.transaction().execute(async (trx) => {
          const version = await bumpVersion(trx, row.id, input.expectedVersion, {
            state: transition.to,
            sla_due_at: sla.dueAt,
            sla_paused_at: sla.pausedAt,
            ...(to.terminal ? { closed_at: now, decision: to.outcome ?? null, decision_reason: reason } : {}),
          });
          if (transition.action === 'request_information') {
            await trx
              .insertInto('information_requests')
              .values({
                id: randomUUID(),
                case_id: row.id,
                requested_by: eventActor(principal).actorUserId,
                question: message as string,
                requested_at: now,
                response: null,
                responded_at: null,
              })
              .execute();
          }
          await event(trx, {
            caseId: row.id,
            ...eventActor(principal),
            caseVersion: version,
            type: transition.action === 'request_information' ? 'information_requested' : 'transitioned',
            visibility: to.public ? 'public' : 'internal',
            fromState: row.state,
            toState: transition.to,
            body: transition.action === 'request_information' ? message : (reason ?? message),
            data: { transition: transition.id },
          });
          const notification =
            (transition.notify as NotificationEvent | undefined) ??
            to.outcome ??
            (transition.action === 'request_information'
              ? 'information_requested'
              : to.public && to !== from
                ? 'status_changed'
                : undefined);
          if (notification && row.kind !== 'report') {
            await notifyCitizen(
              messages(),
              trx,
              {
                id: row.id,
                reference: row.reference,
                recipient: row.contact_email ?? row.citizen_email,
                service,
                state: transition.to,
                language: row.language,
              },
              notification,
              { reason: reason ?? undefined, message: message ?? undefined },
            );
          }
          await deps.onCaseChanged?.(trx, {
            caseId: row.id,
            reference: row.reference,
            kind: row.kind,
            service,
            fromState: row.state,
            toState: transition.to,
            publicStateLabel: to.publicLabel ?? to.label,
            isPublic: to.public,
            message: reason ?? message,
            closedAt: to.terminal ? now : null,
            occurredAt: now,
          });
          await input.alongside?.(trx, { caseId: row.id, version });
          // Last, so the audit log's lock is held only to commit.
          await appendAudit(trx, clock, {
            actor: actorOf(principal),
            action: 'case.transitioned',
            subject: { type: 'case', id: row.id },
            details: { transition: transition.id, from: row.state, to: transition.to, version },
          });
          return version;
        });
      } catch (error) {
        if (error instanceof StaleCaseError) throw await explainConflict(error, service);
        throw error;
      }
    },

    async addNote(principal: Principal, reference: string, text: string): Promise<void> {
      const { t } = translator();
      const note = text.trim();
      if (!note)
        throw invalid('case.note_empty', t('cases:errors.noteEmpty'), [
          { field: 'note', href: '#note', message: t('cases:errors.noteEmpty') },
        ]);
      if (note.length > 5000)
        throw invalid('case.note_too_long', t('cases:errors.noteTooLong'), [
          { field: 'note', href: '#note', message: t('cases:errors.noteTooLong') },
        ]);
      const { row } = await loadCase(db, reference);
      authorize(principal, 'work', { departmentId: row.department_id }, t('cases:errors.caseForbidden'));
      await db.transaction().execute(async (trx) => {
        // A note changes nothing about the case, so it never conflicts with someone else's change.
        await event(trx, {
          caseId: row.id,
          ...eventActor(principal),
          caseVersion: row.version,
          type: 'note_added',
          visibility: 'internal',
          body: note,
        });
        await appendAudit(trx, clock, {
          actor: actorOf(principal),
          action: 'case.note_added',
          subject: { type: 'case', id: row.id },
        });
      });
    },

    /** The citizen's answer to a request for more information; the case goes back to staff. */
    async respondToInformationRequest(
      principal: Principal,
      reference: string,
      requestId: string,
      input: { text: string; files: { name: string; mediaType: string; content: Buffer }[] },
    ): Promise<void> {
      const { t } = translator();
      const { row, service } = await loadCase(db, reference);
      if (!citizenOwns(principal, { citizenUserId: row.citizen_user_id, contactEmail: row.contact_email })) {
        throw notFound('case.not_found', t('cases:errors.notFound'));
      }
      if (!isUuid(requestId))
        throw notFound('information_request.not_found', t('cases:errors.requestNotFound'));
      const request = await db
        .selectFrom('information_requests')
        .select(['id', 'responded_at'])
        .where('id', '=', requestId)
        .where('case_id', '=', row.id)
        .executeTakeFirst();
      if (!request) throw notFound('information_request.not_found', t('cases:errors.requestNotFound'));
      if (request.responded_at)
        throw invalid('information_request.answered', t('cases:errors.requestAnswered'));
      if (row.closed_at) throw invalid('case.closed', t('cases:errors.closedForReplies'));
      const workflow = service.definition.resolvedWorkflow;
      const transition = citizenResponseTransition(workflow, row.state);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const answered = await trx
          .updateTable('information_requests')
          .set({
            response: personalData.sealText(input.text, textContexts.informationResponse),
            responded_at: now,
          })
          .where('id', '=', request.id)
          .where('responded_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!answered) throw invalid('information_request.answered', t('cases:errors.requestAnswered'));
        for (const file of input.files) {
          await storeFile(
            scoped(trx),
            {
              owner: { type: 'information_request', id: request.id },
              name: file.name,
              mediaType: file.mediaType,
              content: file.content,
            },
            personalData.keyRing,
          );
        }
        const to = transition ? stateOf(workflow, transition.to) : undefined;
        const sla = to
          ? moveSla({ dueAt: row.sla_due_at ?? now, pausedAt: row.sla_paused_at }, to, now, deps.calendar())
          : undefined;
        // The answer moves the case on from the state it was read in; if staff moved or closed the case
        // meanwhile, nothing is written and the citizen sees the case as it is now.
        const updated = await trx
          .updateTable('cases')
          .set({
            version: sql<number>`version + 1`,
            updated_at: now,
            ...(transition && sla
              ? { state: transition.to, sla_due_at: sla.dueAt, sla_paused_at: sla.pausedAt }
              : {}),
          })
          .where('id', '=', row.id)
          .where('state', '=', row.state)
          .where('closed_at', 'is', null)
          .returning('version')
          .executeTakeFirst();
        if (!updated) throw conflict('case.changed', t('cases:errors.changedBeforeReply'));
        await event(trx, {
          caseId: row.id,
          actorUserId: principal.id,
          caseVersion: updated.version,
          type: 'information_provided',
          visibility: 'public',
          fromState: row.state,
          toState: transition?.to ?? row.state,
          body: personalData.sealText(input.text, textContexts.informationResponse),
          data: { requestId: request.id, files: input.files.length },
        });
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: principal.id },
          action: 'case.information_provided',
          subject: { type: 'case', id: row.id },
          details: { requestId: request.id, files: input.files.length, to: transition?.to ?? row.state },
        });
      });
    },

    async citizenCases(principal: Principal) {
      const rows = await db
        .selectFrom('cases')
        .innerJoin('services', 'services.slug', 'cases.service_slug')
        .select([
          'cases.reference',
          'cases.service_version_id',
          'services.title',
          'cases.state',
          'cases.submitted_at',
          'cases.updated_at',
          'cases.closed_at',
        ])
        .where((eb) =>
          eb.or([
            eb('cases.citizen_user_id', '=', principal.id),
            eb.and([
              eb('cases.citizen_user_id', 'is', null),
              // The contact email is encrypted: its blind index finds it (under any key in the ring);
              // a case stored before encryption still has its address in the clear and no index.
              eb.or([
                eb('cases.contact_email_index', 'in', personalData.emailIndexes(principal.email)),
                eb.and([
                  eb('cases.contact_email_index', 'is', null),
                  eb(sql<string>`lower(cases.contact_email)`, '=', principal.email.toLowerCase()),
                ]),
              ]),
            ]),
          ]),
        )
        .orderBy('cases.submitted_at', 'desc')
        .execute();
      const result = [];
      for (const row of rows) {
        const service = await catalogue.version(row.service_version_id);
        const state = stateOf(service.definition.resolvedWorkflow, row.state);
        result.push({
          reference: row.reference,
          serviceTitle: row.title,
          status: state.publicLabel ?? state.label,
          submittedAt: row.submitted_at,
          updatedAt: row.updated_at,
          closed: row.closed_at !== null,
        });
      }
      return result;
    },

    /** A case as its citizen sees it: public events only. Anyone else gets "not found", not "forbidden". */
    async citizenView(principal: Principal, reference: string): Promise<CaseDetail> {
      const found = await detail(db, reference, true);
      if (!citizenOwns(principal, found))
        throw notFound('case.not_found', translator().t('cases:errors.notFound'));
      return found;
    },

    /** What a confirmation page shows; only for a browser that proved it sent the application. */
    async confirmationOf(
      reference: string,
    ): Promise<{ service: PublishedService; contactEmail: string | null } | undefined> {
      try {
        const { row, service } = await loadCase(db, reference);
        return { service, contactEmail: row.contact_email ?? row.citizen_email };
      } catch (error) {
        if (error instanceof PlazaError && error.kind === 'not_found') return undefined;
        throw error;
      }
    },

    /** Which file a person may download: staff who may view the case, or the citizen it belongs to. */
    async fileAccess(
      principal: Principal | undefined,
      reference: string,
      fileId: string,
      reveals?: Reveals,
    ): Promise<StoredFileInfo> {
      const { t } = translator();
      if (!isUuid(fileId)) throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      const { row } = await loadCase(db, reference);
      const staff =
        principal?.kind === 'staff' && can(principal, 'view', { departmentId: row.department_id });
      const citizen = citizenOwns(principal, {
        citizenUserId: row.citizen_user_id,
        contactEmail: row.contact_email,
      });
      if (!staff && !citizen) throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      const requests = await db
        .selectFrom('information_requests')
        .select('id')
        .where('case_id', '=', row.id)
        .execute();
      const owners = [row.id, ...requests.map((request) => request.id)];
      const file = await db
        .selectFrom('files')
        .select(['id', 'owner_type', 'owner_id', 'field', 'original_name', 'media_type', 'size_bytes'])
        .where('id', '=', fileId)
        .where('owner_id', 'in', owners)
        .where('owner_type', 'in', ['case', 'information_request'])
        .executeTakeFirst();
      if (!file) throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      if (staff && principal) {
        // A file is personal data: staff open one only after giving a reason for this case.
        if (!revealedUntil(reveals, row.id, clock.now()))
          throw forbidden('case.personal_data_hidden', t('privacy:reveal.neededForFiles'));
        await recordAudit(db, clock, {
          actor: actorOf(principal),
          action: 'case.document_viewed',
          subject: { type: 'case', id: row.id },
          details: { fileId },
        });
      }
      return toFileInfo(file);
    },

    /** A file's content, decrypted; only after fileAccess allowed it. */
    async readFile(file: StoredFileInfo): Promise<Buffer | undefined> {
      return fileContent(scoped(db), file.id, personalData.keyRing);
    },

    /** States staff can filter a department's queue by, from the workflows of its services. */
    statesFor(departmentId: string): { value: string; label: string }[] {
      const states = new Map<string, string>();
      for (const service of catalogue.list()) {
        if (service.definition.department !== departmentId) continue;
        for (const [value, state] of Object.entries(service.definition.resolvedWorkflow.states))
          states.set(value, state.label);
      }
      return [...states].map(([value, label]) => ({ value, label }));
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;

class StaleCaseError extends Error {
  constructor(
    readonly caseId: string,
    readonly expectedVersion: number,
  ) {
    super('The case changed since it was read');
  }
}

function refusal(refused: TransitionRefusal, t: Translator['t'], stateLabel: string): PlazaError {
  switch (refused.reason) {
    case 'unknown_transition':
    case 'not_a_staff_transition':
      return invalid('case.transition_unknown', t('cases:errors.transitionUnknown'));
    case 'wrong_state':
      return new PlazaError(
        'conflict',
        'case.transition_not_allowed',
        t('cases:errors.wrongState', { state: stateLabel }),
      );
    case 'role_not_allowed':
      return new PlazaError(
        'forbidden',
        'case.transition_role',
        t('cases:errors.roleNotAllowed', { roles: refused.requiredRoles.join(', ') }),
      );
    case 'reason_required':
      return invalid('case.reason_required', t('cases:errors.reasonRequired'), [
        { field: 'reason', href: '#reason', message: t('cases:errors.reasonRequired') },
      ]);
    case 'message_required':
      return invalid('case.message_required', t('cases:errors.messageRequired'), [
        { field: 'message', href: '#message', message: t('cases:errors.messageRequired') },
      ]);
  }
}

function toFileInfo(row: {
  id: string;
  owner_type: string;
  owner_id: string;
  field: string | null;
  original_name: string;
  media_type: string;
  size_bytes: number;
}): StoredFileInfo {
  return {
    id: row.id,
    ownerType: row.owner_type as StoredFileInfo['ownerType'],
    ownerId: row.owner_id,
    field: row.field,
    name: row.original_name,
    mediaType: row.media_type,
    size: row.size_bytes,
  };
}
