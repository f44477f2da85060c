-- Second factors and passkeys: staff prove a sign-in with an authenticator app (TOTP), a passkey or a
-- one-time recovery code; citizens may sign in with a passkey. Staff sessions end sooner than citizens', so
-- a session keeps the timeouts chosen when it was signed in.

create table totp_factors (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  -- the shared secret, encrypted with AES-256-GCM under a key derived from the deployment secret, with the
  -- user id as authenticated data (a ciphertext copied to another person's row does not decrypt)
  secret_ciphertext text not null,
  created_at timestamptz not null default now(),
  -- null until the person has entered a code from the app: enrolment not finished, not yet a factor
  confirmed_at timestamptz,
  -- the 30-second time step of the last code accepted: a code is never accepted twice
  last_used_step bigint
);
-- at most one app in use and one being set up (a replacement) per person
create unique index totp_factors_confirmed on totp_factors (user_id) where confirmed_at is not null;
create unique index totp_factors_pending on totp_factors (user_id) where confirmed_at is null;

create table recovery_codes (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  -- HMAC-SHA-256 of the normalised code under a key derived from the deployment secret
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create unique index recovery_codes_user_hash on recovery_codes (user_id, code_hash);

create table webauthn_credentials (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  -- the credential's identifier, base64url, as the authenticator made it
  credential_id text not null unique,
  -- COSE public key
  public_key bytea not null,
  sign_count bigint not null default 0,
  transports jsonb not null default '[]',
  device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
  backed_up boolean not null,
  -- what the person called it ("Work laptop"); null shows a default
  name text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index webauthn_credentials_user on webauthn_credentials (user_id);

-- A staff sign-in waiting for its second factor: wrong codes are counted here, atomically, so guesses sent
-- in parallel all count; `verified_at` once a factor was proven, `completed_at` once the session was granted.
create table second_factor_challenges (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts integer not null default 0,
  verified_at timestamptz,
  completed_at timestamptz
);
create index second_factor_challenges_user on second_factor_challenges (user_id, created_at desc);

-- Null: the server's defaults (citizens); staff sessions are signed in with shorter ones.
alter table sessions add column idle_timeout_ms integer;
alter table sessions add column absolute_timeout_ms integer;
