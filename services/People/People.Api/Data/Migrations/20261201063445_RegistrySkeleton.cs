using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistrySkeleton : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "units",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "parent_id",
                table: "units",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "units",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deactivated_at",
                table: "persons",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "kinds",
                table: "persons",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "persons",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            // Persons registered before kinds existed get the kinds their roles imply (Person.KindsFromRoles).
            migrationBuilder.Sql("""
                UPDATE persons SET kinds = ARRAY(SELECT DISTINCT k FROM unnest(ARRAY[
                    CASE WHEN 'member' = ANY(roles) THEN 'member' END,
                    CASE WHEN 'officer' = ANY(roles) THEN 'special-officer' END,
                    CASE WHEN roles && ARRAY['staff-editor','director','leader','chair'] THEN 'staff' END]) AS k WHERE k IS NOT NULL);
                """);

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_memberships", x => x.id);
                    table.ForeignKey(
                        name: "fk_memberships_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_memberships_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_units_tenant_id_parent_id",
                table: "units",
                columns: new[] { "tenant_id", "parent_id" });

            migrationBuilder.CreateIndex(
                name: "ix_memberships_person_id",
                table: "memberships",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_memberships_tenant_id_person_id_starts_on",
                table: "memberships",
                columns: new[] { "tenant_id", "person_id", "starts_on" });

            migrationBuilder.CreateIndex(
                name: "ix_memberships_tenant_id_unit_id_starts_on",
                table: "memberships",
                columns: new[] { "tenant_id", "unit_id", "starts_on" });

            migrationBuilder.CreateIndex(
                name: "ix_memberships_unit_id",
                table: "memberships",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "memberships");

            migrationBuilder.DropIndex(
                name: "ix_units_tenant_id_parent_id",
                table: "units");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "units");

            migrationBuilder.DropColumn(
                name: "parent_id",
                table: "units");

            migrationBuilder.DropColumn(
                name: "version",
                table: "units");

            migrationBuilder.DropColumn(
                name: "deactivated_at",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "kinds",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "version",
                table: "persons");
        }
    }
}
