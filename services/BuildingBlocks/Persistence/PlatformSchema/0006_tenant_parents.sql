-- The tenant directory: each known tenant's parent body (TenantRegistered.ParentId), the one link a cross-tenant
-- hand-off may follow (Messaging/HandOff.cs: a child to its parent, a parent to a child that names it).

ALTER TABLE known_tenants ADD COLUMN IF NOT EXISTS parent_id character varying(64);
