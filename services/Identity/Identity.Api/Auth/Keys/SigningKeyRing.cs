using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace SheqingMinyi.Identity.Auth.Keys;

/// <summary>
/// The keys OpenIddict uses now. OpenIddict reads <c>IOptionsMonitor&lt;OpenIddictServerOptions&gt;</c> on every
/// request, so the supported way to change its credentials at run time is an options change token: when
/// <see cref="RefreshAsync"/> finds another set of keys (a new key published, another one now signing, one retired)
/// it fires the server options' token, and then the validation options' (identity's own APIs validate against the
/// local server's keys, copied when those options are built), and the monitors rebuild them from
/// <see cref="Configure"/>. Signing credentials are listed newest active key first: OpenIddict signs with the first
/// and publishes all of them in the JWKS.
/// </summary>
public sealed class SigningKeyRing(SigningKeyStore store, TimeProvider clock, ILogger<SigningKeyRing> logger)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private sealed record Snapshot(IReadOnlyList<ServerKey> Signing, IReadOnlyList<ServerKey> Encryption)
    {
        public string Fingerprint => string.Join(",", Signing.Select(k => k.KeyId)) + "|" + string.Join(",", Encryption.Select(k => k.KeyId));
    }

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _current;
    private CancellationTokenSource _serverChanged = new();
    private CancellationTokenSource _validationChanged = new();

    private Snapshot Current => _current ?? Load();

    /// <summary>Synchronises the schedule at the clock's time and, when the keys in use changed, has OpenIddict rebuild its options.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var keys = await store.SynchroniseAsync(now, ct);
            var signing = keys.Where(k => k.Use == "sig").ToList();
            // Newest key that may sign first; keys not yet active after it, then the replaced ones.
            var active = signing.Where(k => k.ActivatesAt <= now).MaxBy(k => k.ActivatesAt)
                ?? throw new InvalidOperationException("No signing key is active.");
            var next = new Snapshot(
                [active, .. signing.Where(k => k != active).OrderByDescending(k => k.ActivatesAt)],
                [.. keys.Where(k => k.Use == "enc").OrderByDescending(k => k.ActivatesAt)]);
            var previous = _current;
            if (previous?.Fingerprint == next.Fingerprint) return;
            _current = next;
            if (previous is null) return; // nothing has read the options yet
            logger.LogInformation("Server keys changed: signing with {Active}, publishing {Published}", active.KeyId, string.Join(", ", next.Signing.Select(k => k.KeyId)));
            Fire(ref _serverChanged);
            Fire(ref _validationChanged);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private Snapshot Load()
    {
        RefreshAsync().GetAwaiter().GetResult();
        return _current!;
    }

    private static void Fire(ref CancellationTokenSource source)
    {
        var fired = Interlocked.Exchange(ref source, new CancellationTokenSource());
        fired.Cancel();
    }

    public void Configure(OpenIddictServerOptions options)
    {
        var snapshot = Current;
        foreach (var key in snapshot.Signing)
            options.SigningCredentials.Add(new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
        foreach (var key in snapshot.Encryption)
            options.EncryptionCredentials.Add(new EncryptingCredentials(key.Key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    public sealed class ServerChanges(SigningKeyRing ring) : IOptionsChangeTokenSource<OpenIddictServerOptions>
    {
        public string? Name => Options.DefaultName;
        public IChangeToken GetChangeToken() => new CancellationChangeToken(ring._serverChanged.Token);
    }

    public sealed class ValidationChanges(SigningKeyRing ring) : IOptionsChangeTokenSource<OpenIddictValidationOptions>
    {
        public string? Name => Options.DefaultName;
        public IChangeToken GetChangeToken() => new CancellationChangeToken(ring._validationChanged.Token);
    }
}
