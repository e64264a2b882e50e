using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SheqingMinyi.BuildingBlocks.Auditing;

public static class AuditModel
{
    public static ModelBuilder AddAuditTable(this ModelBuilder model)
    {
        model.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
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

    /// <summary>The trail is append-only: the database itself refuses to change or remove an entry.</summary>
    public const string AppendOnlySql = """
        CREATE OR REPLACE FUNCTION sqmy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$;
        CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION sqmy_audit_append_only();
        """;

    public static void CreateAuditAppendOnlyTrigger(this MigrationBuilder migration) => migration.Sql(AppendOnlySql);
}
