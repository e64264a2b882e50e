using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class SolicitationAudiences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "solicitation_audiences",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    solicitation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    bonus = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: false),
                    target_unit_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    target_person_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_solicitation_audiences", x => new { x.tenant_id, x.solicitation_id });
                });

            migrationBuilder.CreateTable(
                name: "solicitation_invitations",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    solicitation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_solicitation_invitations", x => new { x.tenant_id, x.solicitation_id, x.person_id });
                });

            // The invitations already in the inbox count: nobody gets a second one for a solicitation issued before.
            migrationBuilder.Sql("""
                INSERT INTO solicitation_invitations (tenant_id, solicitation_id, person_id, source_event_id, invited_at)
                SELECT DISTINCT ON (tenant_id, item_id, person_id) tenant_id, item_id, person_id, source_event_id, created_at
                FROM feedback_messages WHERE kind = 'solicitation-invited' AND item_id IS NOT NULL
                ORDER BY tenant_id, item_id, person_id, created_at
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "solicitation_audiences");

            migrationBuilder.DropTable(
                name: "solicitation_invitations");
        }
    }
}
