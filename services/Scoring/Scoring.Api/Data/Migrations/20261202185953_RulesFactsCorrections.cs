using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class RulesFactsCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id",
                table: "ledger_entries");

            migrationBuilder.AddColumn<Guid>(
                name: "corrects_id",
                table: "ledger_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "unit_points",
                table: "ledger_entries",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "rule_set_versions",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rules = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_set_versions", x => new { x.tenant_id, x.version });
                });

            migrationBuilder.CreateTable(
                name: "score_facts",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    item_id = table.Column<Guid>(type: "uuid", nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    share = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    solicitation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    training_kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    hours = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_score_facts", x => new { x.tenant_id, x.reason, x.source_id, x.person_id });
                });

            // The ledger so far was priced by the default rules in share mode: its entries are the first facts (share =
            // points over the default number; a golden idea, priced 0, split equally) and the unit's part is the points.
            migrationBuilder.Sql("""
                UPDATE ledger_entries SET unit_points = points;
                INSERT INTO score_facts (tenant_id, person_id, reason, source_id, item_id, unit_id, share, occurred_at)
                SELECT tenant_id, person_id, reason, source_id,
                       CASE WHEN reason = 'submitted' OR reason LIKE 'adopted-%' OR reason = '入选优秀选编' THEN source_id END,
                       unit_id,
                       least(1, round(CASE reason
                           WHEN 'submitted' THEN points / 1
                           WHEN 'adopted-own-body' THEN points / 5
                           WHEN 'adopted-parent-body' THEN points / 10
                           WHEN 'adopted-national' THEN points / 20
                           WHEN 'adopted-party-centre' THEN points / 20
                           WHEN 'instruction-district' THEN points / 5
                           WHEN 'instruction-municipal' THEN points / 10
                           WHEN 'instruction-provincial' THEN points / 20
                           WHEN 'instruction-national' THEN points / 30
                           WHEN '入选优秀选编' THEN points / 3
                           WHEN 'golden-idea' THEN 1.0 / count(*) OVER (PARTITION BY tenant_id, source_id)
                           ELSE 1 END, 6)),
                       occurred_at
                FROM ledger_entries
                WHERE reason IN ('submitted', 'adopted-own-body', 'adopted-parent-body', 'adopted-national', 'adopted-party-centre',
                                 'instruction-district', 'instruction-municipal', 'instruction-provincial', 'instruction-national',
                                 '入选优秀选编', 'golden-idea', 'training-attended')
                ON CONFLICT DO NOTHING;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_corrects_id",
                table: "ledger_entries",
                column: "corrects_id",
                unique: true,
                filter: "corrects_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "person_id", "reason", "source_id", "occurred_at" },
                unique: true,
                filter: "corrects_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_unit_id_occurred_at",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "unit_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_score_facts_tenant_id_occurred_at",
                table: "score_facts",
                columns: new[] { "tenant_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_score_facts_tenant_id_source_id",
                table: "score_facts",
                columns: new[] { "tenant_id", "source_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rule_set_versions");

            migrationBuilder.DropTable(
                name: "score_facts");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_corrects_id",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id_occurre",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_tenant_id_unit_id_occurred_at",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "corrects_id",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "unit_points",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_tenant_id_person_id_reason_source_id",
                table: "ledger_entries",
                columns: new[] { "tenant_id", "person_id", "reason", "source_id" },
                unique: true);
        }
    }
}
