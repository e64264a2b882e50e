using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeaderInstructions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "leader_instructions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    leader_title = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    nature = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    instructed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    evidence_file_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    authors = table.Column<string>(type: "jsonb", nullable: false),
                    units = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leader_instructions", x => x.id);
                    table.ForeignKey(
                        name: "fk_leader_instructions_review_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "review_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_leader_instructions_case_id",
                table: "leader_instructions",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_leader_instructions_tenant_id_submission_id",
                table: "leader_instructions",
                columns: new[] { "tenant_id", "submission_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "leader_instructions");
        }
    }
}
