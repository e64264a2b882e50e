using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

// The tenant filter and row security (TenantOwned) are added by PeopleDbContext where these are applied.

public sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> e)
    {
        e.ToTable("appointments");
        e.HasKey(a => a.Id);
        e.Property(a => a.PersonTenantId).HasMaxLength(64);
        e.Property(a => a.PersonName).HasMaxLength(Person.NameMaxLength);
        e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(a => a.RevokeReason).HasMaxLength(Appointment.ReasonMaxLength);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.Ignore(a => a.IsCrossTenant);
        e.OwnsMany(a => a.Terms, t => t.ToJson());
        // One active appointment per person and appointing tenant, even when two requests race.
        e.HasIndex(a => new { a.TenantId, a.PersonId }).IsUnique().HasFilter("status = 'Active'").HasDatabaseName("ix_appointments_one_active");
        e.HasIndex(a => new { a.TenantId, a.Status, a.EndsOn });
        // The expiry job scans every tenant's active appointments by end date.
        e.HasIndex(a => new { a.Status, a.EndsOn });
    }
}

public sealed class PersonShareConfiguration : IEntityTypeConfiguration<PersonShare>
{
    public void Configure(EntityTypeBuilder<PersonShare> e)
    {
        e.ToTable("person_shares");
        e.HasKey(s => s.Id);
        e.Property(s => s.SharedWithTenantId).HasMaxLength(64);
        e.Property(s => s.PersonName).HasMaxLength(Person.NameMaxLength);
        e.Property(s => s.Version).IsConcurrencyToken();
        e.Ignore(s => s.IsActive);
        e.HasIndex(s => new { s.TenantId, s.PersonId, s.SharedWithTenantId }).IsUnique().HasFilter("withdrawn_at IS NULL")
            .HasDatabaseName("ix_person_shares_one_active");
        e.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReceivedShareConfiguration : IEntityTypeConfiguration<ReceivedShare>
{
    public void Configure(EntityTypeBuilder<ReceivedShare> e)
    {
        e.ToTable("received_shares");
        e.HasKey(s => s.Id);
        e.Property(s => s.Id).ValueGeneratedNever();
        e.Property(s => s.SharingTenantId).HasMaxLength(64);
        e.Property(s => s.PersonName).HasMaxLength(Person.NameMaxLength);
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasIndex(s => new { s.TenantId, s.PersonId });
    }
}
