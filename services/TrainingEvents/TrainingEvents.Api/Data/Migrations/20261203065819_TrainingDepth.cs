using Rls = SheqingMinyi.BuildingBlocks.Persistence.RowLevelSecurity;
﻿using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.TrainingEvents.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrainingDepth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_attendances",
                table: "attendances");

            migrationBuilder.AddColumn<string>(
                name: "audience",
                table: "training_events",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "WholeTenant");

            migrationBuilder.AddColumn<string>(
                name: "audience_person_kinds",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "audience_unit_ids",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "cancel_reason",
                table: "training_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "co_organiser_unit_ids",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ends_at",
                table: "training_events",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "held_at",
                table: "training_events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "materials",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<Guid>(
                name: "organiser_unit_id",
                table: "training_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "registration_closes_at",
                table: "training_events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "registration_opens_at",
                table: "training_events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "seminar_topics",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "shared_with_other_tenants",
                table: "training_events",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "speakers",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "training_events",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Planned");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "training_events",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "training_events",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "worked_item_ids",
                table: "training_events",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<Guid>(
                name: "session_id",
                table: "attendances",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "method",
                table: "attendances",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "ByHand");

            migrationBuilder.AddColumn<Guid>(
                name: "recorded_by",
                table: "attendances",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "directory_persons",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    deactivated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_persons", x => new { x.tenant_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "directory_units",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_units", x => new { x.tenant_id, x.unit_id });
                });

            migrationBuilder.CreateTable(
                name: "registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    training_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    registered_by = table.Column<Guid>(type: "uuid", nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_registrations_training_events_training_event_id",
                        column: x => x.training_event_id,
                        principalTable: "training_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "shared_event_listings",
                columns: table => new
                {
                    training_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shared_event_listings", x => x.training_event_id);
                });

            migrationBuilder.CreateTable(
                name: "training_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    training_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    order = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    hours = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_sessions_training_events_training_event_id",
                        column: x => x.training_event_id,
                        principalTable: "training_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Events from before sessions were one sitting of two hours: each gets that session, its attendance moves
            // onto it, and it is planned (version 1) with its old start.
            migrationBuilder.Sql("""
                UPDATE training_events SET ends_at = starts_at + interval '2 hours', updated_at = now();
                INSERT INTO training_sessions (id, training_event_id, tenant_id, "order", title, starts_at, ends_at, hours)
                    SELECT gen_random_uuid(), id, tenant_id, 1, NULL, starts_at, ends_at, 2 FROM training_events;
                UPDATE attendances a SET session_id = s.id FROM training_sessions s WHERE s.training_event_id = a.training_event_id;
                """);
            migrationBuilder.AddPrimaryKey(
                name: "pk_attendances",
                table: "attendances",
                columns: new[] { "training_event_id", "session_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_attendances_session_id",
                table: "attendances",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_attendances_tenant_id_person_id",
                table: "attendances",
                columns: new[] { "tenant_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_registrations_tenant_id_person_id",
                table: "registrations",
                columns: new[] { "tenant_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_registrations_training_event_id_person_id",
                table: "registrations",
                columns: new[] { "training_event_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_shared_event_listings_starts_at",
                table: "shared_event_listings",
                column: "starts_at");

            migrationBuilder.CreateIndex(
                name: "ix_training_sessions_training_event_id_order",
                table: "training_sessions",
                columns: new[] { "training_event_id", "order" });

            migrationBuilder.AddForeignKey(
                name: "fk_attendances_training_sessions_session_id",
                table: "attendances",
                column: "session_id",
                principalTable: "training_sessions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // Read by every tenant, written only by the owner tenant: the app role may SELECT any row, and INSERT,
            // UPDATE or DELETE only rows whose owner_tenant_id is the connection's tenant; the table's owner does all.
            migrationBuilder.Sql($"""
                ALTER TABLE shared_event_listings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                CREATE POLICY shared_read ON shared_event_listings FOR SELECT TO {Rls.AppRole} USING (true);
                CREATE POLICY owner_insert ON shared_event_listings FOR INSERT TO {Rls.AppRole}
                    WITH CHECK (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY owner_update ON shared_event_listings FOR UPDATE TO {Rls.AppRole}
                    USING (owner_tenant_id = current_setting('{Rls.TenantSetting}', true))
                    WITH CHECK (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY owner_delete ON shared_event_listings FOR DELETE TO {Rls.AppRole}
                    USING (owner_tenant_id = current_setting('{Rls.TenantSetting}', true));
                CREATE POLICY {Rls.OwnerPolicy} ON shared_event_listings TO CURRENT_USER USING (true) WITH CHECK (true);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_attendances_training_sessions_session_id",
                table: "attendances");

            migrationBuilder.DropTable(
                name: "directory_persons");

            migrationBuilder.DropTable(
                name: "directory_units");

            migrationBuilder.DropTable(
                name: "registrations");

            migrationBuilder.DropTable(
                name: "shared_event_listings");

            migrationBuilder.DropTable(
                name: "training_sessions");

            migrationBuilder.DropPrimaryKey(
                name: "pk_attendances",
                table: "attendances");

            migrationBuilder.DropIndex(
                name: "ix_attendances_session_id",
                table: "attendances");

            migrationBuilder.DropIndex(
                name: "ix_attendances_tenant_id_person_id",
                table: "attendances");

            migrationBuilder.DropColumn(
                name: "audience",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "audience_person_kinds",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "audience_unit_ids",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "cancel_reason",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "co_organiser_unit_ids",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "ends_at",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "held_at",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "materials",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "organiser_unit_id",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "registration_closes_at",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "registration_opens_at",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "seminar_topics",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "shared_with_other_tenants",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "speakers",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "status",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "version",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "worked_item_ids",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "session_id",
                table: "attendances");

            migrationBuilder.DropColumn(
                name: "method",
                table: "attendances");

            migrationBuilder.DropColumn(
                name: "recorded_by",
                table: "attendances");

            migrationBuilder.AddPrimaryKey(
                name: "pk_attendances",
                table: "attendances",
                columns: new[] { "training_event_id", "person_id" });
        }
    }
}
