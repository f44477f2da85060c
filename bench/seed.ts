/**
 * Fast, realistic data for the benchmark, written in SQL by the process that owns the database:
 * many thousands of cases made by `insert … select generate_series` (with their first events), staff to
 * assign them to, and prepared submissions (drafts cloned from one real draft, each in a session of its own).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Tokens from '@fastify/csrf';
import { sql } from 'kysely';
import type { Db } from '../src/database.js';
import type { PublishedService } from '../src/modules/catalogue/index.js';
import { hashSessionId } from '../src/platform/http/sessions.js';
import type { PreparedSubmission, SeedResult } from './protocol.js';

const BATCH = 10_000;
/** Staff per department to spread assignments over. */
const STAFF_PER_DEPARTMENT = 12;
/** Share of all cases in the department whose queue is measured; the rest share the other departments. */
const QUEUE_DEPARTMENT_SHARE = 0.55;

interface SeedService {
  slug: string;
  versionId: string;
  department: string;
  initial: string;
  /** Cumulative probability range [lo, hi) of a case belonging to this service. */
  lo: number;
  hi: number;
  open: string[];
  paused: string[];
  terminal: { state: string; outcome: string | null }[];
  slaDays: number;
}

function seedPlan(services: PublishedService[], queueDepartment: string): SeedService[] {
  const byDepartment = new Map<string, PublishedService[]>();
  for (const service of services) {
    const list = byDepartment.get(service.definition.department) ?? [];
    list.push(service);
    byDepartment.set(service.definition.department, list);
  }
  if (!byDepartment.has(queueDepartment))
    throw new Error(`No published service belongs to department "${queueDepartment}"`);
  const others = [...byDepartment.keys()].filter((department) => department !== queueDepartment);
  const plan: SeedService[] = [];
  let cumulative = 0;
  for (const [department, list] of byDepartment) {
    const departmentShare =
      department === queueDepartment
        ? others.length === 0
          ? 1
          : QUEUE_DEPARTMENT_SHARE
        : (1 - QUEUE_DEPARTMENT_SHARE) / others.length;
    for (const service of list) {
      const workflow = service.definition.resolvedWorkflow;
      const states = Object.entries(workflow.states);
      const lo = cumulative;
      cumulative += departmentShare / list.length;
      plan.push({
        slug: service.slug,
        versionId: service.versionId,
        department,
        initial: workflow.initial,
        lo,
        hi: cumulative,
        open: states.filter(([, state]) => !state.terminal).map(([name]) => name),
        paused: states.filter(([, state]) => !state.terminal && state.sla === 'paused').map(([name]) => name),
        terminal: states
          .filter(([, state]) => state.terminal)
          .map(([name, state]) => ({ state: name, outcome: state.outcome ?? null })),
        slaDays: service.definition.sla.workingDays,
      });
    }
  }
  const last = plan[plan.length - 1];
  if (last) last.hi = 1.000001;
  return plan;
}

/** Inserts caseworkers (without passwords: they are only there to be assigned cases) for every department. */
async function seedStaff(db: Db, departments: string[]): Promise<Record<string, string[]>> {
  const staff: Record<string, string[]> = {};
  const users: { id: string; email: string; name: string; department: string }[] = [];
  for (const department of departments) {
    staff[department] = [];
    for (let index = 1; index <= STAFF_PER_DEPARTMENT; index++) {
      const id = randomUUID();
      staff[department].push(id);
      users.push({
        id,
        email: `${department}-caseworker-${index}@demo-city.example`,
        name: `Caseworker ${index} (${department})`,
        department,
      });
    }
  }
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into users (id, kind, email, name)
      select x.id, 'staff', x.email, x.name
      from jsonb_to_recordset(${JSON.stringify(users)}::jsonb) as x(id uuid, email text, name text)
    `.execute(trx);
    await sql`
      insert into staff_roles (id, user_id, role, department_id)
      select gen_random_uuid(), x.id, 'caseworker', x.department
      from jsonb_to_recordset(${JSON.stringify(users)}::jsonb) as x(id uuid, department text)
    `.execute(trx);
  });
  return staff;
}

/**
 * Adds `count` cases spread over every published service, most of them in `queueDepartment`: submitted over
 * the last two years (more of them recently), mostly closed once older than a few weeks, open ones in every
 * open state of their workflow (some overdue, some paused), about half of the open ones assigned.
 */
export async function seedCases(
  db: Db,
  services: PublishedService[],
  count: number,
  queueDepartment: string,
  maintenance: 'none' | 'analyze' | 'vacuum',
  progress: (message: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const plan = seedPlan(services, queueDepartment);
  const staff = await seedStaff(db, [...new Set(plan.map((service) => service.department))]);
  const planJson = JSON.stringify({ services: plan, staff });
  const { rows: existing } = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(db);
  const offset = (existing[0]?.n ?? 0) + 1;
  for (let done = 0; done < count; done += BATCH) {
    const first = offset + done;
    const last = offset + Math.min(count, done + BATCH) - 1;
    await db.transaction().execute(async (trx) => {
      // Deterministic spread: the same data on every run and on both databases' random generators.
      await sql`select setseed(${(done / count) * 0.9})`.execute(trx);
      await sql`
        with plan as (select ${planJson}::jsonb as p),
        svc as (
          select e->>'slug' as slug, (e->>'versionId')::uuid as version_id, e->>'department' as department,
                 e->>'initial' as initial, (e->>'lo')::float8 as lo, (e->>'hi')::float8 as hi,
                 e->'open' as open_states, e->'paused' as paused_states, e->'terminal' as terminal_states,
                 (e->>'slaDays')::int as sla_days, plan.p->'staff'->(e->>'department') as staff
          from plan, jsonb_array_elements(plan.p->'services') as e
        ),
        g as (
          select i, random() as r_svc, power(random(), 1.7) * 730 as age_days, random() as r_closed,
                 random() as r_state, random() as r_assign, random() as r_staff, random() as r_close,
                 (i::bigint * 7919 + 104729) % 20511149 as n
          from generate_series(${first}::int, ${last}::int) as i
        ),
        picked as (
          select g.*, svc.*,
                 now() - make_interval(secs => g.age_days * 86400) as submitted_at,
                 g.r_closed < least(0.97, g.age_days / 40.0) as closed
          from g join svc on g.r_svc >= svc.lo and g.r_svc < svc.hi
        ),
        shaped as (
          select picked.*,
                 case when closed then terminal_states->(floor(r_state * jsonb_array_length(terminal_states))::int) end
                   as terminal,
                 case when not closed then open_states->>(floor(r_state * jsonb_array_length(open_states))::int) end
                   as open_state,
                 case when closed then submitted_at
                   + make_interval(secs => least(age_days, sla_days * 1.4 * r_close * 1.6) * 86400) end as closed_at,
                 case when (closed and r_assign < 0.95) or (not closed and r_assign < 0.55)
                   then (staff->>(floor(r_staff * jsonb_array_length(staff))::int))::uuid end as assignee,
                 n % 29 as d0, (n / 29) % 29 as d1, (n / 841) % 29 as d2, (n / 24389) % 29 as d3,
                 (n / 707281) % 29 as d4
          from picked
        ),
        inserted as (
          insert into cases (id, reference, kind, service_slug, service_version_id, department_id, state,
                             citizen_user_id, contact_email, answers, assignee_id, version, submitted_at,
                             updated_at, sla_due_at, sla_paused_at, closed_at, decision, decision_reason)
          select gen_random_uuid(),
                 'PLZ-' || substr(a, d0::int + 1, 1) || substr(a, d1::int + 1, 1) || substr(a, d2::int + 1, 1)
                   || substr(a, d3::int + 1, 1) || '-' || substr(a, d4::int + 1, 1)
                   || substr(a, ((d0 * 2 + d1 * 3 + d2 * 4 + d3 * 5 + d4 * 6) % 29)::int + 1, 1),
                 'application', slug, version_id, department, coalesce(terminal->>'state', open_state),
                 null, 'resident' || i || '@example.org',
                 jsonb_build_object(
                   'address', jsonb_build_object('line1', (i % 240 + 1) || ' Harbour Road', 'town', 'Demo City',
                                                 'postcode', 'DC' || (i % 9 + 1) || ' 7QP'),
                   'email', 'resident' || i || '@example.org',
                   'phone', '0300 555 0' || lpad((i % 1000)::text, 3, '0'),
                   'details', 'Seeded application number ' || i || ' for the benchmark.'),
                 assignee,
                 case when closed then 3 else 1 + floor(r_state * 2)::int end,
                 submitted_at,
                 coalesce(closed_at, submitted_at + make_interval(secs => age_days * 0.3 * 86400)),
                 submitted_at + make_interval(days => ceil(sla_days * 1.4)::int),
                 case when not closed and paused_states ? open_state
                   then submitted_at + make_interval(secs => age_days * 0.5 * 86400) end,
                 closed_at,
                 terminal->>'outcome',
                 case when terminal->>'outcome' is not null then 'Decided by the benchmark seed.' end
          from shaped, (select '23456789ABCDEFGHJKMNPQRSTWXYZ'::text as a) as alphabet
          returning id, service_slug, state, assignee_id, version, submitted_at, closed_at, decision_reason
        )
        insert into case_events (case_id, occurred_at, actor_user_id, case_version, type, from_state, to_state,
                                 visibility, body)
        select inserted.id, inserted.submitted_at, null, 1, 'submitted', null, svc.initial, 'public', null
        from inserted join svc on svc.slug = inserted.service_slug
        union all
        select inserted.id, inserted.closed_at, inserted.assignee_id, inserted.version, 'transitioned', svc.initial,
               inserted.state, 'public', inserted.decision_reason
        from inserted join svc on svc.slug = inserted.service_slug
        where inserted.closed_at is not null
      `.execute(trx);
    });
    progress(
      `seeded ${Math.min(count, done + BATCH).toLocaleString('en')} / ${count.toLocaleString('en')} cases`,
    );
  }
  if (maintenance === 'vacuum') {
    progress('vacuum analyze (what autovacuum does after a bulk load)');
    await sql`vacuum analyze`.execute(db);
  } else if (maintenance === 'analyze') {
    progress('analyze (what Plaza does on PGlite at start and every hour)');
    await sql`analyze`.execute(db);
  }
  const { rows } = await sql<{ department: string; cases: number; open: number }>`
    select department_id as department, count(*)::int as cases,
           count(*) filter (where closed_at is null)::int as open
    from cases group by department_id order by count(*) desc
  `.execute(db);
  const total = rows.reduce((sum, row) => sum + row.cases, 0);
  return { seconds: (performance.now() - started) / 1000, total, byDepartment: rows };
}

const tokens = Tokens();
const PREPARE_CHUNK = 2_000;

/**
 * Makes `count` submissions ready to send: clones of a real draft (walked through the journey) with fresh
 * ids, each remembered in a new anonymous session that holds its own CSRF secret, as a browser that filled
 * in the form would have. Returns, for each, the address, the session cookie and the form body to post.
 */
export async function prepareSubmissions(
  db: Db,
  templateDraftId: string,
  count: number,
  cookieName: string,
): Promise<PreparedSubmission[]> {
  const prepared: PreparedSubmission[] = [];
  for (let done = 0; done < count; done += PREPARE_CHUNK) {
    const chunk: { draft: string; sid: string; secret: string; raw: string }[] = [];
    for (let index = done; index < Math.min(count, done + PREPARE_CHUNK); index++) {
      const raw = randomBytes(32).toString('base64url');
      chunk.push({ draft: randomUUID(), sid: hashSessionId(raw), secret: tokens.secretSync(), raw });
    }
    const rows = JSON.stringify(chunk.map(({ draft, sid, secret }) => ({ draft, sid, secret })));
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into drafts (id, service_slug, service_version_id, user_id, answers, created_at, updated_at,
                            expires_at, resume_token_hash)
        select x.draft, d.service_slug, d.service_version_id, null, d.answers, now(), now(), d.expires_at, null
        from jsonb_to_recordset(${rows}::jsonb) as x(draft uuid) cross join drafts d
        where d.id = ${templateDraftId}::uuid
      `.execute(trx);
      await sql`
        insert into sessions (id, user_id, data, created_at, updated_at, expires_at, user_agent, ip)
        select x.sid, null, jsonb_build_object('csrfSecret', x.secret, 'draftIds', jsonb_build_array(x.draft)),
               now(), now(), now() + interval '2 hours', 'plaza-bench', '127.0.0.1'
        from jsonb_to_recordset(${rows}::jsonb) as x(sid text, secret text, draft text)
      `.execute(trx);
    });
    for (const item of chunk) {
      prepared.push({
        path: `/apply/${item.draft}/check`,
        cookie: `${cookieName}=${item.raw}`,
        body: new URLSearchParams({ _csrf: tokens.create(item.secret) }).toString(),
      });
    }
  }
  return prepared;
}
