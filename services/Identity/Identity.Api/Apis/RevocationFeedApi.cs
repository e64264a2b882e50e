using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Apis;

public sealed record RevocationEntry(RevocationKind Kind, string Subject, string TenantId, DateTimeOffset RevokedAt);
/// <summary>The revocations since <see cref="From"/>, as of <see cref="AsOf"/>, oldest first.</summary>
public sealed record RevocationFeed(DateTimeOffset AsOf, DateTimeOffset From, IReadOnlyList<RevocationEntry> Items);

/// <summary>
/// The gateway's revocation feed: every tenant's revocations still young enough to matter, i.e. within the longest
/// access token lifetime plus the validators' clock skew. It carries ids only (no names, no reasons).
/// Who may call: only callers inside the cluster. It needs no token (the gateway has none of its own), is left out
/// of the API document, and the gateway answers /api/identity/internal/** itself with 404, so it is never routed
/// from outside (tested in Gateway.Tests). Identity has no external endpoint; only the gateway does.
/// </summary>
public static class RevocationFeedApi
{
    public const string Path = "/internal/revocations";
    /// <summary>Validators accept tokens up to 30 s past their expiry; a minute covers it.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapRevocationFeed(this IEndpointRouteBuilder app)
    {
        var lifetime = app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Identity:AccessTokenLifetime", TimeSpan.FromMinutes(15));
        app.MapGet(Path, (DateTimeOffset? since, IdentityDbContext db, AllTenants allTenants, TimeProvider clock, CancellationToken ct) =>
                ReadAsync(since, lifetime + Margin, db, allTenants, clock, ct))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<RevocationFeed>> ReadAsync(DateTimeOffset? since, TimeSpan window, IdentityDbContext db, AllTenants allTenants,
        TimeProvider clock, CancellationToken ct)
    {
        // all tenants: the gateway checks every token
        var now = clock.GetUtcNow();
        var from = since is { } asked && asked > now - window ? asked : now - window;
        var items = await db.Revocations.AsNoTracking().Where(r => r.RevokedAt >= from).OrderBy(r => r.RevokedAt).ThenBy(r => r.Id)
            .Select(r => new RevocationEntry(r.Kind, r.Subject, r.TenantId, r.RevokedAt)).ToListAsync(ct);
        return TypedResults.Ok(new RevocationFeed(now, from, items));
    }
}
