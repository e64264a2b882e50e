using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonProfileSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name_initials",
                table: "persons",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_persons_expertise_tags",
                table: "persons",
                column: "expertise_tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_persons_kinds",
                table: "persons",
                column: "kinds")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_persons_tenant_id_created_at",
                table: "persons",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_persons_tenant_id_name_initials",
                table: "persons",
                columns: new[] { "tenant_id", "name_initials" })
                .Annotation("Npgsql:IndexOperators", new[] { null, "text_pattern_ops" });

            // Raw SQL lives in ProfileSql (kept when migrations are regenerated).
            migrationBuilder.Sql(Sql.ProfileSql.NameTrigramIndex);
            migrationBuilder.Sql(Sql.ProfileSql.BackfillNameInitials);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Sql.ProfileSql.DropNameTrigramIndex);

            migrationBuilder.DropIndex(
                name: "ix_persons_expertise_tags",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_kinds",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_tenant_id_created_at",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_persons_tenant_id_name_initials",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "name_initials",
                table: "persons");
        }
    }
}
