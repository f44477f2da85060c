-- Assisted digital: staff apply or report on behalf of a citizen who reached them by phone, at a counter,
-- by post or by email, through the same question pages a citizen uses.
--   cases.channel       how the application or report reached the organisation: 'online' (the citizen
--                       themselves, on the web or through a partner system) or the way a staff member took it.
--   cases.assisted_by   the staff member who entered it; null when the citizen sent it themselves.
--   drafts.channel, drafts.assisted_by
--                       the same, for a draft a staff member is filling in (only they may continue it).
--   drafts.assisted_citizen
--                       the citizen's name, email and phone as the staff member took them: personal, encrypted
--                       (AES-256-GCM, pz1:<key id>:…) and bound to the draft's id. On the case, the name and
--                       phone are kept as encrypted answers (so erasure, export and key rotation treat them as
--                       the citizen's other answers), the email as every contact email is.

alter table cases add column channel text not null default 'online';
alter table cases add constraint cases_channel_check
  check (channel in ('online', 'phone', 'counter', 'post', 'email'));
alter table cases add column assisted_by uuid references users (id);
alter table cases add constraint cases_assisted_channel_check
  check ((channel = 'online') = (assisted_by is null));
create index cases_assisted_by on cases (assisted_by) where assisted_by is not null;

alter table drafts add column channel text;
alter table drafts add constraint drafts_channel_check
  check (channel is null or channel in ('phone', 'counter', 'post', 'email'));
alter table drafts add column assisted_by uuid references users (id) on delete cascade;
alter table drafts add column assisted_citizen text;
alter table drafts add constraint drafts_assisted_check
  check ((channel is null) = (assisted_by is null) and (assisted_by is null) = (assisted_citizen is null));

comment on column cases.channel is 'online, or how a staff member took it: phone, counter, post, email';
comment on column cases.assisted_by is 'the staff member who entered the case for the citizen';
comment on column drafts.assisted_citizen is 'personal: encrypted (AES-256-GCM, pz1:<key id>:…), bound to the draft id';
