using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class IntakeDepth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "activity_kind",
                table: "submissions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "activity_reference",
                table: "submissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "author_person_ids",
                table: "submissions",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "channel",
                table: "submissions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "clue_id",
                table: "submissions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "content_version",
                table: "submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "event_sequence",
                table: "submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "partner_client_id",
                table: "submissions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "reply_due_on",
                table: "submissions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reporting_point_id",
                table: "submissions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "solicitation_id",
                table: "submissions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "themes",
                table: "submissions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "submissions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "submission_versions",
                columns: table => new
                {
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    editor_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    editor_role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_submission_versions", x => new { x.submission_id, x.number });
                });

            migrationBuilder.CreateIndex(
                name: "ix_submissions_author_person_ids",
                table: "submissions",
                column: "author_person_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_submissions_tenant_id_solicitation_id",
                table: "submissions",
                columns: new[] { "tenant_id", "solicitation_id" });

            migrationBuilder.CreateIndex(
                name: "ix_submissions_themes",
                table: "submissions",
                column: "themes")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.Sql(Sql.IntakeDepthSql.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "submission_versions");

            migrationBuilder.DropIndex(
                name: "ix_submissions_author_person_ids",
                table: "submissions");

            migrationBuilder.DropIndex(
                name: "ix_submissions_tenant_id_solicitation_id",
                table: "submissions");

            migrationBuilder.DropIndex(
                name: "ix_submissions_themes",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "activity_kind",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "activity_reference",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "author_person_ids",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "channel",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "clue_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "content_version",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "event_sequence",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "partner_client_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "reply_due_on",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "reporting_point_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "solicitation_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "themes",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "type",
                table: "submissions");
        }
    }
}
