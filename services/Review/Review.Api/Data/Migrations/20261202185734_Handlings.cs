using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.Review.Data.Migrations
{
    /// <inheritdoc />
    public partial class Handlings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "handlings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    instruction_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lead_department_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_department_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    co_department_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    assigned_on = table.Column<DateOnly>(type: "date", nullable: false),
                    adopted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    supervisor_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    authors = table.Column<string>(type: "jsonb", nullable: false),
                    author_person_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    replies = table.Column<string>(type: "jsonb", nullable: false),
                    requests = table.Column<string>(type: "jsonb", nullable: false),
                    ratings = table.Column<string>(type: "jsonb", nullable: false),
                    assigned_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handlings", x => x.id);
                    table.ForeignKey(
                        name: "fk_handlings_review_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "review_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "handling_notices",
                columns: table => new
                {
                    handling_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    tenant_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_handling_notices", x => new { x.handling_id, x.kind, x.deadline });
                    table.ForeignKey(
                        name: "fk_handling_notices_handlings_handling_id",
                        column: x => x.handling_id,
                        principalTable: "handlings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_departments_tenant_id_name",
                table: "departments",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_handlings_case_id",
                table: "handlings",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_handlings_status_deadline",
                table: "handlings",
                columns: new[] { "status", "deadline" });

            migrationBuilder.CreateIndex(
                name: "ix_handlings_tenant_id_lead_department_id_status",
                table: "handlings",
                columns: new[] { "tenant_id", "lead_department_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_handlings_tenant_id_submission_id_instruction_id",
                table: "handlings",
                columns: new[] { "tenant_id", "submission_id", "instruction_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "handling_notices");

            migrationBuilder.DropTable(
                name: "handlings");
        }
    }
}
