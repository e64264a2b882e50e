using System.Runtime.Versioning;
using Aspire.Hosting;
using Npgsql;
using SheqingMinyi.AppHost.Infrastructure;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// A clone in a private directory (mode 700, as /root is): as root, PostgreSQL runs as the postgres user, which may
/// not enter it. Local mode must still come up — with PostgreSQL's data where postgres can reach it — not hang.
/// (Not as root, PostgreSQL runs as the same user and the directory is simply usable: the test still holds.)
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(StoreStartupCollection.Name)]
public sealed class PrivateDataDirectoryTests
{
    private static bool AsRoot => Environment.UserName == "root";

    [Fact]
    public async Task PostgreSQL_with_its_data_directory_in_a_private_directory_gets_healthy_and_serves_a_service_database()
    {
        using var privateDir = new ScratchDirectory(ScratchDirectory.Private);
        var configured = Path.Combine(privateDir.Path, "clone", ".data", "local");
        await using var app = await StoresOnlyApp.BuildAsync($"Infrastructure:DataDirectory={configured}");
        var postgres = (LocalPostgresResource)app.Resource("postgres");
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await app.StartAsync(startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("intakedb", startup.Token);

            await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("intakedb", startup.Token));
            await connection.OpenAsync(startup.Token);
            await using var query = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal("intakedb", await query.ExecuteScalarAsync(startup.Token));

            if (AsRoot)
            {
                Assert.StartsWith(PostgresDataLocation.FallbackRoot + "/", postgres.DataDirectory);
                await ResourceLog.AssertContainsAsync(app, "postgres", $"PostgreSQL data: {postgres.DataDirectory}, not {Path.Combine(configured, "postgres")}");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                    File.GetUnixFileMode(Path.GetDirectoryName(postgres.DataDirectory)!));
            }
            else
            {
                Assert.Equal(Path.Combine(configured, "postgres"), postgres.DataDirectory);
            }
        }
        finally
        {
            await app.StopAsync();
            // The fallback is per configured path, and this one was a throwaway: do not leave a cluster behind.
            if (postgres.DataDirectory.StartsWith(PostgresDataLocation.FallbackRoot + "/", StringComparison.Ordinal))
                Directory.Delete(Path.GetDirectoryName(postgres.DataDirectory)!, recursive: true);
        }
    }
}
