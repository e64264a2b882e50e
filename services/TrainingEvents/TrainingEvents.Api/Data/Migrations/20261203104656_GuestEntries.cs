using System;
using Rls = SheqingMinyi.BuildingBlocks.Persistence.RowLevelSecurity;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.TrainingEvents.Data.Migrations
{
    /// <inheritdoc />
    public partial class GuestEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "guest_tenant_id",
                table: "attendances",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "guest_entries",
                columns: table => new
                {
                    training_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guest_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    owner_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    registration = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sessions_attended = table.Column<int>(type: "integer", nullable: false),
                    hours_credited = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guest_entries", x => new { x.training_event_id, x.person_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_guest_entries_guest_tenant_id_person_id",
                table: "guest_entries",
                columns: new[] { "guest_tenant_id", "person_id" });

            // Read by the owner tenant and by the guest's tenant, nobody else; written only by the owner tenant (the
            // guest's tenant cannot insert, change or delete a row, not even its own guest's); the table's owner does all.
            migrationBuilder.Sql($"""
                ALTER TABLE guest_entries ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                CREATE POLICY owner_or_guest_read ON guest_entries FOR SELECT TO {Rls.AppRole}
                    USING (owner_tenant_id = current_setting('{Rls.TenantSetting}', true) OR guest_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY owner_insert ON guest_entries FOR INSERT TO {Rls.AppRole}
                    WITH CHECK (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY owner_update ON guest_entries FOR UPDATE TO {Rls.AppRole}
                    USING (owner_tenant_id = current_setting('{Rls.TenantSetting}', true))
                    WITH CHECK (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY owner_delete ON guest_entries FOR DELETE TO {Rls.AppRole}
                    USING (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY {Rls.OwnerPolicy} ON guest_entries TO CURRENT_USER USING (true) WITH CHECK (true);
                """);

            // The guests registered before this table existed (none attended: they could not check in).
            migrationBuilder.Sql("""
                INSERT INTO guest_entries (training_event_id, person_id, guest_tenant_id, owner_tenant_id, title, kind, status, starts_at, ends_at, place,
                                           registration, sessions_attended, hours_credited)
                SELECT r.training_event_id, r.person_id, r.guest_tenant_id, e.tenant_id, e.title, e.kind, e.status, e.starts_at, e.ends_at, e.place,
                       r.status, 0, 0
                FROM registrations r JOIN training_events e ON e.id = r.training_event_id
                WHERE r.guest_tenant_id IS NOT NULL
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "guest_entries");

            migrationBuilder.DropColumn(
                name: "guest_tenant_id",
                table: "attendances");
        }
    }
}
