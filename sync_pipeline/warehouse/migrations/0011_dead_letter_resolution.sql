-- A dead letter closes itself (status 'resolved') when its document was since written successfully by any
-- route: when, and what wrote it (the run, the platform's id). integration_events has a row saying so.
ALTER TABLE dead_letters ADD COLUMN resolved_at TIMESTAMPTZ;
ALTER TABLE dead_letters ADD COLUMN resolution VARCHAR;
