-- Personal data: encrypted at rest, hidden from staff until they give a reason, exported on request,
-- anonymised when a service's retention period ends or the citizen asks for erasure.
--
-- Where Plaza keeps personal data, and how each is protected (docs/DATA-PROTECTION.md says more):
--   drafts.answers, cases.answers  answers to questions marked `personal: true` (and the contact email
--                                  question): each encrypted on its own inside the JSON ({"$sealed": …}),
--                                  AES-256-GCM under PLAZA_ENCRYPTION_KEYS; other answers stay readable for
--                                  statistics. Anonymised: replaced by {"$erased": true}.
--   cases.contact_email            encrypted text ("pz1:<key id>:…"); found through contact_email_index.
--   information_requests.response  the citizen's answer, encrypted text.
--   case_events.body               encrypted for 'information_provided' events (a copy of the answer above).
--   files.content                  encrypted bytes; content_key_id names the key.
--   files.original_name            a file's name as uploaded: hidden from staff until they give a reason,
--                                  deleted with the file.
--   users (email, name, phone), sessions (ip, user_agent), sign_in_codes.email, outbox_messages
--                                  (recipient, body): not encrypted by this migration; users are
--                                  anonymised on erasure, sessions and codes deleted, sent messages of an
--                                  anonymised case deleted.
-- Values written before this migration stay readable in the clear until `plaza keys rotate` encrypts them.

-- HMAC-SHA256 (hex) of the lower-cased contact email under a key derived from the encryption key: lets a
-- citizen's "my applications" find cases sent with their address without decrypting every row.
alter table cases add column contact_email_index text;
create index cases_contact_email_index on cases (contact_email_index) where contact_email_index is not null;

-- When the case's personal data was removed (retention period over, or the citizen's erasure request).
-- Statistics (service, department, dates, states, decision) are kept.
alter table cases add column anonymised_at timestamptz;
-- The citizen asked for erasure while the case was open: it is anonymised as soon as it closes.
alter table cases add column erasure_requested_at timestamptz;
-- The retention job's work list: closed cases still holding personal data.
create index cases_personal_data_held on cases (service_slug, closed_at)
  where closed_at is not null and anonymised_at is null;

-- The key that encrypted a file's content; null for content stored in the clear before this migration.
alter table files add column content_key_id text;

comment on column cases.answers is 'personal answers encrypted one by one ({"$sealed": …}); see 0006_personal_data.sql';
comment on column cases.contact_email is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…)';
comment on column cases.contact_email_index is 'HMAC-SHA256 of lower(contact email), for lookups';
comment on column drafts.answers is 'personal answers encrypted one by one ({"$sealed": …})';
comment on column information_requests.response is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…)';
comment on column case_events.body is 'personal and encrypted for information_provided events';
comment on column files.content is 'personal: encrypted (AES-256-GCM) unless content_key_id is null';
