-- Operations that still failed after their retries: kept with everything needed to replay them.
CREATE TABLE dead_letters (
    dead_letter_id   BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    target_system    VARCHAR NOT NULL,
    operation        VARCHAR NOT NULL,   -- post_material_requirements | post_purchase_order_draft | post_quote_request
    entity           VARCHAR,
    payload          JSON NOT NULL,      -- the request body, as it would be sent again
    idempotency_key  VARCHAR NOT NULL,   -- replays reuse it, so a replay can never create a duplicate
    context          JSON NOT NULL,      -- what replay needs besides the body (e.g. project_code)
    error_type       VARCHAR NOT NULL,
    error_detail     VARCHAR NOT NULL,
    http_status      INTEGER,
    run_id           VARCHAR,
    status           VARCHAR NOT NULL,   -- open | replayed
    replayed_at      TIMESTAMPTZ,
    replay_result    VARCHAR             -- the platform id written, and whether it was a replay
);
