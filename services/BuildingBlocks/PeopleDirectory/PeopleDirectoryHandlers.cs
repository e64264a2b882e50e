using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

/// <summary>Told after a directory change committed (e.g. to refresh a cache of names); may run more than once.</summary>
public interface IPeopleDirectoryObserver
{
    Task PersonChangedAsync(string tenantId, DirectoryPerson person, CancellationToken ct);

    /// <summary>After a unit's directory row changed and committed (renamed, recategorised, closed).</summary>
    Task UnitChangedAsync(string tenantId, DirectoryUnit unit, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Told inside the event's transaction when a person's announced state applies (its Version is newer than the one
/// held), for a service that keeps more of a person than the directory does (e.g. scoring: the kinds its quotas
/// count). Its changes go to the same context and commit with the directory's.
/// </summary>
public interface IPersonAnnouncementListener
{
    Task PersonAnnouncedAsync(string tenantId, Guid personId, IReadOnlyList<string> roles, IReadOnlyList<string>? kinds, CancellationToken ct);
}

/// <summary>
/// Told inside the event's transaction when the units a person held on some day may have changed: a newer person state
/// (its main unit) or a newer membership applied. For a service that credited a unit by the person's history before
/// that history arrived (e.g. scoring's training facts) to correct itself; its changes commit with the directory's.
/// </summary>
public interface IPersonUnitsListener
{
    Task PersonUnitsChangedAsync(EventContext context, Guid personId, CancellationToken ct);
}

/// <summary>
/// Keeps the service's copy of the people service's persons and units. Idempotent through the inbox and
/// order-independent: a person or unit event applies only if its Version is higher than the one held, and a
/// deactivation (final) applies whenever it arrives, so any order of the same events ends in the same rows.
/// </summary>
public sealed class PeopleDirectoryHandlers<TContext>(TContext db, IEnumerable<IPeopleDirectoryObserver> observers,
    IEnumerable<IPersonAnnouncementListener> listeners, IEnumerable<IPersonUnitsListener> unitsListeners) :
    IEventHandler<PersonRegistered>, IEventHandler<PersonUpdated>, IEventHandler<PersonDeactivated>,
    IEventHandler<UnitCreated>, IEventHandler<UnitChanged>
    where TContext : DbContext
{
    public async Task HandleAsync(PersonRegistered e, EventContext context, CancellationToken ct)
    {
        if (await ApplyPersonAsync(context, e.PersonId, e.Version, p => { p.Name = e.Name; p.UnitId = e.UnitId; }, ct))
            foreach (var listener in listeners) await listener.PersonAnnouncedAsync(context.TenantId, e.PersonId, e.Roles, e.Kinds, ct);
    }

    public async Task HandleAsync(PersonUpdated e, EventContext context, CancellationToken ct)
    {
        if (await ApplyPersonAsync(context, e.PersonId, e.Version, p => { p.Name = e.Name; p.UnitId = e.UnitId; }, ct))
            foreach (var listener in listeners) await listener.PersonAnnouncedAsync(context.TenantId, e.PersonId, e.Roles, e.Kinds, ct);
    }

    public async Task HandleAsync(PersonDeactivated e, EventContext context, CancellationToken ct)
    {
        var person = await FindOrAddPersonAsync(context, e.PersonId, ct);
        person.DeactivatedAt ??= e.DeactivatedAt.ToUniversalTime();
        Notify(context, person);
    }

    public Task HandleAsync(UnitCreated e, EventContext context, CancellationToken ct) =>
        ApplyUnitAsync(context, e.UnitId, e.Version, u => { u.Name = e.Name; u.Category = e.Category; u.ParentId = e.ParentId; }, ct);

    public Task HandleAsync(UnitChanged e, EventContext context, CancellationToken ct) =>
        ApplyUnitAsync(context, e.UnitId, e.Version, u =>
        {
            u.Name = e.Name;
            u.Category = e.Category;
            u.ParentId = e.ParentId;
            u.ClosedAt = e.ClosedAt?.ToUniversalTime();
        }, ct);

    /// <summary>Applies the person's state if newer than the one held; true when it did.</summary>
    private async Task<bool> ApplyPersonAsync(EventContext context, Guid personId, int version, Action<DirectoryPerson> apply, CancellationToken ct)
    {
        var person = await FindOrAddPersonAsync(context, personId, ct);
        if (version <= person.Version) return false; // an older state arrived late
        apply(person);
        person.Version = version;
        Notify(context, person);
        foreach (var listener in unitsListeners) await listener.PersonUnitsChangedAsync(context, personId, ct);
        return true;
    }

    private async Task<DirectoryPerson> FindOrAddPersonAsync(EventContext context, Guid personId, CancellationToken ct)
    {
        var person = await db.Set<DirectoryPerson>().FirstOrDefaultAsync(p => p.PersonId == personId, ct);
        if (person is null) db.Add(person = new DirectoryPerson { TenantId = context.TenantId, PersonId = personId });
        return person;
    }

    private async Task ApplyUnitAsync(EventContext context, Guid unitId, int version, Action<DirectoryUnit> apply, CancellationToken ct)
    {
        var unit = await db.Set<DirectoryUnit>().FirstOrDefaultAsync(u => u.UnitId == unitId, ct);
        if (unit is null) db.Add(unit = new DirectoryUnit { TenantId = context.TenantId, UnitId = unitId });
        if (version <= unit.Version) return;
        apply(unit);
        unit.Version = version;
        foreach (var observer in observers)
            context.OnCommitted(token => observer.UnitChangedAsync(context.TenantId, unit, token));
    }

    private void Notify(EventContext context, DirectoryPerson person)
    {
        foreach (var observer in observers)
            context.OnCommitted(token => observer.PersonChangedAsync(context.TenantId, person, token));
    }
}
