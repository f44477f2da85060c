-- Partner systems that call the JSON API on a department's behalf: each is an API client, authenticated by
-- an API key or, for OAuth 2 clients, by a client secret exchanged for short-lived access tokens. Keys,
-- secrets and tokens are random 256-bit values, kept only as SHA-256 hashes; a short prefix stays readable
-- so an administrator can tell which key a log line or a leaked value belongs to.

create table api_clients (
  id uuid primary key,
  kind text not null check (kind in ('api_key', 'oauth')),
  name text not null check (length(name) between 1 and 100),
  -- OAuth clients only: the public client_id they send with their secret
  client_id text unique,
  secret_prefix text not null,
  secret_hash text not null unique,
  -- what the client may do (for example cases:read); an OAuth token carries a subset
  scopes text[] not null check (cardinality(scopes) > 0),
  requests_per_minute integer not null check (requests_per_minute between 1 and 100000),
  created_at timestamptz not null,
  -- null when created from the command line
  created_by uuid references users (id),
  -- updated at most once a minute, so that use does not mean a write per request
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references users (id),
  check ((kind = 'oauth') = (client_id is not null))
);

-- The departments a client acts for: it reaches those departments' cases and no others.
create table api_client_departments (
  client_id uuid not null references api_clients (id) on delete cascade,
  department_id text not null references departments (id),
  primary key (client_id, department_id)
);

create table oauth_access_tokens (
  token_hash text primary key,
  client_id uuid not null references api_clients (id) on delete cascade,
  scopes text[] not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null
);
create index oauth_access_tokens_expires_at on oauth_access_tokens (expires_at);

-- What a client does is written to the audit log under its own name.
alter table audit_log drop constraint audit_log_actor_type_check;
alter table audit_log add constraint audit_log_actor_type_check
  check (actor_type in ('user', 'anonymous', 'system', 'cli', 'client'));

-- A client may ask an applicant for information; the request then has no staff member behind it.
alter table information_requests alter column requested_by drop not null;
