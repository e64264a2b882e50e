using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class HandlingRestricted : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "restricted",
                table: "handlings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Handlings assigned before: restricted when their item's case is (a 主席直通车 item names its readers).
            migrationBuilder.Sql("UPDATE handlings h SET restricted = true FROM review_cases c WHERE c.id = h.case_id AND cardinality(c.restricted_to) > 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "restricted",
                table: "handlings");
        }
    }
}
