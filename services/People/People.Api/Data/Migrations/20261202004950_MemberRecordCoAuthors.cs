using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.People.Data.Sql;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberRecordCoAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_record_submissions",
                table: "record_submissions");

            migrationBuilder.AddColumn<int>(
                name: "author_order",
                table: "record_submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "record_submissions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<decimal>(
                name: "share",
                table: "record_submissions",
                type: "numeric(5,4)",
                precision: 5,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.Sql(MemberRecordCoAuthorsSql.LeadAuthors);

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_submissions",
                table: "record_submissions",
                columns: new[] { "tenant_id", "submission_id", "person_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MemberRecordCoAuthorsSql.KeepLeadAuthors);

            migrationBuilder.DropPrimaryKey(
                name: "pk_record_submissions",
                table: "record_submissions");

            migrationBuilder.DropColumn(
                name: "author_order",
                table: "record_submissions");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "record_submissions");

            migrationBuilder.DropColumn(
                name: "share",
                table: "record_submissions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_submissions",
                table: "record_submissions",
                columns: new[] { "tenant_id", "submission_id" });
        }
    }
}
