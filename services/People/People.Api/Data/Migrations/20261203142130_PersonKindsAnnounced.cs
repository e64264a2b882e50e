using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <summary>persons.kinds_announced: false for every person on the register now (announced before training and
    /// scoring kept kinds), so PersonKindsReannouncement announces each once more; persons registered later are
    /// written with true. The table's RLS policy stays.</summary>
    public partial class PersonKindsAnnounced : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "kinds_announced",
                table: "persons",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "kinds_announced",
                table: "persons");
        }
    }
}
