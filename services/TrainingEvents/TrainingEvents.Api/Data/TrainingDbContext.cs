using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

public sealed class TrainingDbContext(DbContextOptions<TrainingDbContext> options, TenantContext? tenant = null) : TenantScopedDbContext(options, tenant)
{
    public DbSet<TrainingEvent> Events => Set<TrainingEvent>();
    public DbSet<TrainingSession> Sessions => Set<TrainingSession>();
    public DbSet<Attendance> Attendances => Set<Attendance>();
    public DbSet<Registration> Registrations => Set<Registration>();
    /// <summary>Every tenant's shared events (no tenant filter by design: row security lets all read, only the owner write).</summary>
    public DbSet<SharedEventListing> SharedListings => Set<SharedEventListing>();
    /// <summary>Guests' part in shared events (no tenant filter by design: row security shows a row to its owner and its guest's tenant only).</summary>
    public DbSet<GuestEntry> GuestEntries => Set<GuestEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        MapPeopleDirectory(model);
        MapPersonKinds(model);
        MapFileStore(model); // materials uploaded as files
        model.Entity<TrainingEvent>(e =>
        {
            e.ToTable("training_events");
            e.HasKey(t => t.Id);
            e.Property(t => t.Title).HasMaxLength(TrainingEvent.TitleMaxLength);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.Audience).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.Place).HasMaxLength(TrainingEvent.PlaceMaxLength);
            e.Property(t => t.CancelReason).HasMaxLength(TrainingEvent.ReasonMaxLength);
            e.Property(t => t.CoOrganiserUnitIds).HasJsonConversion();
            e.Property(t => t.Speakers).HasJsonConversion();
            e.Property(t => t.AudienceUnitIds).HasJsonConversion();
            e.Property(t => t.AudiencePersonKinds).HasJsonConversion();
            e.Property(t => t.Materials).HasJsonConversion();
            e.Property(t => t.MaterialFiles).HasJsonConversion();
            e.Property(t => t.SeminarTopics).HasJsonConversion();
            e.Property(t => t.WorkedItemIds).HasJsonConversion();
            e.Property(t => t.Version).IsConcurrencyToken();
            e.Ignore("_guestEvents");
            e.HasMany(t => t.Sessions).WithOne().HasForeignKey(s => s.TrainingEventId);
            e.HasMany(t => t.Attendances).WithOne().HasForeignKey(a => a.TrainingEventId);
            e.HasIndex(t => new { t.TenantId, t.StartsAt });
            TenantOwned(e);
        });
        model.Entity<TrainingSession>(e =>
        {
            e.ToTable("training_sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Title).HasMaxLength(TrainingSession.TitleMaxLength);
            e.Property(s => s.Hours).HasPrecision(5, 2);
            e.HasIndex(s => new { s.TrainingEventId, s.Order });
            TenantOwned(e);
        });
        model.Entity<Attendance>(e =>
        {
            e.ToTable("attendances");
            e.HasKey(a => new { a.TrainingEventId, a.SessionId, a.PersonId });
            e.Property(a => a.Hours).HasPrecision(5, 2);
            e.Property(a => a.Method).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.GuestTenantId).HasMaxLength(64);
            e.HasOne<TrainingSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.TenantId, a.PersonId });
            TenantOwned(e);
        });
        model.Entity<Registration>(e =>
        {
            e.ToTable("registrations");
            e.HasKey(r => r.Id);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.GuestTenantId).HasMaxLength(64);
            e.HasOne<TrainingEvent>().WithMany().HasForeignKey(r => r.TrainingEventId);
            e.HasIndex(r => new { r.TrainingEventId, r.PersonId }).IsUnique();
            e.HasIndex(r => new { r.TenantId, r.PersonId });
            TenantOwned(e);
        });
        model.Entity<SharedEventListing>(e =>
        {
            // Not tenant-owned: its row security is its own (migration SharedEventListings), read by all, written by the owner.
            e.ToTable("shared_event_listings");
            e.HasKey(l => l.TrainingEventId);
            e.Property(l => l.OwnerTenantId).HasMaxLength(64);
            e.Property(l => l.Title).HasMaxLength(TrainingEvent.TitleMaxLength);
            e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(l => l.Place).HasMaxLength(TrainingEvent.PlaceMaxLength);
            e.Property(l => l.Audience).HasConversion<string>().HasMaxLength(16);
            e.Property(l => l.AudiencePersonKinds).HasJsonConversion();
            e.HasIndex(l => l.StartsAt);
        });
        model.Entity<GuestEntry>(e =>
        {
            // Not tenant-owned: its row security is its own (migration GuestEntries), read by owner and guest tenant, written by the owner.
            e.ToTable("guest_entries");
            e.HasKey(g => new { g.TrainingEventId, g.PersonId });
            e.Property(g => g.GuestTenantId).HasMaxLength(64);
            e.Property(g => g.OwnerTenantId).HasMaxLength(64);
            e.Property(g => g.Title).HasMaxLength(TrainingEvent.TitleMaxLength);
            e.Property(g => g.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.Place).HasMaxLength(TrainingEvent.PlaceMaxLength);
            e.Property(g => g.Registration).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.HoursCredited).HasPrecision(7, 2);
            e.HasIndex(g => new { g.GuestTenantId, g.PersonId });
        });
    }
}

public sealed class TrainingDbContextFactory : DesignTimeDbContextFactory<TrainingDbContext>;
