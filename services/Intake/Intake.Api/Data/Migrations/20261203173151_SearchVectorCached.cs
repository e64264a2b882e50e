using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.Intake.Data.Sql;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <summary>search_tsvector in PL/pgSQL, its plan kept per connection (the submissions trigger calls it twice per write).</summary>
    public partial class SearchVectorCached : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSql.CachedTsvector);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(SearchSql.SqlTsvector);
    }
}
