using System.Runtime.Versioning;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// Where local mode keeps PostgreSQL's data, decided by asking the postgres user (runuser) what it can enter. As root
/// that is a real question; as another user PostgreSQL runs as that user and the configured place is always kept.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PostgresDataLocationTests
{
    private static bool AsRoot => Environment.UserName == "root";

    [Fact]
    public async Task A_place_the_postgres_user_cannot_enter_maps_to_one_fallback_of_its_own_owned_by_postgres()
    {
        using var privateDir = new ScratchDirectory(ScratchDirectory.Private);
        var configured = Path.Combine(privateDir.Path, "data", "postgres");
        var first = await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None);
        try
        {
            if (!AsRoot)
            {
                Assert.Equal(configured, first.DataDirectory);
                return;
            }
            var home = Path.GetDirectoryName(first.DataDirectory)!;
            Assert.Equal(PostgresDataLocation.FallbackRoot, Path.GetDirectoryName(home));
            Assert.Contains($"postgres may not enter {privateDir.Path}", first.Explanation);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
            Assert.Equal($"{configured}\n", await File.ReadAllTextAsync(Path.Combine(home, "configured-data-directory")));
            var second = await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None);
            Assert.Equal(first.DataDirectory, second.DataDirectory);
            var other = await PostgresDataLocation.ResolveAsync(configured + "-other", AsRoot, CancellationToken.None);
            Assert.NotEqual(first.DataDirectory, other.DataDirectory);
            Directory.Delete(Path.GetDirectoryName(other.DataDirectory)!, recursive: true);
        }
        finally
        {
            DeleteFallback(first);
        }
    }

    [Fact]
    public async Task A_reachable_place_is_kept()
    {
        using var open = new ScratchDirectory();
        var configured = Path.Combine(open.Path, "data", "postgres");
        var location = await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None);
        Assert.Equal(configured, location.DataDirectory);
        Assert.Equal($"PostgreSQL data: {configured}", location.Explanation);
    }

    [Fact]
    public async Task An_existing_cluster_the_postgres_user_cannot_reach_is_not_moved_and_the_error_says_what_to_open()
    {
        using var privateDir = new ScratchDirectory(ScratchDirectory.Private);
        var configured = privateDir.CorruptCluster(Path.Combine(privateDir.Path, "data")); // PG_VERSION is all it looks at
        if (!AsRoot)
        {
            Assert.Equal(configured, (await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None)).DataDirectory);
            return;
        }
        var error = await Assert.ThrowsAsync<StoreStartException>(() => PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None));
        Assert.Contains($"postgres cannot reach {configured}: it may not enter {privateDir.Path}", error.Message);
        Assert.Contains($"chmod o+x {privateDir.Path}", error.Message);
    }

    [Fact]
    public async Task A_cluster_once_put_in_the_fallback_stays_in_use_when_the_configured_place_becomes_reachable()
    {
        using var dir = new ScratchDirectory(ScratchDirectory.Private);
        var configured = Path.Combine(dir.Path, "data", "postgres");
        var first = await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None);
        if (!AsRoot) return; // nothing was moved to begin with
        try
        {
            Directory.CreateDirectory(first.DataDirectory);
            await File.WriteAllTextAsync(Path.Combine(first.DataDirectory, "PG_VERSION"), "15\n");
            File.SetUnixFileMode(dir.Path, File.GetUnixFileMode(dir.Path) | UnixFileMode.OtherExecute);

            var later = await PostgresDataLocation.ResolveAsync(configured, AsRoot, CancellationToken.None);
            Assert.Equal(first.DataDirectory, later.DataDirectory);
            Assert.Contains("created there on a run when the postgres user could not reach", later.Explanation);
        }
        finally
        {
            DeleteFallback(first);
        }
    }

    private static void DeleteFallback(PostgresDataLocation location)
    {
        if (location.DataDirectory.StartsWith(PostgresDataLocation.FallbackRoot + "/", StringComparison.Ordinal))
            Directory.Delete(Path.GetDirectoryName(location.DataDirectory)!, recursive: true);
    }
}
