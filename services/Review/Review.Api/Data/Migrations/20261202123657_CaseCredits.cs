using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseCredits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "authors",
                table: "review_cases",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<int>(
                name: "content_version",
                table: "review_cases",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "units",
                table: "review_cases",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            // Cases opened before shares were kept: the lead author and the submitting unit take all.
            migrationBuilder.Sql("""
                UPDATE review_cases SET
                  authors = jsonb_build_array(jsonb_build_object('personId', author_person_id, 'order', 1, 'share', 1)),
                  units = jsonb_build_array(jsonb_build_object('unitId', unit_id, 'share', 1))
                WHERE authors = '[]'::jsonb;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "authors",
                table: "review_cases");

            migrationBuilder.DropColumn(
                name: "content_version",
                table: "review_cases");

            migrationBuilder.DropColumn(
                name: "units",
                table: "review_cases");
        }
    }
}
