using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Primitives;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> (IETF httpapi idempotency-key draft) on the POSTs that create or decide: optional; with
/// it, a retry of the same request gets the first answer again instead of a second effect. See
/// <see cref="IdempotencyMiddleware{TContext}"/> for how.
/// </summary>
public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;
    /// <summary>How long a key and its answer are kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>The answer's headers kept and replayed with its status and body.</summary>
    public static readonly string[] StoredHeaders = ["Content-Type", "Location", "ETag"];

    /// <summary>Marks a POST that creates or decides: it takes an Idempotency-Key.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(IdempotentEndpointMetadata.Instance);

    /// <summary>One key of 1 to 255 visible ASCII characters (quotes allowed, as the draft's sf-string has them).</summary>
    public static bool TryRead(StringValues header, out string key)
    {
        key = header.Count == 1 ? header[0]!.Trim() : "";
        if (key.Length > 1 && key[0] == '"' && key[^1] == '"') key = key[1..^1];
        return key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and <= '~');
    }

    /// <summary>Whose keys these are: a partner system's client_id, else the signed-in subject.</summary>
    public static string ClientOf(ClaimsPrincipal user) =>
        (user.IsInRole(PlatformRoles.Partner) ? user.FindFirst(PlatformClaims.ClientId)?.Value : null)
        ?? user.FindFirst("sub")?.Value ?? "";
}

/// <summary>Marks an endpoint that takes an Idempotency-Key (put in the API document, checked by the contract tests).</summary>
public sealed class IdempotentEndpointMetadata : IDocumentedHeader
{
    public static readonly IdempotentEndpointMetadata Instance = new();
    public string Name => IdempotencyKeys.HeaderName;
    public bool Required => false;
    public string Description =>
        "可选: 同一键与同一请求体的重试得到首次的应答 (optional: a retry with the same key and body gets the first answer; 24 h per client)";
}
