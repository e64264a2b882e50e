-- Outbox, inbox and dead letters (services/BuildingBlocks/Messaging). The same shape the services' first EF
-- migrations created, so databases that already have them are left as they are.

CREATE TABLE IF NOT EXISTS outbox_messages (
    id uuid NOT NULL,
    tenant_id character varying(64) NOT NULL,
    type character varying(200) NOT NULL,
    payload jsonb NOT NULL,
    trace_parent text,
    trace_state text,
    created_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error text,
    CONSTRAINT pk_outbox_messages PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_outbox_pending ON outbox_messages (next_attempt_at) WHERE published_at IS NULL;

-- Wakes the relay on commit of any outbox insert (NOTIFY is delivered at commit, never before).
CREATE OR REPLACE FUNCTION sqmy_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('sqmy_outbox', ''); RETURN NULL; END $$;
CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox_messages
    FOR EACH STATEMENT EXECUTE FUNCTION sqmy_outbox_notify();

CREATE TABLE IF NOT EXISTS inbox_messages (
    consumer character varying(200) NOT NULL,
    event_id uuid NOT NULL,
    type character varying(200) NOT NULL,
    processed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_inbox_messages PRIMARY KEY (consumer, event_id)
);

CREATE TABLE IF NOT EXISTS dead_letters (
    id uuid NOT NULL,
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    tenant_id text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    trace_parent text,
    error text NOT NULL,
    attempts integer NOT NULL,
    failed_at timestamp with time zone NOT NULL,
    replayed_at timestamp with time zone,
    CONSTRAINT pk_dead_letters PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_dead_letters_consumer_event_id ON dead_letters (consumer, event_id);
