using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Security;

/// <summary>
/// The access-token validator, remembering the tokens it found valid: a client sends the same token on every
/// request until it expires, and checking its RSA signature, parsing it and building its claims each time was the
/// gateway's largest cost per request (see docs/performance.md). A remembered token is accepted again without that
/// work only while all of this still holds:
/// <list type="bullet">
/// <item>it has not expired (its <c>exp</c>; no clock skew is granted from memory);</item>
/// <item>the signing keys are the very ones it was checked against (the configuration object the JWKS manager
/// gives now is the one it gave then: after a key refresh every token is checked again);</item>
/// <item>it is the same string, byte for byte (the key of the memory).</item>
/// </list>
/// Only valid tokens are remembered, so a token of another key, a wrong audience or type is checked (and refused)
/// every time. Revocation is not this class's business: the gateway checks every request's claims against the
/// revocation list after authentication, remembered or not. Memory is bounded: past <see cref="Capacity"/> tokens,
/// expired ones are dropped, and if that is not enough, all of them.
/// </summary>
public sealed class ValidatedTokenCache(int capacity, TimeProvider? clock = null) : JsonWebTokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>Tokens remembered now (for tests and diagnostics).</summary>
    public int Count => Volatile.Read(ref _count);

    private sealed record Entry(BaseConfiguration Configuration, JsonWebToken Token, ClaimsIdentity Identity, DateTime ExpiresUtc);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters parameters)
    {
        // Without a configuration manager there is no key set to tie a memory to: validate every time.
        var manager = parameters.ConfigurationManager;
        if (manager is null || Capacity <= 0) return await base.ValidateTokenAsync(token, parameters);

        var now = _clock.GetUtcNow().UtcDateTime;
        BaseConfiguration configuration;
        try { configuration = await manager.GetBaseConfigurationAsync(CancellationToken.None); }
        catch (Exception) { return await base.ValidateTokenAsync(token, parameters); } // no keys yet: the validator says why
        if (_valid.TryGetValue(token, out var known))
        {
            if (ReferenceEquals(known.Configuration, configuration) && now < known.ExpiresUtc)
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = known.Token,
                    ClaimsIdentity = known.Identity.Clone(), // each request its own: nothing shared is ever changed
                    Issuer = known.Token.Issuer,
                    TokenType = known.Token.Typ,
                };
            Forget(token);
        }

        var result = await base.ValidateTokenAsync(token, parameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > now
            // The configuration it was checked against must still be the current one (not a last-known-good).
            && ReferenceEquals(configuration, await manager.GetBaseConfigurationAsync(CancellationToken.None)))
            Remember(token, new Entry(configuration, jwt, result.ClaimsIdentity.Clone(), jwt.ValidTo), now);
        return result;
    }

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private void Remember(string token, Entry entry, DateTime now)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            foreach (var (key, old) in _valid)
                if (old.ExpiresUtc <= now) Forget(key);
            if (Volatile.Read(ref _count) >= Capacity)
                foreach (var key in _valid.Keys) Forget(key);
        }
        if (_valid.TryAdd(token, entry)) Interlocked.Increment(ref _count);
    }

    private void Forget(string token)
    {
        if (_valid.TryRemove(token, out _)) Interlocked.Decrement(ref _count);
    }
}
