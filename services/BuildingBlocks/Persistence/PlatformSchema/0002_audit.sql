-- The audit trail (services/BuildingBlocks/Auditing), append-only: the database itself refuses to change or
-- remove an entry.

CREATE TABLE IF NOT EXISTS audit_entries (
    id uuid NOT NULL,
    tenant_id character varying(64) NOT NULL,
    subject character varying(200) NOT NULL,
    action character varying(64) NOT NULL,
    resource character varying(400) NOT NULL,
    outcome character varying(400) NOT NULL,
    trace_id character varying(32),
    at timestamp with time zone NOT NULL,
    CONSTRAINT pk_audit_entries PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS ix_audit_entries_tenant_id_at ON audit_entries (tenant_id, at);

CREATE OR REPLACE FUNCTION sqmy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION sqmy_audit_append_only();
