using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>
/// The If-Match a change must carry: the ETag of the version the caller read. Taking this type as a parameter makes
/// the header required on the endpoint (missing or <c>*</c>: 428 precondition-required, before the handler runs)
/// and puts the new ETag on its answer. The handler calls <see cref="Holds"/> on the entity it loaded: a stale tag
/// is a 412 that changes nothing, and a change committed meanwhile fails the UPDATE's row-version check (412 too).
/// </summary>
public sealed class IfMatch : IEndpointParameterMetadataProvider
{
    public const string HeaderName = "If-Match";

    private readonly IReadOnlyList<uint> _versions;
    private readonly bool _present;

    private IfMatch(bool present, IReadOnlyList<uint> versions) => (_present, _versions) = (present, versions);

    public static ValueTask<IfMatch?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var header = context.Request.Headers.IfMatch;
        // Absent, or "*" (any version at all): no precondition the caller actually read.
        if (StringValues.IsNullOrEmpty(header)) return Bound(new IfMatch(false, []));
        // Unparseable or not one of our tags: present, but it can name no version (412).
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)) return Bound(new IfMatch(true, []));
        if (tags.Any(t => t.Tag == EntityTagHeaderValue.Any.Tag)) return Bound(new IfMatch(false, []));
        return Bound(new IfMatch(true, [.. tags.Select(t => ETags.TryParseVersion(t, out var v) ? v : (uint?)null).OfType<uint>()]));
    }

    private static ValueTask<IfMatch?> Bound(IfMatch value) => ValueTask.FromResult<IfMatch?>(value);

    /// <summary>
    /// True when the caller's ETag names the entity's current version. Pins that version as the one the UPDATE
    /// must find, so a change committed since the entity was read fails SaveChanges (DbUpdateConcurrencyException).
    /// </summary>
    public bool Holds<TEntity>(DbContext db, TEntity entity, Func<TEntity, uint> version) where TEntity : class
    {
        var current = version(entity);
        if (!_versions.Contains(current)) return false;
        db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = current;
        return true;
    }

    /// <summary>
    /// For a representation whose ETag covers more than its row (<paramref name="tag"/>, e.g. a row with live counts):
    /// true when the caller's ETag names that tag; then pins the row's own version as the one the UPDATE must find.
    /// </summary>
    public bool Holds<TEntity>(DbContext db, TEntity entity, uint tag, Func<TEntity, uint> version) where TEntity : class
    {
        if (!_versions.Contains(tag)) return false;
        db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = version(entity);
        return true;
    }

    /// <summary><see cref="Holds{TEntity}(DbContext, TEntity, Func{TEntity, uint})"/> for aggregates that count their
    /// own versions (an int raised by each change, carried by their events) rather than using xmin.</summary>
    public bool Holds<TEntity>(DbContext db, TEntity entity, Func<TEntity, int> version) where TEntity : class
    {
        var current = version(entity);
        if (current < 0 || !_versions.Contains((uint)current)) return false;
        db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = current;
        return true;
    }

    /// <summary>True when the caller's ETag names <paramref name="version"/>: for a resource whose version is not a row
    /// of its own (a default in force until the first change); the caller guards the race on the next version's key.</summary>
    public bool Names(uint version) => _versions.Contains(version);

    /// <summary>True when the caller's ETag is "0": the ETag a GET answers for a resource not yet set (a PUT that
    /// creates it). A concurrent creation still fails on the resource's unique key.</summary>
    public bool HoldsAbsent => _versions.Contains(0u);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(IfMatchMetadata.Instance);
        builder.Metadata.Add(ETagMetadata.Instance);
        builder.FilterFactories.Add((_, next) => async invocation =>
        {
            if (invocation.Arguments.OfType<IfMatch>().FirstOrDefault() is { _present: false })
                return Required();
            return ETags.Apply(invocation.HttpContext, await next(invocation));
        });
    }

    public static ProblemHttpResult Required() => ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "precondition-required",
        "缺少前提条件 If-Match", "Send If-Match with the ETag of the version you read (GET the resource for it); * is not accepted.");

    public static ProblemHttpResult Stale(string what) => ApiProblems.Problem(StatusCodes.Status412PreconditionFailed, "precondition-failed",
        "资源已被修改", $"The {what} changed since the version your If-Match names; GET it again and retry with its new ETag.");
}

/// <summary>Marks an endpoint that requires If-Match (listed in the API document and checked by the contract tests).</summary>
public sealed class IfMatchMetadata : IDocumentedHeader
{
    public static readonly IfMatchMetadata Instance = new();
    public string Name => IfMatch.HeaderName;
    public bool Required => true;
    public string Description => "必填: 读取时得到的 ETag (required: the ETag of the version you read); 过期则 412 (stale: 412).";
}
