using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SheqingMinyi.TrainingEvents.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListingAudience : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "audience",
                table: "shared_event_listings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "WholeTenant");

            migrationBuilder.AddColumn<string>(
                name: "audience_person_kinds",
                table: "shared_event_listings",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            // The listings shared before: the audience their event has now (never the owner's unit ids).
            migrationBuilder.Sql("""
                UPDATE shared_event_listings l
                SET audience = e.audience,
                    audience_person_kinds = CASE WHEN e.audience = 'PersonKinds' THEN e.audience_person_kinds ELSE '[]'::jsonb END
                FROM training_events e WHERE e.id = l.training_event_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "audience",
                table: "shared_event_listings");

            migrationBuilder.DropColumn(
                name: "audience_person_kinds",
                table: "shared_event_listings");
        }
    }
}
