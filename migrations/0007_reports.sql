-- Issue reporting (311). A report filed through Plaza is a case (kind 'report') with the same workflow, SLA
-- and queue as an application, plus a row in `reports` that says where it is and what it looks like to the
-- public and to Open311 clients. Records imported from another 311 system have a `reports` row and no case,
-- so history, the public list, Open311 and triage see one table.

-- The city's own gazetteer: addresses, streets and landmarks a citizen can search by name instead of using a
-- map (the text path is the one screen-reader users and browsers without JavaScript take). Loaded from the
-- deployment's CSV or GeoJSON; `source` names the file, so reloading it replaces its rows.
create table gazetteer_places (
  id bigint generated always as identity primary key,
  source text not null,
  name text not null check (length(name) between 1 and 300),
  kind text not null default 'address' check (kind in ('address', 'street', 'landmark')),
  lat double precision not null check (lat between -90 and 90),
  long double precision not null check (long between -180 and 180),
  search_document tsvector generated always as (to_tsvector('simple', name)) stored,
  unique (source, name)
);
create index gazetteer_places_search on gazetteer_places using gin (search_document);
create index gazetteer_places_prefix on gazetteer_places (lower(name) text_pattern_ops);

create table reports (
  id uuid primary key,
  -- Open311's service_request_id: the case reference for Plaza's own reports, the source's id for imports
  service_request_id text not null unique,
  -- null for imported records, which have no case in Plaza
  case_id uuid unique references cases (id) on delete cascade,
  -- the Plaza service slug, or the code the source system used for an imported record
  service_code text not null,
  service_name text,
  department_id text references departments (id),
  -- Open311's two statuses; Plaza's own reports keep it in step with their case's workflow state
  status text not null check (status in ('open', 'closed')),
  status_notes text,
  -- shown publicly: the form tells the citizen so (their contact details live on the case, encrypted)
  description text check (length(description) <= 4000),
  lat double precision check (lat between -90 and 90),
  long double precision check (long between -180 and 180),
  address text,
  requested_at timestamptz not null,
  updated_at timestamptz not null,
  expected_at timestamptz,
  closed_at timestamptz,
  photo_count integer not null default 0,
  -- set when staff merge this report into an earlier one; followers and photos move there
  duplicate_of uuid references reports (id),
  followers_count integer not null default 0,
  channel text not null check (channel in ('web', 'open311', 'staff', 'import')),
  -- imported records: the file's name and the record's id in it, so loading a file twice adds nothing
  import_source text,
  external_id text,
  -- the triage suggestion made when the report arrived: service code, department, confidence, model version
  triage jsonb,
  unique (import_source, external_id),
  check ((channel = 'import') = (case_id is null))
);
-- Open311 GET requests filters by service, status and dates and lists newest first; duplicate detection and the
-- public map look within a box of latitude and longitude.
create index reports_requested_at on reports (requested_at desc);
create index reports_service_requested_at on reports (service_code, requested_at desc);
create index reports_status_requested_at on reports (status, requested_at desc);
create index reports_updated_at on reports (updated_at desc);
create index reports_location on reports (lat, long) where lat is not null;

-- People who said "me too" (and the reporter, when they gave a way to reach them): they hear of public updates.
-- A signed-in follower is the user; anyone else is an email address, encrypted, found through its blind index.
create table report_followers (
  id uuid primary key,
  report_id uuid not null references reports (id) on delete cascade,
  user_id uuid references users (id) on delete cascade,
  email text,
  email_index text,
  language text,
  created_at timestamptz not null,
  check (user_id is not null or email_index is not null),
  unique (report_id, user_id),
  unique (report_id, email_index)
);
