-- Scope filters are ranges on the region code (region_code >= lo AND region_code < hi), which
-- seek these B-tree indexes on both backends whatever the database collation.
-- The audit log filtered by one record (entity, entity_id), newest first.
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
-- Trainings of a region subtree.
CREATE INDEX people_trainings_region ON people_trainings (region_code, starts_on);
