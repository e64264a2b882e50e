using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

public sealed record UnitNode(Guid Id, string Name, string Category, string CategoryName, DateTimeOffset? ClosedAt, IReadOnlyList<UnitNode> Children);
/// <summary>The top units of one type (with everything below them, whatever its type).</summary>
public sealed record UnitTypeBranch(string Category, string CategoryName, IReadOnlyList<UnitNode> Units);

/// <summary>GET /units/tree: the tenant's hierarchy, grouped by the type of its top units, in the order offices list types.</summary>
public static class UnitTree
{
    public static async Task<Ok<IReadOnlyList<UnitTypeBranch>>> GetAsync(PeopleDbContext db, CancellationToken ct, bool includeClosed = false)
    {
        var query = db.Units.AsNoTracking();
        if (!includeClosed) query = query.Where(u => u.ClosedAt == null);
        var units = await query.OrderBy(u => u.Name).ThenBy(u => u.Id).ToListAsync(ct);
        var present = units.Select(u => u.Id).ToHashSet();
        var children = units.Where(u => u.ParentId is { } p && present.Contains(p)).ToLookup(u => u.ParentId!.Value);
        UnitNode Node(Unit u) => new(u.Id, u.Name, u.Category, UnitTypes.Names.GetValueOrDefault(u.Category, u.Category), u.ClosedAt,
            [.. children[u.Id].Select(Node)]);
        // A unit whose parent is not shown (none, or closed and hidden) is a top unit.
        var tops = units.Where(u => u.ParentId is not { } p || !present.Contains(p)).ToList();
        var types = UnitTypes.Names.Keys.Concat(tops.Select(u => u.Category).Where(c => !UnitTypes.IsKnown(c)).Distinct().Order());
        IReadOnlyList<UnitTypeBranch> branches = [.. types
            .Select(t => new UnitTypeBranch(t, UnitTypes.Names.GetValueOrDefault(t, t), [.. tops.Where(u => u.Category == t).Select(Node)]))
            .Where(b => b.Units.Count > 0)];
        return TypedResults.Ok(branches);
    }
}
