using Microsoft.EntityFrameworkCore;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>The tenant's workflow versions as the cases and the API need them (the tenant filter scopes every query).</summary>
public static class WorkflowCatalog
{
    /// <summary>The version new cases open with: the tenant's latest, or the platform default (version 0).</summary>
    public static async Task<ReviewWorkflow> CurrentWorkflowAsync(this ReviewDbContext db, CancellationToken ct) =>
        await db.Workflows.AsNoTracking().OrderByDescending(w => w.Version).FirstOrDefaultAsync(ct) is { } latest
            ? latest.ToWorkflow() : ReviewWorkflow.Default;

    /// <summary>The version a case follows.</summary>
    public static async Task<ReviewWorkflow> WorkflowAsync(this ReviewDbContext db, int version, CancellationToken ct) =>
        version == 0 ? ReviewWorkflow.Default
            : (await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Version == version, ct))?.ToWorkflow() ?? ReviewWorkflow.Default;

    /// <summary>Every version of the tenant, the default included (a tenant keeps a handful: read them all at once).</summary>
    public static async Task<IReadOnlyDictionary<int, ReviewWorkflow>> AllWorkflowsAsync(this ReviewDbContext db, CancellationToken ct)
    {
        var all = await db.Workflows.AsNoTracking().ToListAsync(ct);
        var byVersion = all.ToDictionary(w => w.Version, w => w.ToWorkflow());
        byVersion[0] = ReviewWorkflow.Default;
        return byVersion;
    }

    public static ReviewWorkflow For(this IReadOnlyDictionary<int, ReviewWorkflow> workflows, ReviewCase c) =>
        workflows.TryGetValue(c.WorkflowVersion, out var w) ? w : ReviewWorkflow.Default;
}
