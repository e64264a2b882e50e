using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.BuildingBlocks.Auditing;

/// <summary>The audit trail's table: EF maps it, the platform schema creates it (Persistence/PlatformSchema/0002_audit.sql).</summary>
public static class AuditModel
{
    public static ModelBuilder AddAuditTable(this ModelBuilder model)
    {
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries", t => t.ExcludeFromMigrations());
            e.IsTenantOwned();
            e.HasKey(a => a.Id);
            e.Property(a => a.TenantId).HasMaxLength(64);
            e.Property(a => a.Subject).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Resource).HasMaxLength(400);
            e.Property(a => a.Outcome).HasMaxLength(400);
            e.Property(a => a.TraceId).HasMaxLength(32);
            e.HasIndex(a => new { a.TenantId, a.At });
        });
        return model;
    }

    /// <summary>Historical: the append-only trigger as the services' Audit migrations created it. The platform schema owns it now.</summary>
    public const string AppendOnlySql = """
        CREATE OR REPLACE FUNCTION sqmy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$;
        CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION sqmy_audit_append_only();
        """;

    /// <summary>Historical: called by the services' Audit migrations; new migrations never need it.</summary>
    public static void CreateAuditAppendOnlyTrigger(this MigrationBuilder migration) => migration.Sql(AppendOnlySql);
}
