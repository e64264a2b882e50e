using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Aspire.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>
/// Local mode with direct endpoints (as scripts/run.sh starts it, ports not randomized): PostgreSQL and Redis run
/// unproxied, listening themselves on the configured ports, and the connection strings name those ports.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(StoreStartupCollection.Name)]
public sealed class DirectStoreEndpointsTests
{
    [Fact]
    public async Task PostgreSQL_and_Redis_answer_on_their_configured_ports_with_no_proxy_between()
    {
        using var scratch = new ScratchDirectory();
        var (postgresPort, redisPort) = (FreePort(), FreePort());
        await using var app = await StoresOnlyApp.BuildAsync($"Infrastructure:DataDirectory={scratch.Path}",
            "DcpPublisher:RandomizePorts=false", $"Infrastructure:PostgresPort={postgresPort}", $"Infrastructure:RedisPort={redisPort}");
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await app.StartAsync(startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("intakedb", startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("redis", startup.Token);

            var database = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("intakedb", startup.Token));
            Assert.Equal(postgresPort, database.Port);
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync(startup.Token);
                // The server's own port setting: the client reached PostgreSQL itself, not a proxy in front of it.
                await using var port = new NpgsqlCommand("SELECT current_setting('port')", connection);
                Assert.Equal(postgresPort.ToString(), await port.ExecuteScalarAsync(startup.Token));
            }

            var redisOptions = ConfigurationOptions.Parse((await app.GetConnectionStringAsync("redis", startup.Token))!);
            Assert.Equal(redisPort, redisOptions.EndPoints.Single() switch { DnsEndPoint d => d.Port, IPEndPoint i => i.Port, _ => 0 });
            redisOptions.AllowAdmin = true; // CONFIG GET
            await using var redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
            var server = redis.GetServer(redis.GetEndPoints().Single());
            Assert.Equal(redisPort.ToString(), (await server.ConfigGetAsync("port")).Single().Value);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
