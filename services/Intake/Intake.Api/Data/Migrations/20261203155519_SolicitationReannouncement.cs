using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class SolicitationReannouncement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "audience_announced",
                table: "solicitations",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            // Open solicitations issued before review kept their audiences: announced once more (SolicitationReannouncement).
            migrationBuilder.Sql("UPDATE solicitations SET audience_announced = false WHERE status = 'Open';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "audience_announced",
                table: "solicitations");
        }
    }
}
