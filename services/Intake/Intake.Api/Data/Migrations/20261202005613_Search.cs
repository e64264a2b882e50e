using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "similar_items",
                columns: table => new
                {
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    similar_submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    score = table.Column<decimal>(type: "numeric(4,3)", precision: 4, scale: 3, nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_similar_items", x => new { x.submission_id, x.similar_submission_id });
                });

            migrationBuilder.Sql(Sql.SearchSql.Functions);
            migrationBuilder.Sql(Sql.SearchSql.Column);
            migrationBuilder.Sql(Sql.SearchSql.SearchFunction);
            migrationBuilder.Sql(Sql.SearchSql.SimilarFunction);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sql.SearchSql.Drop);

            migrationBuilder.DropTable(
                name: "similar_items");
        }
    }
}
