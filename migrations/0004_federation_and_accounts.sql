-- Federation with identity providers over OpenID Connect (national or regional eID), the level of assurance
-- an application was sent with, and what a citizen changes on their account page.

-- A person known to an identity provider: the provider's subject identifier, linked to one Plaza account.
-- Nothing else from the provider is kept here (the name and email address, when given, go to the account).
create table identities (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  -- the provider's id in identity-providers.yaml
  provider_id text not null check (provider_id ~ '^[a-z0-9][a-z0-9-]*$'),
  -- the `sub` claim: unique and stable for this person at this provider, never reassigned
  subject text not null check (length(subject) between 1 and 255),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  -- the level the provider asserted at the last sign-in, as mapped by the deployment
  last_assurance text check (last_assurance in ('low', 'substantial', 'high')),
  unique (provider_id, subject)
);
-- one identity per person at each provider: an account is never shared by two people of one provider
create unique index identities_user_provider on identities (user_id, provider_id);

-- How sure Plaza was of who sent an application (null: sent without signing in, or before levels existed).
alter table cases add column assurance text check (assurance in ('low', 'substantial', 'high'));

-- A citizen changing their email address proves they own the new one with a code sent to it; wrong codes
-- are counted here, atomically, so guesses sent in parallel all count.
create table email_changes (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  new_email text not null,
  -- HMAC-SHA-256 of the code under a key derived from the deployment secret
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts integer not null default 0,
  used_at timestamptz
);
create index email_changes_user on email_changes (user_id, created_at desc);
