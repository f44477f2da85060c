-- Issue 5: languages. The language a citizen used when they applied or reported, so the messages about
-- their case go out in it whoever acts on the case and in whatever language. Cases sent before this
-- migration have none, and are written to in the default language.
alter table cases add column language text;
comment on column cases.language is 'Language the citizen used (en, es, fr, ar); their notifications are sent in it';

-- 0010's comment named the wrong migration; comments are documentation, so the right one is set here.
comment on column sign_in_codes.email is 'null since 0010: the address is found by email_index';
