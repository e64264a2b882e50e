using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServerKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The token server's RSA keys (SigningKeyStore). Until this migration the store created the table itself
            // at start-up, so older databases have it already, in this very shape.
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS server_keys (
                    use text PRIMARY KEY,
                    private_key_pem text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS server_keys;");
        }
    }
}
