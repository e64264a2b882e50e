using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;

namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

/// <summary>
/// Whether a person may be credited as an author for a unit in the current tenant, by the directory: the person
/// registered and active, the unit created and open. A person or unit the people service announced moments ago may
/// not have arrived yet; the message says so, and a retry succeeds once it has.
/// </summary>
public static class AuthorCheck
{
    public static async Task<Validator> CheckAuthorAsync(this Validator validator, DbContext db, string field, Guid? personId, CancellationToken ct)
    {
        if (personId is not { } id || id == Guid.Empty) return validator;
        var person = await db.Set<DirectoryPerson>().AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == id, ct);
        if (person is not { IsKnown: true })
            validator.Add(field, "本单位没有这名人员（新登记的人员可能需要几秒钟同步）(unknown person)");
        else if (!person.IsActive)
            validator.Add(field, $"人员“{person.Name}”已停用，不能作为作者 (inactive person)");
        return validator;
    }

    /// <summary>A person named for a role in the tenant (a stage's reviewer, an assignee): registered here and active.</summary>
    public static async Task<Validator> CheckPersonAsync(this Validator validator, DbContext db, string field, Guid? personId, CancellationToken ct)
    {
        if (personId is not { } id || id == Guid.Empty) return validator;
        var person = await db.Set<DirectoryPerson>().AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == id, ct);
        if (person is not { IsKnown: true })
            validator.Add(field, "本单位没有这名人员（新登记的人员可能需要几秒钟同步）(unknown person)");
        else if (!person.IsActive)
            validator.Add(field, $"人员“{person.Name}”已停用 (inactive person)");
        return validator;
    }

    public static async Task<Validator> CheckUnitAsync(this Validator validator, DbContext db, string field, Guid? unitId, CancellationToken ct)
    {
        if (unitId is not { } id || id == Guid.Empty) return validator;
        var unit = await db.Set<DirectoryUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == id, ct);
        if (unit is not { Version: > 0 })
            validator.Add(field, "本单位没有这个报送单位（新建的单位可能需要几秒钟同步）(unknown unit)");
        else if (!unit.IsOpen)
            validator.Add(field, $"单位“{unit.Name}”已撤销，不能再报送 (closed unit)");
        return validator;
    }

    /// <summary>Why an item of these authors and unit can no longer go forward (an author left, the unit closed),
    /// naming the first such author in order, or null.</summary>
    public static async Task<DomainError?> InactiveAuthorOrUnitAsync(DbContext db, IReadOnlyList<Guid> personIds, Guid unitId, CancellationToken ct)
    {
        var gone = await db.Set<DirectoryPerson>().AsNoTracking()
            .Where(p => personIds.Contains(p.PersonId) && p.DeactivatedAt != null).ToListAsync(ct);
        if (gone.OrderBy(p => IndexOf(personIds, p.PersonId)).FirstOrDefault() is { } person)
            return new DomainError("author-inactive", $"作者“{person.Name}”已停用，稿件不能报送",
                $"Author {IndexOf(personIds, person.PersonId) + 1} '{person.PersonId}' was deactivated at {person.DeactivatedAt:O}.");
        var unit = await db.Set<DirectoryUnit>().AsNoTracking().FirstOrDefaultAsync(u => u.UnitId == unitId, ct);
        if (unit is { ClosedAt: not null })
            return new DomainError("unit-closed", $"报送单位“{unit.Name}”已撤销，稿件不能报送", $"Unit '{unitId}' was closed at {unit.ClosedAt:O}.");
        return null;
    }

    private static int IndexOf(IReadOnlyList<Guid> ids, Guid id)
    {
        for (var i = 0; i < ids.Count; i++) if (ids[i] == id) return i;
        return -1;
    }
}
