using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class Awards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "award_decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    award = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    winners = table.Column<string>(type: "jsonb", nullable: false),
                    candidates = table.Column<string>(type: "jsonb", nullable: false),
                    criteria = table.Column<string>(type: "jsonb", nullable: false),
                    criteria_version = table.Column<int>(type: "integer", nullable: false),
                    changed = table.Column<bool>(type: "boolean", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    decided_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_award_decisions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "award_settings",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    criteria = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_award_settings", x => x.tenant_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_award_decisions_tenant_id_year_award_decided_at",
                table: "award_decisions",
                columns: new[] { "tenant_id", "year", "award", "decided_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "award_decisions");

            migrationBuilder.DropTable(
                name: "award_settings");
        }
    }
}
