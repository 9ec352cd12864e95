-- One row per reconciliation: what the PM system says is approved vs what was written to the platform.
CREATE TABLE reconciliation_report (
    report_id                   VARCHAR NOT NULL,   -- the Dagster run that made it
    checked_at                  TIMESTAMPTZ NOT NULL,
    approved_revisions          INTEGER NOT NULL,      -- currently approved takeoff revisions in the PM system
    written                     INTEGER NOT NULL,      -- of those, posted to the platform
    in_flight                   INTEGER NOT NULL,      -- not written yet, but a takeoff_sync run is queued or running
    missing                     INTEGER NOT NULL,      -- neither: the gaps reprocessed after this report
    drift_share                 DOUBLE NOT NULL,       -- missing / approved_revisions
    max_drift                   DOUBLE NOT NULL,       -- the threshold in force (SYNC_RECONCILIATION_MAX_DRIFT)
    webhook_window_start        TIMESTAMPTZ NOT NULL,  -- webhook deliveries compared from here on
    webhook_approvals           INTEGER NOT NULL,      -- takeoff.approved events the PM system tried to deliver
    webhook_approvals_unlisted  INTEGER NOT NULL,      -- of those, approvals its change feed does not show
    missing_revisions           VARCHAR[] NOT NULL     -- "takeoff@revision" of each gap
);
