using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <summary>
    /// record_trainings keyed by session too. Backfill: the rows kept so far become whole-event rows (the all-zero
    /// session), as they were counted; the first per-session attendance of their event replaces them (RecordMemberFacts).
    /// The table's RLS policy is on the table, not the key, and stays.
    /// </summary>
    public partial class MemberRecordTrainingSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_record_trainings",
                table: "record_trainings");

            migrationBuilder.AddColumn<Guid>(
                name: "session_id",
                table: "record_trainings",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_trainings",
                table: "record_trainings",
                columns: new[] { "tenant_id", "training_event_id", "session_id", "person_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one row per event and person: the sessions' hours summed into the latest attended.
            migrationBuilder.Sql("""
                WITH totals AS (
                    SELECT tenant_id, training_event_id, person_id, sum(hours) AS hours,
                           (array_agg(session_id ORDER BY attended_at DESC, session_id))[1] AS kept
                    FROM record_trainings GROUP BY tenant_id, training_event_id, person_id),
                dropped AS (
                    DELETE FROM record_trainings r USING totals t
                    WHERE r.tenant_id = t.tenant_id AND r.training_event_id = t.training_event_id AND r.person_id = t.person_id
                      AND r.session_id <> t.kept)
                UPDATE record_trainings r SET hours = t.hours FROM totals t
                WHERE r.tenant_id = t.tenant_id AND r.training_event_id = t.training_event_id AND r.person_id = t.person_id
                  AND r.session_id = t.kept;
                """);

            migrationBuilder.DropPrimaryKey(
                name: "pk_record_trainings",
                table: "record_trainings");

            migrationBuilder.DropColumn(
                name: "session_id",
                table: "record_trainings");

            migrationBuilder.AddPrimaryKey(
                name: "pk_record_trainings",
                table: "record_trainings",
                columns: new[] { "tenant_id", "training_event_id", "person_id" });
        }
    }
}
