-- The tenants the identity service has announced (TenantRegistered, Messaging/KnownTenants.cs). A consumer applies
-- an event only when its envelope names a tenant listed here; others go to the dead letters after their retries.
-- Not tenant-owned (no tenant_id column, no row security): it is the platform's list of tenants, like identity's
-- registry, written by the building blocks' consumer and read as the owner.

CREATE TABLE IF NOT EXISTS known_tenants (
    id character varying(64) NOT NULL,
    name text NOT NULL,
    registered_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_known_tenants PRIMARY KEY (id)
);
