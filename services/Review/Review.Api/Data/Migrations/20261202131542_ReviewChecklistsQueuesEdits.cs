using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReviewChecklistsQueuesEdits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "assignee_person_id",
                table: "review_cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "checklists",
                table: "review_cases",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stage_started_at",
                table: "review_cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Older cases: their last change is the best guess of when they reached their current stage.
            migrationBuilder.Sql("UPDATE review_cases SET stage_started_at = updated_at;");

            migrationBuilder.CreateTable(
                name: "submission_content_versions",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content_version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_submission_content_versions", x => new { x.tenant_id, x.submission_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_review_cases_tenant_id_assignee_person_id_status",
                table: "review_cases",
                columns: new[] { "tenant_id", "assignee_person_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "submission_content_versions");

            migrationBuilder.DropIndex(
                name: "ix_review_cases_tenant_id_assignee_person_id_status",
                table: "review_cases");

            migrationBuilder.DropColumn(
                name: "assignee_person_id",
                table: "review_cases");

            migrationBuilder.DropColumn(
                name: "checklists",
                table: "review_cases");

            migrationBuilder.DropColumn(
                name: "stage_started_at",
                table: "review_cases");
        }
    }
}
