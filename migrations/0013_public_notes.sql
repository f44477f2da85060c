-- A public note that changes nothing else: what staff tell the public when they move a report to another
-- department. Written before as a 'transitioned' event from a state to the same state, so the report's
-- page, Open311, its followers' email and the timeline presented it as a change of status.
alter table case_events drop constraint case_events_type_check;
alter table case_events add constraint case_events_type_check
  check (type in ('submitted', 'transitioned', 'assigned', 'note_added', 'public_note_added',
                  'information_requested', 'information_provided'));
-- Its name says it is public: an internal one would be a 'note_added'.
alter table case_events add constraint case_events_public_note_check
  check (type <> 'public_note_added' or visibility = 'public');

-- The notes written the old way (a move's public note, in the state the report was in) become what they are.
update case_events set type = 'public_note_added', from_state = null, to_state = null
where type = 'transitioned' and visibility = 'public' and from_state = to_state and data ? 'reassigned';
