using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.Intake.Data.Sql;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class SimilarPairFilter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "similar_pair_counts",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pair = table.Column<string>(type: "text", nullable: false),
                    items = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_similar_pair_counts", x => new { x.tenant_id, x.pair });
                });
            // The scan through the search index (search_vector's GIN index: no new index), the exhaustive scan kept
            // as its reference, and the pair counts of the items scanned so far.
            migrationBuilder.Sql(SimilarSql.ExhaustiveFunction);
            migrationBuilder.Sql(SimilarSql.ProbeFunction);
            migrationBuilder.Sql(SimilarSql.IndexedFunction);
            migrationBuilder.Sql(SimilarSql.BackfillPairCounts);
            migrationBuilder.Sql(SimilarSql.SmallPendingList);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SimilarSql.DefaultPendingList);
            migrationBuilder.Sql(SimilarSql.DropIndexedFunctions);
            migrationBuilder.Sql(SimilarSql.EarlierOnlyFunction);
            migrationBuilder.DropTable(
                name: "similar_pair_counts");
        }
    }
}
