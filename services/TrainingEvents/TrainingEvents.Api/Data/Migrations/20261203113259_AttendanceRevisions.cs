using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.TrainingEvents.Data.Migrations
{
    /// <inheritdoc />
    public partial class AttendanceRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attendance_revision",
                table: "training_events",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "attendances",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "attendance_revision",
                table: "training_events");

            migrationBuilder.DropColumn(
                name: "version",
                table: "attendances");
        }
    }
}
