using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.Intake.Data.Sql;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class SimilarItemsAfterSubmit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "similar_scans",
                columns: table => new
                {
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content_version = table.Column<int>(type: "integer", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_similar_scans", x => x.submission_id);
                });
            migrationBuilder.Sql(SimilarSql.EarlierOnlyFunction);
            migrationBuilder.Sql(SimilarSql.BackfillScans);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "similar_scans");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS similar_submissions(uuid, double precision, integer);");
            migrationBuilder.Sql(SearchSql.SimilarFunction);
        }
    }
}
