using System.Net.Sockets;
using System.Text;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The stores local mode starts want credentials: Redis a password, and the services log in to PostgreSQL as an application login.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StoreCredentialsTests(PlatformFixture platform)
{
    [Fact]
    public async Task Local_Redis_refuses_a_client_without_the_password_and_serves_the_services_with_it()
    {
        var options = ConfigurationOptions.Parse((await platform.App.GetConnectionStringAsync("redis"))!);
        Assert.False(string.IsNullOrEmpty(options.Password));
        var endpoint = (System.Net.DnsEndPoint)options.EndPoints.Single();

        Assert.StartsWith("-NOAUTH", await RawRedis.SendAsync(endpoint.Host, endpoint.Port, "PING"));
        Assert.StartsWith("-WRONGPASS", await RawRedis.SendAsync(endpoint.Host, endpoint.Port, "AUTH not-the-password"));
        await using var authenticated = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(await authenticated.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Every_service_logs_in_as_an_application_login_and_migrates_as_the_owner()
    {
        foreach (var db in new[] { "identitydb", "peopledb", "intakedb", "reviewdb", "trainingdb", "scoringdb" })
        {
            await using var application = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(db));
            await application.OpenAsync();
            Assert.Equal(ApplicationLogin.DefaultName, application.UserName);
            Assert.Empty(await ApplicationLogin.ProblemsAsync(application));

            await using var owner = new NpgsqlConnection(await platform.App.GetConnectionStringAsync($"{db}-owner"));
            await owner.OpenAsync();
            await using var tables = new NpgsqlCommand(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user", owner);
            Assert.True((long)(await tables.ExecuteScalarAsync())! > 0, $"the owner login of {db} owns its tables");
        }
    }
}

/// <summary>One command over a bare TCP connection, no client library: what a stranger on the port would get.</summary>
internal static class RawRedis
{
    public static async Task<string> SendAsync(string host, int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
