using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClueInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "converted_at",
                table: "clues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dismiss_reason",
                table: "clues",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dismissed_at",
                table: "clues",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "clues",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "New");

            migrationBuilder.AddColumn<Guid>(
                name: "submission_id",
                table: "clues",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "clues",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "converted_at",
                table: "clues");

            migrationBuilder.DropColumn(
                name: "dismiss_reason",
                table: "clues");

            migrationBuilder.DropColumn(
                name: "dismissed_at",
                table: "clues");

            migrationBuilder.DropColumn(
                name: "status",
                table: "clues");

            migrationBuilder.DropColumn(
                name: "submission_id",
                table: "clues");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "clues");
        }
    }
}
