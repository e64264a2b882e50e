using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Client ids the test decides, one per call, so a collision can be forced.</summary>
public sealed class ScriptedClientIds : IClientIdGenerator
{
    public ConcurrentQueue<string> Next { get; } = new();
    public string NewId(string tenantId) => Next.TryDequeue(out var id) ? id : new RandomClientIds().NewId(tenantId);
}

/// <summary>
/// A client id that is taken is tried again with a new one, and when every try is taken the answer is a 409
/// problem that registers nothing, never a 500; a tenant's list is read from its own rows; a revocation is recorded.
/// </summary>
public sealed class ClientConflictTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private readonly ScriptedClientIds _ids = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _server;

    /// <summary>The spb admin on a second instance of the service (same database) whose client ids the test scripts.</summary>
    private async Task<HttpClient> AdminAsync()
    {
        _server ??= factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IClientIdGenerator>(_ids)));
        return _server.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(_server.CreateClient(), "spb-admin"));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient admin) =>
        admin.PostAsJsonAsync("/clients", new { displayName = "沙坪坝区12345热线", scopes = new[] { "intake.read" } });

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public async Task A_taken_id_is_retried_and_when_every_try_is_taken_the_answer_is_a_409_that_registers_nothing()
    {
        var admin = await AdminAsync();
        var taken = $"spb-zx-{Guid.NewGuid():N}";
        _ids.Next.Enqueue(taken);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(admin)).StatusCode);

        var fresh = $"spb-zx-{Guid.NewGuid():N}";
        foreach (var id in new[] { taken, taken, fresh }) _ids.Next.Enqueue(id);
        var retried = await RegisterAsync(admin);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(fresh, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString());

        var (applications, rows) = (await CountAsync("SELECT count(*) FROM \"OpenIddictApplications\""), await CountAsync("SELECT count(*) FROM partner_clients"));
        for (var i = 0; i < PartnerClientRegistry.Attempts; i++) _ids.Next.Enqueue(taken);
        var problem = await (await RegisterAsync(admin)).ReadProblemAsync(409);
        Assert.Equal("client-id-conflict", problem.GetProperty("code").GetString());
        Assert.Equal(applications, await CountAsync("SELECT count(*) FROM \"OpenIddictApplications\""));
        Assert.Equal(rows, await CountAsync("SELECT count(*) FROM partner_clients"));
    }

    [Fact]
    public async Task An_id_lost_to_another_tenants_row_in_a_race_is_a_409_not_a_500()
    {
        // Another tenant's partner_clients row without its application yet: the check finds nothing, the insert collides.
        var racing = $"mj-cq-{Guid.NewGuid():N}";
        await CountAsync("WITH i AS (INSERT INTO partner_clients (client_id, tenant_id, created_at) VALUES ($1, 'mj-cq', now()) RETURNING 1) SELECT count(*) FROM i", racing);
        var admin = await AdminAsync();
        var applications = await CountAsync("SELECT count(*) FROM \"OpenIddictApplications\"");
        for (var i = 0; i < PartnerClientRegistry.Attempts; i++) _ids.Next.Enqueue(racing);

        var problem = await (await RegisterAsync(admin)).ReadProblemAsync(409);

        Assert.Equal("client-id-conflict", problem.GetProperty("code").GetString());
        Assert.Equal(applications, await CountAsync("SELECT count(*) FROM \"OpenIddictApplications\""));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM partner_clients WHERE client_id = $1 AND tenant_id = 'mj-cq'", racing));
    }

    [Fact]
    public async Task The_list_pages_the_tenants_own_rows_among_many_of_other_tenants()
    {
        // 300 clients of 30 other tenants, straight into the table.
        await CountAsync("""
            WITH t AS (INSERT INTO tenants (id, name, kind, created_at)
                       SELECT 'other-' || g, '其他' || g, 'Cppcc', now() FROM generate_series(1, 30) g ON CONFLICT DO NOTHING RETURNING 1),
                 c AS (INSERT INTO partner_clients (client_id, tenant_id, created_at)
                       SELECT 'other-' || (g % 30 + 1) || '-' || md5(random()::text), 'other-' || (g % 30 + 1), now() FROM generate_series(1, 300) g RETURNING 1)
            SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM c)
            """);
        var admin = await AdminAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(admin)).StatusCode);
        var own = await CountAsync("SELECT count(*) FROM partner_clients WHERE tenant_id = 'spb-zx'");
        Assert.True(own >= 4); // the demo partner, the demo department client and three

        var first = await admin.GetFromJsonAsync<JsonElement>("/clients?page=1&pageSize=2");
        var all = await admin.GetFromJsonAsync<JsonElement>("/clients?page=1&pageSize=200");

        Assert.Equal(own, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(own, all.GetProperty("items").GetArrayLength());
        Assert.All(all.GetProperty("items").EnumerateArray(), c =>
            Assert.True(c.GetProperty("clientId").GetString() is "spb-oa" or "spb-mzj" || c.GetProperty("clientId").GetString()!.StartsWith("spb-zx-")));
    }

    [Fact]
    public async Task Revoking_a_client_records_a_revocation_and_removes_its_row()
    {
        var admin = await AdminAsync();
        var created = await (await RegisterAsync(admin)).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("clientId").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/clients/{id}")).StatusCode);

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM revocations WHERE kind = 'Client' AND subject = $1 AND tenant_id = 'spb-zx'", id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM partner_clients WHERE client_id = $1", id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"OpenIddictApplications\" WHERE client_id = $1", id));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/clients/{id}")).StatusCode);
    }
}
