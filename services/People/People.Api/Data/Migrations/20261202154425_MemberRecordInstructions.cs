using System;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.People.Data.Sql;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberRecordInstructions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_record_adoptions",
                table: "record_adoptions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_adoptions",
                table: "record_adoptions",
                columns: new[] { "tenant_id", "submission_id", "level", "person_id" });

            migrationBuilder.CreateTable(
                name: "record_instructions",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instruction_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    leader_title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    nature = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    instructed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    share = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_instructions", x => new { x.tenant_id, x.instruction_id, x.person_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_record_instructions_tenant_id_person_id_year",
                table: "record_instructions",
                columns: new[] { "tenant_id", "person_id", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_instructions");

            migrationBuilder.Sql(MemberRecordInstructionsSql.KeepOneAuthorPerLevel);

            migrationBuilder.DropPrimaryKey(
                name: "pk_record_adoptions",
                table: "record_adoptions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_adoptions",
                table: "record_adoptions",
                columns: new[] { "tenant_id", "submission_id", "level" });
        }
    }
}
