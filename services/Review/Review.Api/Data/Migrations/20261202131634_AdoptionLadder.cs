using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdoptionLadder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adoptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    adopted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    publication_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    issue = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    evidence_file_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    authors = table.Column<string>(type: "jsonb", nullable: false),
                    units = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_adoptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_adoptions_review_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "review_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_adoptions_case_id",
                table: "adoptions",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_adoptions_tenant_id_submission_id_level",
                table: "adoptions",
                columns: new[] { "tenant_id", "submission_id", "level" },
                unique: true);

            // Cases adopted before the ladder: their adopt decision is their first record.
            migrationBuilder.Sql("""
                INSERT INTO adoptions (id, tenant_id, submission_id, case_id, level, adopted_on, source, recorded_by, authors, units, created_at)
                SELECT d.id, d.tenant_id, c.submission_id, c.id, d.adoption_level,
                       ((d.decided_at AT TIME ZONE 'UTC') + interval '8 hours')::date, 'Decision', NULL, c.authors, c.units, d.decided_at
                FROM review_decisions d JOIN review_cases c ON c.id = d.case_id
                WHERE d.action = 'Adopt' AND d.adoption_level IS NOT NULL
                ON CONFLICT DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adoptions");
        }
    }
}
