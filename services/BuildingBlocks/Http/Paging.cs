using Microsoft.EntityFrameworkCore;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>A page of a list with the total count; page numbers start at 1.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    public static bool IsValid(int page, int pageSize) => page >= 1 && pageSize is >= 1 and <= MaxPageSize;

    /// <summary>Counts first, then reads the page: a row committed in between may appear in the items without being
    /// counted, but a counted row is never missing from a page that should hold it.</summary>
    public static async Task<PagedList<T>> ToPageAsync<T>(this IQueryable<T> query, int page, int pageSize, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        return new(await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct), page, pageSize, total);
    }
}
