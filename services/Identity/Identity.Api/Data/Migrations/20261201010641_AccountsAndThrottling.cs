using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountsAndThrottling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "activation_code_hash",
                table: "accounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "activation_expires_at",
                table: "accounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "partner_clients",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_clients", x => x.client_id);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_throttles",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    window_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sign_in_throttles", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_partner_clients_tenant_id_client_id",
                table: "partner_clients",
                columns: new[] { "tenant_id", "client_id" });

            // xmin, the row version of accounts, is PostgreSQL's system column: nothing to add.
            // Existing accounts show their user name until renamed; existing partner clients get their tenant's row.
            migrationBuilder.Sql("""
                UPDATE accounts SET display_name = user_name WHERE display_name = '';
                INSERT INTO partner_clients (client_id, tenant_id, created_at)
                SELECT client_id, properties::jsonb ->> 'tenant', now() FROM "OpenIddictApplications"
                WHERE client_id IS NOT NULL AND properties IS NOT NULL AND properties::jsonb ? 'tenant'
                ON CONFLICT (client_id) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "partner_clients");

            migrationBuilder.DropTable(
                name: "sign_in_throttles");

            migrationBuilder.DropColumn(
                name: "activation_code_hash",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "activation_expires_at",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "accounts");
        }
    }
}
