-- A meeting's attendee may be a person of the people registry (picked by name from the
-- village's registry); guests stay names only.
ALTER TABLE mechanism_attendees ADD COLUMN person_id TEXT REFERENCES people_persons (id);
CREATE INDEX mechanism_attendees_person ON mechanism_attendees (person_id);
