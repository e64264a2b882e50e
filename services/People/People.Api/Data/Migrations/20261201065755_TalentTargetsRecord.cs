using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class TalentTargetsRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "annual_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submitted = table.Column<int>(type: "integer", nullable: false),
                    adopted = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_annual_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_adoptions",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    adopted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_adoptions", x => new { x.tenant_id, x.submission_id, x.level });
                });

            migrationBuilder.CreateTable(
                name: "record_points",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    points = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: true),
                    credited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_points", x => new { x.tenant_id, x.entry_id });
                });

            migrationBuilder.CreateTable(
                name: "record_submissions",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_submissions", x => new { x.tenant_id, x.submission_id });
                });

            migrationBuilder.CreateTable(
                name: "record_trainings",
                columns: table => new
                {
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    training_event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hours = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    attended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_trainings", x => new { x.tenant_id, x.training_event_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "talent_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    place = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    visited_on = table.Column<DateOnly>(type: "date", nullable: false),
                    visitor_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_talent_visits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "talent_pool",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    organisation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    expertise_tags = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'"),
                    is_backbone = table.Column<bool>(type: "boolean", nullable: false),
                    source_visit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_talent_pool", x => x.id);
                    table.ForeignKey(
                        name: "fk_talent_pool_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_talent_pool_talent_visits_source_visit_id",
                        column: x => x.source_visit_id,
                        principalTable: "talent_visits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "talent_recommendations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    talent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_on = table.Column<DateOnly>(type: "date", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_talent_recommendations", x => x.id);
                    table.ForeignKey(
                        name: "fk_talent_recommendations_talent_pool_talent_id",
                        column: x => x.talent_id,
                        principalTable: "talent_pool",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_annual_targets_tenant_id_year_scope_subject_id",
                table: "annual_targets",
                columns: new[] { "tenant_id", "year", "scope", "subject_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_record_adoptions_tenant_id_person_id_year",
                table: "record_adoptions",
                columns: new[] { "tenant_id", "person_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_adoptions_tenant_id_unit_id_year",
                table: "record_adoptions",
                columns: new[] { "tenant_id", "unit_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_points_tenant_id_person_id_year",
                table: "record_points",
                columns: new[] { "tenant_id", "person_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_submissions_tenant_id_person_id_year",
                table: "record_submissions",
                columns: new[] { "tenant_id", "person_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_submissions_tenant_id_unit_id_year",
                table: "record_submissions",
                columns: new[] { "tenant_id", "unit_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_record_trainings_tenant_id_person_id_year",
                table: "record_trainings",
                columns: new[] { "tenant_id", "person_id", "year" });

            migrationBuilder.CreateIndex(
                name: "ix_talent_pool_person_id",
                table: "talent_pool",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_talent_pool_source_visit_id",
                table: "talent_pool",
                column: "source_visit_id");

            migrationBuilder.CreateIndex(
                name: "ix_talent_pool_tenant_id_name",
                table: "talent_pool",
                columns: new[] { "tenant_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_talent_pool_tenant_id_person_id",
                table: "talent_pool",
                columns: new[] { "tenant_id", "person_id" },
                unique: true,
                filter: "person_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_talent_recommendations_talent_id",
                table: "talent_recommendations",
                column: "talent_id");

            migrationBuilder.CreateIndex(
                name: "ix_talent_recommendations_tenant_id_status_proposed_at",
                table: "talent_recommendations",
                columns: new[] { "tenant_id", "status", "proposed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_talent_recommendations_tenant_id_talent_id",
                table: "talent_recommendations",
                columns: new[] { "tenant_id", "talent_id" });

            migrationBuilder.CreateIndex(
                name: "ix_talent_visits_tenant_id_visited_on",
                table: "talent_visits",
                columns: new[] { "tenant_id", "visited_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "annual_targets");

            migrationBuilder.DropTable(
                name: "record_adoptions");

            migrationBuilder.DropTable(
                name: "record_points");

            migrationBuilder.DropTable(
                name: "record_submissions");

            migrationBuilder.DropTable(
                name: "record_trainings");

            migrationBuilder.DropTable(
                name: "talent_recommendations");

            migrationBuilder.DropTable(
                name: "talent_pool");

            migrationBuilder.DropTable(
                name: "talent_visits");
        }
    }
}
