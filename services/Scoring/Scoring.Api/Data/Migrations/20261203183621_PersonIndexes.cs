using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_score_facts_tenant_id_person_id_occurred_at",
                table: "score_facts",
                columns: new[] { "tenant_id", "person_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_person_id_occurred_at",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "person_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_score_facts_tenant_id_person_id_occurred_at",
                table: "score_facts");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_person_id_occurred_at",
                table: "ledger_entries");
        }
    }
}
