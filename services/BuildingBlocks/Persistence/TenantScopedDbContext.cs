using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// A service's DbContext: the messaging (outbox, inbox, dead letters), audit and idempotency-key tables, and a query filter on every tenant-owned entity that
/// restricts it to the scope's tenant (nothing at all when no tenant is set). Row-level security backs it up.
/// </summary>
public abstract class TenantScopedDbContext(DbContextOptions options, TenantContext? tenant) : DbContext(options)
{
    /// <summary>Read by the query filters at query time (EF parameterises context members).</summary>
    protected string CurrentTenant => tenant is { IsSet: true } ? tenant.TenantId : "";

    protected override void OnModelCreating(ModelBuilder model) => model.AddMessagingTables().AddAuditTable().AddIdempotencyTable();

    /// <summary>Stages the events the tracked aggregates raised in the outbox, saved with (and only with) their change.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StageRaisedEvents();
        await OnEventsStagedAsync(cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StageRaisedEvents();
        OnEventsStagedAsync(CancellationToken.None).GetAwaiter().GetResult();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Runs once every event of the change is staged in the outbox (raised or added), before anything is saved: a
    /// service derives rows of its own from them here so they commit with the change or not at all (review's feedback
    /// inbox). The staged events are the added <see cref="OutboxMessage"/> entries of the change tracker.
    /// </summary>
    protected virtual Task OnEventsStagedAsync(CancellationToken ct) => Task.CompletedTask;

    private void StageRaisedEvents()
    {
        foreach (var aggregate in ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).ToList())
            foreach (var raised in aggregate.TakeRaisedEvents())
                this.AddEvent(aggregate.TenantId, raised, raised.GetType());
    }

    /// <summary>Marks an entity tenant-owned (so its table gets row security) with a bounded tenant_id column and the tenant query filter.</summary>
    protected void TenantOwned<T>(EntityTypeBuilder<T> entity) where T : class
    {
        entity.IsTenantOwned();
        entity.Property<string>("TenantId").HasMaxLength(64);
        entity.HasQueryFilter(row => EF.Property<string>(row, "TenantId") == CurrentTenant);
    }

    /// <summary>
    /// The copy of the people service's persons and units (directory_persons, directory_units) for a service that
    /// consumes them (<see cref="PeopleDirectoryRegistration.AddPeopleDirectory{TContext}"/>); migrated by the service.
    /// </summary>
    protected void MapPeopleDirectory(ModelBuilder model)
    {
        model.Entity<DirectoryPerson>(e =>
        {
            e.ToTable("directory_persons");
            // Per tenant: one person may be known to two tenants (an appointment across bodies keeps one person id).
            e.HasKey(p => new { p.TenantId, p.PersonId });
            e.Property(p => p.Name).HasMaxLength(100);
            e.Ignore(p => p.IsKnown);
            e.Ignore(p => p.IsActive);
            TenantOwned(e);
        });
        model.Entity<DirectoryUnit>(e =>
        {
            e.ToTable("directory_units");
            e.HasKey(u => new { u.TenantId, u.UnitId });
            e.Property(u => u.Name).HasMaxLength(100);
            e.Property(u => u.Category).HasMaxLength(64);
            e.Ignore(u => u.IsOpen);
            TenantOwned(e);
        });
    }

    /// <summary>
    /// The persons' kinds as people announced them (person_kinds), opt-in beside <see cref="MapPeopleDirectory"/> for a
    /// service that keeps them (<see cref="PersonKindsRegistration.AddPeopleDirectoryKinds{TContext}"/>).
    /// </summary>
    protected void MapPersonKinds(ModelBuilder model) => model.Entity<PersonKinds>(e =>
    {
        e.ToTable("person_kinds");
        e.HasKey(k => new { k.TenantId, k.PersonId });
        TenantOwned(e);
    });

    /// <summary>
    /// The tenant's uploaded files (stored_files, bytes on disk), opt-in for a service that maps the file store
    /// (<see cref="FileStoreApi.MapFileStoreApi{TContext}"/>); migrated by the service.
    /// </summary>
    protected void MapFileStore(ModelBuilder model) => model.Entity<StoredFile>(e =>
    {
        FileStoreHosting.Configure(e);
        TenantOwned(e);
    });

    /// <summary>
    /// The copy of the people service's memberships (directory_memberships), opt-in beside <see cref="MapPeopleDirectory"/>
    /// for a service that consumes them (<see cref="DirectoryMemberships.AddPeopleDirectoryMemberships{TContext}"/>).
    /// </summary>
    protected void MapDirectoryMemberships(ModelBuilder model) => model.Entity<DirectoryMembership>(e =>
    {
        e.ToTable("directory_memberships");
        e.HasKey(m => new { m.TenantId, m.MembershipId });
        e.Property(m => m.Role).HasMaxLength(50);
        e.HasIndex(m => new { m.TenantId, m.UnitId });
        e.HasIndex(m => new { m.TenantId, m.PersonId });
        TenantOwned(e);
    });
}
