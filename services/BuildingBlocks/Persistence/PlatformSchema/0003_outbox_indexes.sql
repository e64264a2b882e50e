-- Indexes for the relay, republish and retention queries.
-- The relay takes the oldest due rows: ORDER BY created_at over unpublished rows only, so a scan starts at the
-- oldest pending row and stops at the batch size, however many rows are pending or already published.
CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox_messages (created_at) WHERE published_at IS NULL;
DROP INDEX IF EXISTS ix_outbox_pending;
-- Republish from a point in time.
CREATE INDEX IF NOT EXISTS ix_outbox_created_at ON outbox_messages (created_at);
-- Retention: published rows past their window, inbox rows past theirs.
CREATE INDEX IF NOT EXISTS ix_outbox_published_at ON outbox_messages (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_inbox_processed_at ON inbox_messages (processed_at);
