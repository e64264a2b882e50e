using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>A page of a list with the total count; page numbers start at 1.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>
/// The query's <c>page</c> and <c>pageSize</c>, the one paging input of every list endpoint. Bounded so that
/// (page - 1) × pageSize always fits an int and a very deep page is refused rather than scanned: 1 ≤ page ≤ 10,000,
/// 1 ≤ pageSize ≤ 200. Out of bounds, not a number, or given twice: a 400 validation problem before the handler
/// runs (taking this type as a parameter adds the check and documents both parameters).
/// </summary>
public sealed record PageRequest(int Page, int PageSize) : IEndpointParameterMetadataProvider
{
    public const int MaxPage = 10_000, MaxPageSize = 200, DefaultPageSize = 20;

    public static readonly PageRequest First = new(1, DefaultPageSize);

    /// <summary>Rows before this page; at most 9,999 × 200.</summary>
    public int Skip => (Page - 1) * PageSize;

    private Dictionary<string, string[]>? Errors { get; init; }

    public static ValueTask<PageRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var errors = new Dictionary<string, string[]>();
        var page = Read(context.Request.Query, "page", fallback: 1, max: MaxPage, errors);
        var pageSize = Read(context.Request.Query, "pageSize", fallback: DefaultPageSize, max: MaxPageSize, errors);
        return ValueTask.FromResult<PageRequest?>(new PageRequest(page, pageSize) { Errors = errors.Count > 0 ? errors : null });
    }

    private static int Read(IQueryCollection query, string name, int fallback, int max, Dictionary<string, string[]> errors)
    {
        const int min = 1;
        var values = query[name];
        if (values.Count == 0) return fallback;
        // Digits only (no sign, spaces or exponent); too many digits fails the parse rather than wrapping.
        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors[name] = [$"{min} ≤ {name} ≤ {max} 的整数 (an integer from {min} to {max})"];
        return fallback;
    }

    /// <summary>Endpoints taking a PageRequest refuse a bad one with a validation problem, and document page and pageSize.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(PagedEndpointMetadata.Instance);
        builder.FilterFactories.Add((_, next) => invocation =>
        {
            foreach (var argument in invocation.Arguments)
                if (argument is PageRequest { Errors: { } errors }) return ValueTask.FromResult<object?>(ApiProblems.Validation(errors));
            return next(invocation);
        });
    }
}

/// <summary>Marks an endpoint that takes <see cref="PageRequest"/> (read by the API document and the contract tests).</summary>
public sealed class PagedEndpointMetadata
{
    public static readonly PagedEndpointMetadata Instance = new();
}

public static class Paging
{
    /// <summary>Counts first, then reads the page: a row committed in between may appear in the items without being
    /// counted, but a counted row is never missing from a page that should hold it.</summary>
    public static async Task<PagedList<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        return new(await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct), page.Page, page.PageSize, total);
    }

    /// <summary>A page of a list already in memory.</summary>
    public static PagedList<T> ToPage<T>(this IReadOnlyCollection<T> items, PageRequest page) =>
        new([.. items.Skip(page.Skip).Take(page.PageSize)], page.Page, page.PageSize, items.Count);

    /// <summary>The same page with its items mapped (e.g. entities to views).</summary>
    public static PagedList<TOut> Select<TIn, TOut>(this PagedList<TIn> page, Func<TIn, TOut> map) =>
        new([.. page.Items.Select(map)], page.Page, page.PageSize, page.Total);
}
