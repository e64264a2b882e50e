using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class SigningKeyRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The server keys move to a schema of their own, encrypted (Auth/Keys/SigningKeyStore), with their schedule.
            // Outside schema public, so the start-up grants of every public table to sqmy_app never reach them; the
            // schema and table are closed to everyone but their owner (the service's login). The old plain rows are
            // encrypted into it and deleted at the next start.
            migrationBuilder.Sql("""
                CREATE SCHEMA IF NOT EXISTS sqmy_keys;
                REVOKE ALL ON SCHEMA sqmy_keys FROM PUBLIC;
                CREATE TABLE IF NOT EXISTS sqmy_keys.server_keys (
                    kid text PRIMARY KEY,
                    use text NOT NULL CHECK (use IN ('sig', 'enc')),
                    protected_key text NOT NULL,
                    created_at timestamptz NOT NULL,
                    activates_at timestamptz NOT NULL,
                    retires_at timestamptz
                );
                REVOKE ALL ON sqmy_keys.server_keys FROM PUBLIC;
                DO $$ BEGIN
                    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'sqmy_app') THEN
                        REVOKE ALL ON SCHEMA sqmy_keys FROM sqmy_app;
                        REVOKE ALL ON sqmy_keys.server_keys FROM sqmy_app;
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP SCHEMA IF EXISTS sqmy_keys CASCADE;");
        }
    }
}
