-- Plaza core: organisation, people, sessions, service catalogue, drafts, cases, files, notifications, audit.
-- (Background jobs live in pg-boss's own schema, which pg-boss installs and upgrades itself.)
-- Conventions: plural table names, uuid keys made by the application, timestamptz everywhere, text + check
-- constraints rather than enums (a new value is a one-line migration).

create table departments (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  email text,
  phone text,
  address text,
  opening_hours text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  kind text not null check (kind in ('citizen', 'staff')),
  email text not null,
  name text,
  phone text,
  password_hash text,
  created_at timestamptz not null default now(),
  last_signed_in_at timestamptz,
  -- consecutive failed password sign-ins, and until when the account refuses them
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz
);
create unique index users_kind_email_key on users (kind, lower(email));

create table staff_roles (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('caseworker', 'manager', 'admin')),
  -- null: the role holds in every department (administrators)
  department_id text references departments (id),
  created_at timestamptz not null default now()
);
create unique index staff_roles_unique on staff_roles (user_id, role, coalesce(department_id, ''));

create table sessions (
  -- sha256 of the identifier in the cookie: a copy of this table does not let anyone sign in
  id text primary key,
  user_id uuid references users (id) on delete cascade,
  data jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  ip text
);
create index sessions_user_id on sessions (user_id);
create index sessions_expires_at on sessions (expires_at);

create table sign_in_codes (
  id uuid primary key,
  email text not null,
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts integer not null default 0,
  used_at timestamptz
);
create index sign_in_codes_email on sign_in_codes (lower(email), created_at desc);

create table service_versions (
  id uuid primary key,
  slug text not null,
  version integer not null,
  -- the whole definition as loaded, with its workflow resolved, so a case always has the rules it began with
  definition jsonb not null,
  content_hash text not null,
  source_file text,
  created_at timestamptz not null default now(),
  unique (slug, version),
  unique (slug, content_hash)
);

create table services (
  slug text primary key,
  current_version_id uuid not null references service_versions (id),
  kind text not null default 'application' check (kind in ('application', 'report')),
  title text not null,
  summary text not null,
  topic text not null,
  department_id text not null references departments (id),
  published boolean not null default true,
  search_document tsvector not null,
  updated_at timestamptz not null default now()
);
create index services_search on services using gin (search_document);

create table drafts (
  id uuid primary key,
  service_slug text not null references services (slug),
  service_version_id uuid not null references service_versions (id),
  user_id uuid references users (id) on delete cascade,
  answers jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  resume_token_hash text unique
);
create index drafts_user on drafts (user_id, updated_at desc);
create index drafts_expires_at on drafts (expires_at);

create table cases (
  id uuid primary key,
  reference text not null unique,
  kind text not null default 'application' check (kind in ('application', 'report')),
  service_slug text not null references services (slug),
  service_version_id uuid not null references service_versions (id),
  department_id text not null references departments (id),
  state text not null,
  citizen_user_id uuid references users (id),
  contact_email text,
  answers jsonb not null,
  assignee_id uuid references users (id),
  -- optimistic locking: every change increments it and is refused if the writer saw an older one
  version integer not null default 1,
  submitted_at timestamptz not null,
  updated_at timestamptz not null,
  sla_due_at timestamptz,
  -- set while the case waits in a state where the SLA clock does not run (for instance on the citizen)
  sla_paused_at timestamptz,
  closed_at timestamptz,
  decision text check (decision in ('approved', 'rejected')),
  decision_reason text
);
-- the queue: a department's open cases, most urgent first (the index gives the whole order, so the first
-- page is read straight from it, with or without table statistics)
create index cases_open_queue on cases (department_id, sla_due_at, submitted_at) where closed_at is null;
create index cases_department_queue on cases (department_id, state, sla_due_at);
create index cases_assignee on cases (assignee_id) where closed_at is null;
create index cases_citizen on cases (citizen_user_id, submitted_at desc);

create table case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases (id) on delete cascade,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid references users (id),
  -- the case's version after this event, so a refused concurrent change can say what happened since
  case_version integer not null,
  type text not null check (type in ('submitted', 'transitioned', 'assigned', 'note_added', 'information_requested', 'information_provided')),
  from_state text,
  to_state text,
  visibility text not null check (visibility in ('public', 'internal')),
  body text,
  data jsonb not null default '{}'
);
create index case_events_case on case_events (case_id, id);

create table information_requests (
  id uuid primary key,
  case_id uuid not null references cases (id) on delete cascade,
  requested_by uuid not null references users (id),
  question text not null,
  requested_at timestamptz not null default now(),
  response text,
  responded_at timestamptz
);
create index information_requests_case on information_requests (case_id, requested_at);

create table files (
  id uuid primary key,
  owner_type text not null check (owner_type in ('draft', 'case', 'information_request')),
  owner_id uuid not null,
  -- the question the file answers (for drafts and cases)
  field text,
  original_name text not null,
  media_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index files_owner on files (owner_type, owner_id);

create table outbox_messages (
  id uuid primary key,
  -- the order messages were queued in (several can share a timestamp)
  position bigint generated always as identity,
  channel text not null default 'email' check (channel in ('email')),
  recipient text not null,
  subject text not null,
  body text not null,
  template text not null,
  case_id uuid references cases (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_messages_position on outbox_messages (position desc);
create index outbox_messages_case on outbox_messages (case_id);

create table audit_log (
  seq bigint primary key,
  occurred_at timestamptz not null,
  -- anonymous: a citizen who did not sign in (the case's contact email says who)
  actor_type text not null check (actor_type in ('user', 'anonymous', 'system', 'cli')),
  actor_id text,
  action text not null,
  subject_type text,
  subject_id text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);

-- The hash chain shows tampering; this trigger stops the ordinary kind (an UPDATE or DELETE by the
-- application or a careless operator). A superuser can still disable it, which the chain then reveals.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op;
end;
$$;
create trigger audit_log_append_only before update or delete or truncate on audit_log
  for each statement execute function audit_log_is_append_only();
