using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// The outbox, inbox and dead-letter tables, the same in every service database. EF maps them but does not migrate
/// them: their DDL is the platform schema's (Persistence/PlatformSchema/0001_messaging.sql).
/// </summary>
public static class MessagingModel
{
    public const string NotifyChannel = OutboxRepublisher.NotifyChannel;

    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages", t => t.ExcludeFromMigrations());
            e.IsTenantOwned();
            e.HasKey(m => m.Id);
            e.Property(m => m.Type).HasMaxLength(200);
            e.Property(m => m.TenantId).HasMaxLength(64);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.HasIndex(m => m.CreatedAt).HasFilter("published_at IS NULL").HasDatabaseName("ix_outbox_due"); // 0003_outbox_indexes.sql
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages", t => t.ExcludeFromMigrations());
            e.HasKey(m => new { m.Consumer, m.EventId });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.Property(m => m.Type).HasMaxLength(200);
        });
        model.Entity<DeadLetter>(e =>
        {
            e.ToTable("dead_letters", t => t.ExcludeFromMigrations());
            e.IsTenantOwned();
            e.HasKey(m => m.Id);
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.HasIndex(m => new { m.Consumer, m.EventId });
        });
        return model;
    }

    /// <summary>
    /// Historical: the notify trigger as the services' first migrations created it (they still call
    /// <see cref="CreateOutboxNotifyTrigger"/>). The platform schema owns it now.
    /// </summary>
    public const string NotifyTriggerSql = $"""
        CREATE OR REPLACE FUNCTION sqmy_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{NotifyChannel}', ''); RETURN NULL; END $$;
        CREATE OR REPLACE TRIGGER outbox_notify AFTER INSERT ON outbox_messages
            FOR EACH STATEMENT EXECUTE FUNCTION sqmy_outbox_notify();
        """;

    /// <summary>Historical: called by the services' first migrations; new migrations never need it.</summary>
    public static void CreateOutboxNotifyTrigger(this MigrationBuilder migration) => migration.Sql(NotifyTriggerSql);
}
