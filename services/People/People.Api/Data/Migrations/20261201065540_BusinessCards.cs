using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class BusinessCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "business_cards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    protected_token = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    generation = table.Column<int>(type: "integer", nullable: false),
                    clue_window_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    clues_in_window = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_cards", x => x.id);
                    table.ForeignKey(
                        name: "fk_business_cards_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_business_cards_person_id",
                table: "business_cards",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_business_cards_tenant_id_person_id",
                table: "business_cards",
                columns: new[] { "tenant_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_business_cards_token_hash",
                table: "business_cards",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "business_cards");
        }
    }
}
