using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using SheqingMinyi.People.Data.Sql;

#nullable disable

namespace SheqingMinyi.People.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleRegistry : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "name_initials",
                table: "persons",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

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
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    person_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    revoke_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    terms = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "person_shares",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shared_with_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    person_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    shared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_shares_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "received_shares",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    sharing_tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    shared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_received_shares", x => x.id);
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

            migrationBuilder.CreateIndex(
                name: "ix_annual_targets_tenant_id_year_scope_subject_id",
                table: "annual_targets",
                columns: new[] { "tenant_id", "year", "scope", "subject_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_one_active",
                table: "appointments",
                columns: new[] { "tenant_id", "person_id" },
                unique: true,
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_status_ends_on",
                table: "appointments",
                columns: new[] { "status", "ends_on" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_tenant_id_status_ends_on",
                table: "appointments",
                columns: new[] { "tenant_id", "status", "ends_on" });

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

            migrationBuilder.CreateIndex(
                name: "ix_person_shares_one_active",
                table: "person_shares",
                columns: new[] { "tenant_id", "person_id", "shared_with_tenant_id" },
                unique: true,
                filter: "withdrawn_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_person_shares_person_id",
                table: "person_shares",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_received_shares_tenant_id_person_id",
                table: "received_shares",
                columns: new[] { "tenant_id", "person_id" });

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

            // Raw SQL kept in RegistrySql and ProfileSql: the no-overlap constraint on memberships (btree_gist), the
            // trigram index on names (pg_trgm), and the pinyin initials of persons registered before the column.
            migrationBuilder.Sql(RegistrySql.CreateBtreeGist);
            migrationBuilder.Sql(RegistrySql.AddMembershipNoOverlap);
            migrationBuilder.Sql(ProfileSql.NameTrigramIndex);
            migrationBuilder.Sql(ProfileSql.BackfillNameInitials);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistrySql.DropMembershipNoOverlap);
            migrationBuilder.Sql(ProfileSql.DropNameTrigramIndex);

            migrationBuilder.DropTable(
                name: "annual_targets");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "business_cards");

            migrationBuilder.DropTable(
                name: "person_shares");

            migrationBuilder.DropTable(
                name: "received_shares");

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
                name: "close_reason",
                table: "units");

            migrationBuilder.DropColumn(
                name: "name_initials",
                table: "persons");
        }
    }
}
