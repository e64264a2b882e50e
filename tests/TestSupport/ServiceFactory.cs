using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// One service in process (WebApplicationFactory) on a database of its own on the real test PostgreSQL, with
/// the real test Redis under a key prefix of its own. Clients act for a tenant through the internal header,
/// as the gateway would set it.
/// </summary>
public class ServiceFactory<TProgram>(string databaseName) : WebApplicationFactory<TProgram>, IAsyncLifetime where TProgram : class
{
    /// <summary>The fixture's database as the tables' owner (ConnectionStrings:{db}-owner): what tests read it with.</summary>
    public string ConnectionString { get; private set; } = "";
    /// <summary>The same database as the service's application login (ConnectionStrings:{db}), under row security.</summary>
    public string ApplicationConnectionString => TestStores.ApplicationLoginFor(ConnectionString);
    public string RedisPrefix { get; } = TestStores.NewRedisPrefix(databaseName);

    /// <summary>Extra configuration a test fixture wants (e.g. shorter messaging intervals).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>The fixture's database (by default a fresh one the tests' superuser owns); returns its connection string.</summary>
    protected virtual Task<string> CreateDatabaseAsync(string purpose) => TestStores.CreateDatabaseAsync(purpose);

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync(databaseName);
        _ = Server; // start now: migrations run before the first test
        KnownTenantsSupport.Track(RedisPrefix, ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in new Dictionary<string, string?>(TestStores.DatabaseSettings(databaseName, ConnectionString))
        {
            ["ConnectionStrings:redis"] = TestStores.Redis,
            ["Messaging:StreamPrefix"] = RedisPrefix,
            ["Messaging:RelayPollInterval"] = "00:00:00.500",
            ["Messaging:ConsumerPollInterval"] = "00:00:00.100",
            // Tests announce their tenants first; one that does not wants the dead letter at once (KnownTenantTests).
            ["Messaging:UnknownTenantGrace"] = "00:00:00",
            ["Demo:Seed"] = "false",
        }.Concat(ExtraSettings))
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.TrustTestTokens());
    }

    /// <summary>A client acting for <paramref name="tenantId"/> with a valid token (by default, every staff role).</summary>
    public HttpClient ClientFor(string tenantId, IEnumerable<string>? roles = null, Guid? personId = null, IEnumerable<string>? scopes = null) =>
        ClientWithToken(TestTokens.Create(tenantId, roles, personId, scopes));

    public virtual HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public new async Task DisposeAsync() => await base.DisposeAsync();
}

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds (events cross processes asynchronously); fails after the limit.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? limit = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        T last = await probe();
        while (!condition(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Condition not met in time: {what ?? typeof(T).Name}; last value: {last}");
            await Task.Delay(100);
            last = await probe();
        }
        return last;
    }
}

public static class HttpAssertions
{
    /// <summary>Reads a problem answer and checks it is RFC 9457 with the expected status.</summary>
    public static async Task<System.Text.Json.JsonElement> ReadProblemAsync(this HttpResponseMessage response, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _), "problem has a traceId");
        Assert.True(problem.TryGetProperty("code", out _), "problem has a code");
        return problem;
    }
}
