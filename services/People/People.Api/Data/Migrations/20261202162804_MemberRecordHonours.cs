using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberRecordHonours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_golden_ideas",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    golden_idea_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    meeting_on = table.Column<DateOnly>(type: "date", nullable: true),
                    year = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status_version = table.Column<int>(type: "integer", nullable: false),
                    share = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_golden_ideas", x => new { x.tenant_id, x.golden_idea_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "record_selections",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    selection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    half = table.Column<int>(type: "integer", nullable: false),
                    share = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_selections", x => new { x.tenant_id, x.selection_id, x.submission_id, x.person_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_record_golden_ideas_tenant_id_person_id_year",
                table: "record_golden_ideas",
                columns: new[] { "tenant_id", "person_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_selections_tenant_id_person_id_year",
                table: "record_selections",
                columns: new[] { "tenant_id", "person_id", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_golden_ideas");

            migrationBuilder.DropTable(
                name: "record_selections");
        }
    }
}
