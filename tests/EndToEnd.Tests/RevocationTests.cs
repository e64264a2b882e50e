using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 7: a suspended tenant, a revoked partner client and a disabled account lose access within 60 s — the
/// gateway refuses their tokens (it reads identity's revocation feed every 15 s by default) and identity issues them
/// no new ones. Real tokens, real gateway. Each test makes a tenant of its own, so the demo tenants stay untouched.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RevocationTests(PlatformFixture platform)
{
    /// <summary>The promise of issue 7, and the bound of every wait here.</summary>
    private const int RevocationBoundSeconds = 60;

    private async Task<NpgsqlConnection> IdentityDbAsync()
    {
        var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("identitydb-owner"));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A new tenant under 沙坪坝区政协 (by the operator, through the gateway) and its accounts, one per role given.</summary>
    private async Task<(string Tenant, string[] Users)> NewTenantAsync(params string[] roles)
    {
        var tenant = $"rv-{Guid.NewGuid():N}"[..15];
        var op = await platform.SignedInAsync("operator");
        Assert.Equal(HttpStatusCode.Created,
            (await op.PostAsJsonAsync("/api/identity/tenants", new { id = tenant, name = "撤销测试政协", kind = "cppcc", parentId = "spb-zx" })).StatusCode);
        // No account API on this branch: accounts are added in identity's database, with a demo account's hash (same password).
        await using var db = await IdentityDbAsync();
        var users = new List<string>();
        foreach (var role in roles)
        {
            var user = $"u-{Guid.NewGuid():N}"[..14];
            await using var insert = new NpgsqlCommand("""
                INSERT INTO accounts (id, tenant_id, user_name, password_hash, person_id, roles, disabled, created_at)
                SELECT gen_random_uuid(), $1, $2, password_hash, NULL, ARRAY[$3], false, now() FROM accounts WHERE user_name = 'zhangming'
                """, db) { Parameters = { new() { Value = tenant }, new() { Value = user }, new() { Value = role } } };
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            users.Add(user);
        }
        return (tenant, [.. users]);
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(Dictionary<string, string> form) =>
        await platform.Anonymous().PostAsync("/connect/token", new FormUrlEncodedContent(form));

    private Task<HttpResponseMessage> SignInAsync(string user) => TokenRequestAsync(new()
    {
        ["grant_type"] = "password", ["client_id"] = "sqmy-portal", ["username"] = user, ["password"] = PlatformFixture.DemoPassword,
    });

    private static async Task<HttpClient> WithTokenAsync(HttpClient client, HttpResponseMessage tokenResponse)
    {
        var body = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(tokenResponse.IsSuccessStatusCode, $"token request: {(int)tokenResponse.StatusCode} {body}");
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("access_token").GetString());
        return client;
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage tokenResponse)
    {
        Assert.Equal(HttpStatusCode.BadRequest, tokenResponse.StatusCode);
        return (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
    }

    /// <summary>The token's caller reads its tenant through the gateway, until refused; fails if that takes over 60 s.</summary>
    private static async Task AssertRefusedWithinBoundAsync(HttpClient client, string tenant)
    {
        var clock = Stopwatch.StartNew();
        var refused = await FlowTests.EventuallyAsync(() => client.GetAsync($"/api/identity/tenants/{tenant}"),
            r => r.StatusCode == HttpStatusCode.Unauthorized, "the token refused at the gateway", RevocationBoundSeconds);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(RevocationBoundSeconds));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("令牌已被撤销", "token-revoked"), (problem.GetProperty("title").GetString(), problem.GetProperty("code").GetString()));
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("error=\"invalid_token\""));
    }

    private static async Task AssertWorksAsync(HttpClient client, string tenant) =>
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/identity/tenants/{tenant}")).StatusCode);

    [Fact]
    public async Task A_suspended_tenants_token_is_refused_within_60_s_new_sign_ins_too_until_it_is_resumed()
    {
        var (tenant, users) = await NewTenantAsync("member");
        var person = await WithTokenAsync(platform.Anonymous(), await SignInAsync(users[0]));
        await AssertWorksAsync(person, tenant);
        var op = await platform.SignedInAsync("operator");

        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/identity/tenants/{tenant}/suspend", new { reason = "端到端测试" })).StatusCode);

        await AssertRefusedWithinBoundAsync(person, tenant);
        Assert.Equal("invalid_grant", await ErrorAsync(await SignInAsync(users[0])));

        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync($"/api/identity/tenants/{tenant}/resume", null)).StatusCode);
        Assert.True((await SignInAsync(users[0])).IsSuccessStatusCode, "a sign-in after the resume gets a token");
        // A token issued within 2 s of the suspension counts as from before it (iat has whole seconds): a fresh
        // sign-in works through the gateway at the latest that long after.
        await FlowTests.EventuallyAsync(async () => (await (await WithTokenAsync(platform.Anonymous(), await SignInAsync(users[0])))
                .GetAsync($"/api/identity/tenants/{tenant}")).StatusCode,
            s => s == HttpStatusCode.OK, "a new sign-in after the resume works through the gateway", 10);
    }

    [Fact]
    public async Task A_revoked_partner_clients_token_is_refused_within_60_s_and_it_gets_no_new_one()
    {
        var (tenant, users) = await NewTenantAsync("tenant-admin");
        var admin = await WithTokenAsync(platform.Anonymous(), await SignInAsync(users[0]));
        var registered = await (await admin.PostAsJsonAsync("/api/identity/clients", new { displayName = "撤销测试OA", scopes = new[] { "intake.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var clientForm = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = registered.GetProperty("clientId").GetString()!,
            ["client_secret"] = registered.GetProperty("clientSecret").GetString()!, ["scope"] = "intake.read",
        };
        var partner = await WithTokenAsync(platform.Anonymous(), await TokenRequestAsync(clientForm));
        await AssertWorksAsync(partner, tenant);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/identity/clients/{clientForm["client_id"]}")).StatusCode);

        await AssertRefusedWithinBoundAsync(partner, tenant);
        var refused = await TokenRequestAsync(clientForm);
        Assert.False(refused.IsSuccessStatusCode);
        Assert.Equal("invalid_client", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        await AssertWorksAsync(admin, tenant);
    }

    [Fact]
    public async Task A_disabled_accounts_token_is_refused_within_60_s_and_another_account_of_its_tenant_is_not()
    {
        var (tenant, users) = await NewTenantAsync("member", "member");
        var disabled = await WithTokenAsync(platform.Anonymous(), await SignInAsync(users[0]));
        var other = await WithTokenAsync(platform.Anonymous(), await SignInAsync(users[1]));
        await AssertWorksAsync(disabled, tenant);

        // No disable endpoint on this branch (POST /accounts/{id}/disable is built elsewhere): disabled here as that
        // endpoint does it by the contract, the flag and an account revocation in one transaction.
        await using (var db = await IdentityDbAsync())
        await using (var transaction = await db.BeginTransactionAsync())
        {
            await using var disable = new NpgsqlCommand("UPDATE accounts SET disabled = true WHERE user_name = $1", db, transaction)
                { Parameters = { new() { Value = users[0] } } };
            Assert.Equal(1, await disable.ExecuteNonQueryAsync());
            await using var revoke = new NpgsqlCommand("""
                INSERT INTO revocations (kind, subject, tenant_id, revoked_at, reason)
                SELECT 'Account', id::text, tenant_id, now(), 'disabled by the end-to-end test' FROM accounts WHERE user_name = $1
                """, db, transaction) { Parameters = { new() { Value = users[0] } } };
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
            await transaction.CommitAsync();
        }

        await AssertRefusedWithinBoundAsync(disabled, tenant);
        Assert.Equal("invalid_grant", await ErrorAsync(await SignInAsync(users[0])));
        await AssertWorksAsync(other, tenant);
    }
}
