using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// The gateway in process (TestServer), its service discovery pointed by configuration
/// (services:{name}:http:0) at addresses of the test's choosing.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string Tenant = "test-tenant";
    public const int MaxBody = 1024;
    public const int MaxUpload = 4096;

    /// <summary>Settings for a gateway whose services live at <paramref name="services"/> (service name → base address).</summary>
    public static Dictionary<string, string?> SettingsFor(IEnumerable<KeyValuePair<string, Uri>> services)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestBodyBytes"] = MaxBody.ToString(),
            ["Gateway:MaxUploadBodyBytes"] = MaxUpload.ToString(),
        };
        foreach (var (name, address) in services)
            settings[$"services:{name}:http:0"] = address.GetLeftPart(UriPartial.Authority);
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.TrustTestTokens());
    }

    /// <summary>Every client carries a valid token of <see cref="Tenant"/>; tests of refusal remove or replace it.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(Tenant));
    }

    /// <summary>An address on 127.0.0.1 where nothing listens (bound, read, released).</summary>
    public static Uri DeadAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}

/// <summary>One echo backend per service and a gateway (in process, on TestServer) pointed at them, shared by a test class.</summary>
public class GatewayFixture : IAsyncLifetime
{
    /// <summary>
    /// True: the gateway runs on real Kestrel (a free port on 127.0.0.1) instead of TestServer. Needed where the
    /// behaviour belongs to Kestrel, e.g. its MaxRequestBodySize limit on chunked bodies, which TestServer lacks.
    /// </summary>
    protected virtual bool OnKestrel => false;

    /// <summary>Settings laid over <see cref="GatewayFactory.SettingsFor"/> (e.g. small rate limits).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, EchoBackend> Backends { get; private set; } = null!;
    public GatewayFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var backends = new Dictionary<string, EchoBackend>();
        foreach (var service in Proxy.ServiceRoutes.PathToService.Values)
            backends[service] = await EchoBackend.StartAsync(service);
        Backends = backends;
        var settings = GatewayFactory.SettingsFor(backends.Select(b => KeyValuePair.Create(b.Key, b.Value.Address)));
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        Factory = new GatewayFactory(settings);
        if (OnKestrel)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
        }
        else
            _ = Factory.Server;
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        foreach (var backend in Backends.Values) await backend.DisposeAsync();
    }
}

/// <summary>As <see cref="GatewayFixture"/>, with the gateway on real Kestrel, reached over TCP.</summary>
public sealed class KestrelGatewayFixture : GatewayFixture
{
    protected override bool OnKestrel => true;
}
