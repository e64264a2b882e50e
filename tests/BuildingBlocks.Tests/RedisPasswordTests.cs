using System.Net;
using System.Net.Sockets;
using System.Text;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>The tests' Redis wants a password, as local mode's does: a client without it is refused (NOAUTH).</summary>
public sealed class RedisPasswordTests
{
    private static async Task<string> SendAsync(EndPoint endpoint, string command)
    {
        var (host, port) = endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new InvalidOperationException($"unexpected endpoint {endpoint}"),
        };
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[512];
        return Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task A_client_without_the_password_is_refused_and_one_with_it_is_served()
    {
        var options = ConfigurationOptions.Parse(TestStores.Redis);
        Assert.False(string.IsNullOrEmpty(options.Password));
        var endpoint = options.EndPoints.Single();

        Assert.StartsWith("-NOAUTH", await SendAsync(endpoint, "PING"));
        Assert.StartsWith("-NOAUTH", await SendAsync(endpoint, "XRANGE anything - +"));
        Assert.StartsWith("-WRONGPASS", await SendAsync(endpoint, "AUTH not-the-password"));
        Assert.Equal("+OK\r\n", await SendAsync(endpoint, $"AUTH {options.Password}"));
        await using var authenticated = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.True(await authenticated.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }
}
