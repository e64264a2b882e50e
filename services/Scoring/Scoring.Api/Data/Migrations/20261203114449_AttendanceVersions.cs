using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttendanceVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "removed",
                table: "score_facts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "source_version",
                table: "score_facts",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "removed",
                table: "score_facts");

            migrationBuilder.DropColumn(
                name: "source_version",
                table: "score_facts");
        }
    }
}
