using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>One numbered script of the platform schema (<c>PlatformSchema/NNNN_name.sql</c>, embedded in this assembly).</summary>
public sealed record PlatformScript(int Version, string Name, string Sql, string Checksum)
{
    public string FileName => $"{Version:D4}_{Name}.sql";
}

/// <summary>
/// The tables the building blocks own (outbox, inbox, dead letters, audit trail) are created and changed in every
/// service database by the numbered scripts beside this file, never by the services' EF migrations (which exclude
/// them). Each script not yet applied runs once, in order, in a transaction of its own, and is recorded in
/// <c>platform_schema_history</c>; an advisory lock keeps replicas starting together from racing.
/// </summary>
public static partial class PlatformSchemaMigrator
{
    public const string HistoryTable = "platform_schema_history";
    private const string ResourcePrefix = "PlatformSchema/";

    private const string LockAndHistorySql = $"""
        SELECT pg_advisory_xact_lock(hashtext('sqmy.platform_schema'));
        CREATE TABLE IF NOT EXISTS {HistoryTable} (
            version integer NOT NULL,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamp with time zone NOT NULL DEFAULT now(),
            CONSTRAINT pk_{HistoryTable} PRIMARY KEY (version)
        );
        """;

    public static IReadOnlyList<PlatformScript> Scripts { get; } = Load(typeof(PlatformSchemaMigrator).Assembly);

    /// <summary>Applies the scripts <paramref name="connection"/>'s database lacks, as its owner; returns those it applied.</summary>
    public static async Task<IReadOnlyList<PlatformScript>> MigrateAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        var applied = new List<PlatformScript>();
        var recorded = await RecordedAsync(connection, ct);
        foreach (var script in Scripts.Where(s => !recorded.ContainsKey(s.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, LockAndHistorySql, ct);
            // Another replica may have applied it while this one waited for the lock.
            if (await ChecksumAsync(connection, script.Version, ct) is null)
            {
                await ExecuteAsync(connection, script.Sql, ct);
                await ExecuteAsync(connection, $"INSERT INTO {HistoryTable} (version, name, checksum) VALUES ($1, $2, $3)", ct,
                    script.Version, script.Name, script.Checksum);
                applied.Add(script);
            }
            await transaction.CommitAsync(ct);
        }
        return applied;
    }

    /// <summary>What the database has applied; a script changed after it was applied is an error (add a new one instead).</summary>
    private static async Task<Dictionary<int, string>> RecordedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LockAndHistorySql, ct);
        var recorded = new Dictionary<int, string>();
        await using (var command = new NpgsqlCommand($"SELECT version, checksum FROM {HistoryTable}", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) recorded[reader.GetInt32(0)] = reader.GetString(1);
        await transaction.CommitAsync(ct);
        foreach (var script in Scripts)
            if (recorded.TryGetValue(script.Version, out var checksum) && checksum != script.Checksum)
                throw new InvalidOperationException(
                    $"Platform schema script {script.FileName} was changed after this database applied it. Applied scripts are history: add a new script instead.");
        return recorded;
    }

    private static async Task<string?> ChecksumAsync(NpgsqlConnection connection, int version, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT checksum FROM {HistoryTable} WHERE version = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    /// <summary>The embedded scripts in version order; a misnamed or duplicate version fails at start-up, not halfway.</summary>
    public static IReadOnlyList<PlatformScript> Load(Assembly assembly)
    {
        var scripts = new List<PlatformScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..];
            var match = ScriptName().Match(file);
            if (!match.Success) throw new InvalidOperationException($"Platform schema script '{file}' is not named NNNN_name.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            // Line endings normalised, so a checkout with CRLF has the same checksum.
            var sql = reader.ReadToEnd().Replace("\r\n", "\n");
            scripts.Add(new PlatformScript(int.Parse(match.Groups[1].Value), match.Groups[2].Value, sql,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (scripts.Select(s => s.Version).Distinct().Count() != scripts.Count)
            throw new InvalidOperationException("Two platform schema scripts have the same version number.");
        return scripts;
    }
}
