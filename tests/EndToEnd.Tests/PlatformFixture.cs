using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// The whole platform as the AppHost runs it in local mode: PostgreSQL and Redis started from the machine's
/// binaries in a data folder of this run's own, the five services and the gateway, demo data seeded.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"sqmy-e2e-{Guid.NewGuid():N}");
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;

    public static readonly string[] Services = ["identity", "people", "intake", "review", "training", "scoring"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "Infrastructure:Mode=local",
            $"Infrastructure:DataDirectory={_dataDirectory}",
            "Demo:Seed=true",
        ]);
        App = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await App.StartAsync(startup.Token);
        foreach (var name in Services.Append("gateway"))
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name, startup.Token);
        // A staff member of 沙坪坝区政协 for the tests that only need to read and write as staff.
        Gateway = await SignedInAsync("wangfang");
    }

    public const string DemoPassword = "Sqmy@2026";

    /// <summary>A gateway client carrying a real access token of a demo account, from the token endpoint via the gateway.</summary>
    public async Task<HttpClient> SignedInAsync(string user)
    {
        var client = App.CreateHttpClient("gateway");
        var token = await TokenAsync(client, new()
        {
            ["grant_type"] = "password", ["client_id"] = "sqmy-portal", ["username"] = user, ["password"] = DemoPassword,
        });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>A gateway client of the demo partner system (client credentials).</summary>
    public async Task<HttpClient> PartnerAsync(string scope)
    {
        var client = App.CreateHttpClient("gateway");
        var token = await TokenAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "spb-oa", ["client_secret"] = "spb-oa-demo-secret", ["scope"] = scope,
        });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>A gateway client of 沙坪坝 区民政局's system (the demo department client, scope review.handle).</summary>
    public async Task<HttpClient> DepartmentClientAsync()
    {
        var client = App.CreateHttpClient("gateway");
        var token = await TokenAsync(client, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "spb-mzj", ["client_secret"] = "spb-mzj-demo-secret", ["scope"] = "review.handle",
        });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public HttpClient Anonymous() => App.CreateHttpClient("gateway");

    /// <summary>沙坪坝's 经济委员会 (a demo unit of spb-zx).</summary>
    public static readonly Guid SpbEconomyCommittee = new("0e5b1c2a-0001-4000-8000-000000000001");

    /// <summary>
    /// A new member of spb-zx in 经济委员会, registered through the people API, once intake and scoring know them:
    /// intake credits only persons the people service announced, and a test with an author of its own reads
    /// points no other test adds to.
    /// </summary>
    public async Task<Guid> NewAuthorAsync(string name = "测试作者")
    {
        var admin = await SignedInAsync("spb-admin");
        var created = await admin.PostAsJsonAsync("/api/people/persons", new { name, unitId = SpbEconomyCommittee, roles = new[] { "member" } });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var person = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        foreach (var db in new[] { "intakedb", "scoringdb" })
            await FlowTests.EventuallyAsync(() => OwnerScalarAsync<long>(db, "SELECT count(*) FROM directory_persons WHERE person_id = @p", ("p", person)),
                c => c == 1, $"the new author known in {db}");
        return person;
    }

    /// <summary>A scalar read as the database's owner (every tenant's rows).</summary>
    public async Task<T> OwnerScalarAsync<T>(string db, string sql, params (string Name, object Value)[] parameters)
    {
        var connectionString = await App.GetConnectionStringAsync($"{db}-owner") ?? throw new InvalidOperationException($"no connection string for {db}");
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> TokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request failed: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Runs a resource command (e.g. resource-stop) as an operator would from the dashboard.</summary>
    public async Task RunCommandAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource}: {result.ErrorMessage}");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
