using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.Identity.Auth.Keys;

/// <summary>One of the server's RSA keys as the schedule sees it: signing ("sig") or encrypting its own tokens ("enc").</summary>
public sealed record ServerKey(string KeyId, string Use, RsaSecurityKey Key, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt);

/// <summary>
/// The server's keys in table <c>sqmy_keys.server_keys</c> (migration SigningKeyRotation): the private key as
/// PKCS#8 PEM protected by Data Protection, with when it was created, starts signing and stops being published.
/// The schema is closed to the application role <c>sqmy_app</c>; the store reads it as the database owner (the
/// service's configured login). Every replica runs <see cref="SynchroniseAsync"/> under one advisory lock, so
/// they agree on one schedule: the first start makes the keys, later ones and the other replicas find them.
/// </summary>
public sealed class SigningKeyStore(IConfiguration configuration, IDataProtectionProvider protection, IOptions<SigningKeyOptions> options,
    ILogger<SigningKeyStore> logger)
{
    public const string Purpose = "SheqingMinyi.Identity.ServerKeys.v1";
    public const string Table = "sqmy_keys.server_keys";
    private const string LegacyTable = "public.server_keys";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);
    // Decrypted once per key (a key never changes): the same instance each refresh, so IdentityModel's caches hold.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RsaSecurityKey> _decrypted = new();
    private readonly TimeSpan _retireAfter = options.Value.RetireAfter
        ?? configuration.GetValue("Identity:AccessTokenLifetime", TimeSpan.FromMinutes(15)) + TimeSpan.FromMinutes(5);

    private sealed record Row(string KeyId, string Use, string Protected, DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt);

    /// <summary>Brings the schedule up to <paramref name="now"/> (first keys, the next key when due, retirements)
    /// and returns every key still published, decrypted.</summary>
    public async Task<IReadOnlyList<ServerKey>> SynchroniseAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        // The owner's login: the application's cannot read schema sqmy_keys.
        var connectionString = DatabaseLogins.FromConfiguration(configuration, ResourceNames.IdentityDb).Owner;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('sqmy.server_keys'))", ct);
        await ImportLegacyAsync(connection, ct);
        var rows = await RowsAsync(connection, ct);

        if (!rows.Any(r => r.Use == "enc"))
            rows.Add(await CreateAsync(connection, "enc", now, ct));
        var live = rows.Where(r => r.Use == "sig" && (r.RetiresAt is null || r.RetiresAt > now)).ToList();
        var active = live.Where(r => r.ActivatesAt <= now).MaxBy(r => r.ActivatesAt);
        if (active is null)
            live.Add(active = await CreateAsync(connection, "sig", now, ct));
        var settings = options.Value;
        if (!live.Any(r => r.ActivatesAt > active.ActivatesAt) && now >= active.ActivatesAt + settings.RotationInterval - settings.PublishAhead)
        {
            // Published at least PublishAhead before it signs, even when the service was down at the due time.
            var activatesAt = Max(active.ActivatesAt + settings.RotationInterval, now + settings.PublishAhead);
            live.Add(await CreateAsync(connection, "sig", activatesAt, ct));
            logger.LogInformation("Created the next signing key, published now and signing from {ActivatesAt:O}", activatesAt);
        }
        // Keys the active one replaced stay published until the tokens they signed have expired; every replica computes the same time.
        await ExecuteAsync(connection, $"UPDATE {Table} SET retires_at = $1 WHERE use = 'sig' AND activates_at < $2 AND retires_at IS NULL", ct,
            active.ActivatesAt + _retireAfter, active.ActivatesAt);
        await transaction.CommitAsync(ct);

        rows = await RowsAsync(connection, ct);
        return [.. rows.Where(r => r.Use == "enc" || r.RetiresAt is null || r.RetiresAt > now).Select(Decrypt)];
    }

    private ServerKey Decrypt(Row row) =>
        new(row.KeyId, row.Use, _decrypted.GetOrAdd(row.KeyId, _ => Unprotect(row)), row.ActivatesAt, row.RetiresAt);

    private RsaSecurityKey Unprotect(Row row)
    {
        string pem;
        try
        {
            pem = _protector.Unprotect(row.Protected);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"Server key {row.KeyId} cannot be decrypted with this Data Protection key ring: every replica " +
                $"must use the same {KeyRingProtection.Section}:Directory (and certificate).", ex);
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = row.KeyId };
    }

    private async Task<Row> CreateAsync(NpgsqlConnection connection, string use, DateTimeOffset activatesAt, CancellationToken ct)
    {
        using var rsa = RSA.Create(2048);
        return await InsertAsync(connection, use, rsa, DateTimeOffset.UtcNow, activatesAt, ct);
    }

    private async Task<Row> InsertAsync(NpgsqlConnection connection, string use, RSA rsa, DateTimeOffset createdAt, DateTimeOffset activatesAt, CancellationToken ct)
    {
        var row = new Row(KeyIdOf(use, rsa), use, _protector.Protect(rsa.ExportPkcs8PrivateKeyPem()), activatesAt, null);
        await ExecuteAsync(connection,
            $"INSERT INTO {Table} (kid, use, protected_key, created_at, activates_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kid) DO NOTHING", ct,
            row.KeyId, use, row.Protected, createdAt, activatesAt);
        return row;
    }

    /// <summary>
    /// Keys the older code kept as plain PEM in public.server_keys are encrypted into the new table, keeping their
    /// key ids (tokens they signed stay valid, and the schedule rotates them out like any other), and the plain rows
    /// are deleted. The emptied table stays until a later migration drops it.
    /// </summary>
    private async Task ImportLegacyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{LegacyTable}') IS NOT NULL", connection))
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return;
        var legacy = new List<(string Use, string Pem, DateTimeOffset CreatedAt)>();
        await using (var select = new NpgsqlCommand($"SELECT use, private_key_pem, created_at FROM {LegacyTable} WHERE use IN ('sig', 'enc')", connection))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) legacy.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        foreach (var (use, pem, createdAt) in legacy)
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            await InsertAsync(connection, use, rsa, createdAt, createdAt, ct);
        }
        if (legacy.Count > 0)
        {
            await ExecuteAsync(connection, $"DELETE FROM {LegacyTable} WHERE use IN ('sig', 'enc')", ct);
            logger.LogWarning("Encrypted {Count} plain server keys of {Table} into {NewTable} and deleted the plain rows", legacy.Count, LegacyTable, Table);
        }
    }

    private static async Task<List<Row>> RowsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = new List<Row>();
        await using var command = new NpgsqlCommand($"SELECT kid, use, protected_key, activates_at, retires_at FROM {Table} ORDER BY activates_at, kid", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    /// <summary>The same key id the older store gave a key, from its public part.</summary>
    public static string KeyIdOf(string use, RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return $"{use}-{Base64UrlEncoder.Encode(SHA256.HashData([.. parameters.Modulus!, .. parameters.Exponent!]))[..16]}";
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
