-- Personal data in accounts and emails, encrypted at rest like the rest (see 0006_personal_data.sql and
-- docs/DATA-PROTECTION.md):
--   users.email, name, phone        encrypted text ("pz1:<key id>:…"), each bound to its column and to the
--                                   account's id; the email is found through email_index.
--   sign_in_codes.email             no longer kept: email_index (the address's blind index, as users have)
--                                   finds a person's codes.
--   email_changes.new_email         encrypted text, bound to the account's id.
--   outbox_messages.recipient, subject, body
--                                   encrypted text, each bound to the message's id; found through
--                                   recipient_index.
-- Rows written before this migration stay readable (a value in the clear is read as it is) and are found by
-- their address in the clear while their index is null; `plaza keys rotate` encrypts and indexes them.

-- HMAC-SHA256 (hex) of the lower-cased email under a key derived from the encryption key, as
-- cases.contact_email_index: the only way Plaza finds an account by its address.
alter table users add column email_index text;
-- One account per address and kind: through the index for encrypted addresses, through the address itself
-- for accounts stored before encryption. (The old index on lower(email) would compare ciphertexts.)
drop index users_kind_email_key;
create unique index users_kind_email_index on users (kind, email_index) where email_index is not null;
create unique index users_kind_email_clear on users (kind, lower(email)) where email_index is null;

alter table sign_in_codes add column email_index text;
alter table sign_in_codes alter column email drop not null;
create index sign_in_codes_email_index on sign_in_codes (email_index, created_at desc);
-- Codes already used or expired are of no use to anyone; those still pending are found by their address
-- until they expire, and `plaza keys rotate` deletes them once they have.
delete from sign_in_codes where used_at is not null or expires_at < now();

alter table outbox_messages add column recipient_index text;
create index outbox_messages_recipient_index on outbox_messages (recipient_index)
  where recipient_index is not null;

comment on column users.email is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the user id';
comment on column users.email_index is 'HMAC-SHA256 of lower(email), for lookups';
comment on column users.name is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the user id';
comment on column users.phone is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the user id';
comment on column sign_in_codes.email is 'null since 0013: the address is found by email_index';
comment on column sign_in_codes.email_index is 'HMAC-SHA256 of lower(email), for lookups';
comment on column email_changes.new_email is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the user id';
comment on column outbox_messages.recipient is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the message id';
comment on column outbox_messages.recipient_index is 'HMAC-SHA256 of lower(recipient), for lookups';
comment on column outbox_messages.subject is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the message id';
comment on column outbox_messages.body is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the message id';
