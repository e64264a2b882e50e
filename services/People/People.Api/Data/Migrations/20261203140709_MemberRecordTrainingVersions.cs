using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <summary>record_trainings keeps the attendance change with the highest version (AttendanceRecorded.Version,
    /// AttendanceRemoved): rows kept so far are unversioned (0) and not removed. The table's RLS policy stays.</summary>
    public partial class MemberRecordTrainingVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "removed",
                table: "record_trainings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "record_trainings",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "removed",
                table: "record_trainings");

            migrationBuilder.DropColumn(
                name: "version",
                table: "record_trainings");
        }
    }
}
