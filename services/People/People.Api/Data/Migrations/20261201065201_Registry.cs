using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.People.Data.Sql;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "close_reason",
                table: "units",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.Sql(RegistrySql.CreateBtreeGist);
            migrationBuilder.Sql(RegistrySql.AddMembershipNoOverlap);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistrySql.DropMembershipNoOverlap);

            migrationBuilder.DropColumn(
                name: "close_reason",
                table: "units");
        }
    }
}
