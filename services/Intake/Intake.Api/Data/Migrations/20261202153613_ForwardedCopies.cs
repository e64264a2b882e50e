using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class ForwardedCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin_byline",
                table: "submissions",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "origin_submission_id",
                table: "submissions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_tenant_id",
                table: "submissions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_tenant_name",
                table: "submissions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            // One copy per forwarded original (下级转报): the consumer checks under a lock, this is the backstop.
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX ix_submissions_forwarded_origin ON submissions (tenant_id, origin_tenant_id, origin_submission_id)
                    WHERE origin_submission_id IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_submissions_forwarded_origin;");

            migrationBuilder.DropColumn(
                name: "origin_byline",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "origin_submission_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "origin_tenant_id",
                table: "submissions");

            migrationBuilder.DropColumn(
                name: "origin_tenant_name",
                table: "submissions");
        }
    }
}
