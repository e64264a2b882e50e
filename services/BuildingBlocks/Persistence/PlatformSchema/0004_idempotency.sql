-- Idempotency keys (services/BuildingBlocks/Http/Idempotency): the first answer to a POST that creates or decides,
-- per tenant and client (a partner's client_id or the token's subject), kept 24 hours. The row is written in the
-- same transaction as the request's effect; a concurrent request with the same key is told 409 by an advisory lock,
-- so "in-progress" is only ever seen by the transaction that holds the key.

CREATE TABLE IF NOT EXISTS idempotency_keys (
    tenant_id character varying(64) NOT NULL,
    client character varying(200) NOT NULL,
    key character varying(255) NOT NULL,
    fingerprint text NOT NULL,
    state character varying(16) NOT NULL,
    status_code integer,
    headers jsonb,
    body bytea,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (tenant_id, client, key),
    CONSTRAINT ck_idempotency_keys_state CHECK (state IN ('in-progress', 'completed'))
);

CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires_at ON idempotency_keys (expires_at);
