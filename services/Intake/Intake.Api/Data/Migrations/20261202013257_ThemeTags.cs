using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.Intake.Data.Sql;

#nullable disable

namespace SheqingMinyi.Intake.Data.Migrations
{
    /// <inheritdoc />
    public partial class ThemeTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "theme_tags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_theme_tags", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_theme_tags_tenant_id_name",
                table: "theme_tags",
                columns: new[] { "tenant_id", "name" },
                unique: true,
                filter: "retired_at IS NULL");

            migrationBuilder.Sql(ThemeTagsSql.Backfill);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "theme_tags");
        }
    }
}
