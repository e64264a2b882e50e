using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Maintenance;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Every issued token is stored (so it can be revoked): expired, revoked and redeemed tokens and dead
/// authorizations older than Retention:InactiveTokens are removed, or the table grows with every sign-in. OpenIddict's
/// tables belong to no tenant and have no row security, so the application login does it (not the owner).</summary>
public sealed class TokenPruning(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations,
    IOptions<RetentionOptions> options, TimeProvider clock) : IRetentionTask
{
    public string Name => "inactive tokens and authorizations";

    public async Task<long> PruneAsync(CancellationToken ct)
    {
        var threshold = clock.GetUtcNow() - options.Value.InactiveTokens;
        return await tokens.PruneAsync(threshold, ct) + await authorizations.PruneAsync(threshold, ct);
    }
}
