using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerUnitChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "person_id", "reason", "source_id", "occurred_at", "unit_id" },
                unique: true,
                filter: "corrects_id IS NULL")
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "person_id", "reason", "source_id", "occurred_at" },
                unique: true,
                filter: "corrects_id IS NULL");
        }
    }
}
