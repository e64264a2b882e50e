using System.Security.Cryptography;
using System.Text;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>Where PostgreSQL's data directory is, and why, in words for the operator.</summary>
public sealed record PostgresDataLocation(string DataDirectory, string Explanation)
{
    /// <summary>Per-data-directory homes for clusters the postgres OS user could not keep where they were configured.</summary>
    public const string FallbackRoot = "/var/lib/sqmy";

    /// <summary>
    /// As root, PostgreSQL runs as the postgres OS user, which cannot enter a private directory such as a clone under
    /// /root (mode 700). Then a new cluster goes to <see cref="FallbackRoot"/>/&lt;hash of the configured path&gt;/postgres,
    /// owned by postgres, mode 700, and stays there: the same configured path always maps to the same place. An
    /// existing cluster is never moved: if postgres cannot reach it, that is an error with the fix in it.
    /// </summary>
    public static async Task<PostgresDataLocation> ResolveAsync(string configured, bool asRoot, CancellationToken ct)
    {
        if (!asRoot) return new(configured, $"PostgreSQL data: {configured}");
        if (!PostgresUser.Exists())
            throw new StoreStartException("running as root needs the 'postgres' OS user to run PostgreSQL as (install the postgresql package, or run as another user)");

        var home = Path.Combine(FallbackRoot, Hash(configured));
        var fallback = Path.Combine(home, "postgres");
        var clusterHere = File.Exists(Path.Combine(configured, "PG_VERSION"));
        if (!clusterHere && File.Exists(Path.Combine(fallback, "PG_VERSION")))
            return new(fallback, $"PostgreSQL data: {fallback}, not {configured}: the cluster was created there on a run when the postgres user could not reach {configured}");

        Directory.CreateDirectory(Path.GetDirectoryName(configured)!);
        var blocked = await PostgresUser.FirstUnreachableAsync(configured, ct);
        if (blocked is null) return new(configured, $"PostgreSQL data: {configured}");
        if (clusterHere)
            throw new StoreStartException(
                $"postgres cannot reach {configured}: it may not enter {blocked} (permission denied). It holds an existing cluster, which is not moved; " +
                $"let the postgres user through (e.g. chmod o+x {blocked}) or set Infrastructure:DataDirectory to a directory it can reach");

        if (!Directory.Exists(FallbackRoot))
        {
            Directory.CreateDirectory(FallbackRoot);
            PostgresUser.SetMode(FallbackRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        if (!Directory.Exists(home))
        {
            Directory.CreateDirectory(home);
            // Says whose cluster this is to whoever lists /var/lib/sqmy.
            await File.WriteAllTextAsync(Path.Combine(home, "configured-data-directory"), configured + "\n", ct);
            await PostgresUser.TakeOwnershipAsync(home, ct);
        }
        var fallbackBlocked = await PostgresUser.FirstUnreachableAsync(fallback, ct);
        if (fallbackBlocked is not null)
            throw new StoreStartException(
                $"postgres cannot reach {configured} (it may not enter {blocked}) nor the fallback {fallback} (it may not enter {fallbackBlocked}); " +
                "set Infrastructure:DataDirectory to a directory the postgres user can reach");
        return new(fallback,
            $"PostgreSQL data: {fallback}, not {configured}: PostgreSQL runs as the postgres user here (the AppHost is root), and postgres may not enter {blocked}");
    }

    /// <summary>Short and stable: the same configured path, the same fallback.</summary>
    private static string Hash(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..16];
}
