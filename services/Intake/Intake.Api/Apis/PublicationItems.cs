using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Intake.Domain.Publications;

namespace SheqingMinyi.Intake.Apis;

/// <summary>The ordered items of a publication (an issue, a selection): {submissionIds: [...]}.</summary>
public sealed record PublicationItemsRequest(IReadOnlyList<Guid>? SubmissionIds);

public sealed record AuthorName(Guid PersonId, string? Name);

/// <summary>An item as a publication lists it: title, authors (lead first) with their names, the unit's name.</summary>
public sealed record PublicationItemView(int Order, Guid SubmissionId, string Title, IReadOnlyList<AuthorName> Authors, Guid UnitId, string? UnitName);

/// <summary>What issues and selections share: checking a list of items and reading them back with names.</summary>
internal static class PublicationItems
{
    /// <summary>At most <paramref name="max"/> ids, no repeats, each an adopted item of the tenant (RLS and the query
    /// filter keep other tenants' ids out: they read as unknown). Errors name <c>submissionIds[i]</c>.</summary>
    public static async Task<Validator> CheckAsync(IntakeDbContext db, IReadOnlyList<Guid>? ids, int max, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(ids is not null, "submissionIds", "必填 (required)")
            .Check(ids is null || ids.Count <= max, "submissionIds", $"最多 {max} 篇 (at most {max} items)");
        if (!validator.IsValid) return validator;
        var items = await db.Submissions.AsNoTracking().Where(s => ids!.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        for (var i = 0; i < ids!.Count; i++)
        {
            var field = $"submissionIds[{i}]";
            if (ids.Take(i).Contains(ids[i])) validator.Add(field, "同一篇稿件只能列入一次 (an item appears once)");
            else if (!items.TryGetValue(ids[i], out var item)) validator.Add(field, "本单位没有这篇稿件 (unknown item)");
            else if (!ItemShares.IsAdopted(item)) validator.Add(field, $"稿件“{item.Title}”未被采用，不能列入 (only adopted items)");
        }
        return validator;
    }

    /// <summary>The items by id (tracked off: read only).</summary>
    public static Task<Dictionary<Guid, Submission>> LoadAsync(IntakeDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);

    /// <summary>The items in order with their authors' and units' names from intake's people directory.</summary>
    public static async Task<(IReadOnlyList<PublicationItemView> Views, Dictionary<Guid, Submission> Items)> ViewsAsync(
        IntakeDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var items = await LoadAsync(db, ids, ct);
        var personIds = items.Values.SelectMany(s => s.AuthorPersonIds).Distinct().ToList();
        var unitIds = items.Values.Select(s => s.UnitId).Distinct().ToList();
        var persons = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => personIds.Contains(p.PersonId) && p.Version > 0)
            .ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
        var units = await db.Set<DirectoryUnit>().AsNoTracking().Where(u => unitIds.Contains(u.UnitId) && u.Version > 0)
            .ToDictionaryAsync(u => u.UnitId, u => u.Name, ct);
        var views = ids.Where(items.ContainsKey).Select((id, i) =>
        {
            var s = items[id];
            return new PublicationItemView(i + 1, id, s.Title, [.. s.AuthorPersonIds.Select(p => new AuthorName(p, persons.GetValueOrDefault(p)))],
                s.UnitId, units.GetValueOrDefault(s.UnitId));
        }).ToList();
        return (views, items);
    }
}
