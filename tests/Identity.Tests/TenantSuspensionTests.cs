using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// The operator suspends a tenant: its view shows it, a revocation and an audit line are saved with it, its accounts
/// and clients get no token until it is resumed. Each test works on a tenant of its own (made here, with accounts
/// copied from a demo account's password hash), so the demo tenants stay active.
/// </summary>
public sealed class TenantSuspensionTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private Task<HttpClient> OperatorAsync() => Tokens.SignedInClientAsync(factory, "operator");

    /// <summary>A new tenant under 沙坪坝区政协 with one account of <paramref name="role"/> (password: the demo one).</summary>
    private async Task<(string Tenant, string User)> NewTenantAsync(string role = "member")
    {
        var tenant = $"t-{Guid.NewGuid():N}"[..14];
        var response = await (await OperatorAsync()).PostAsJsonAsync("/tenants", new { id = tenant, name = "测试政协", kind = "cppcc", parentId = "spb-zx" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (tenant, await AddAccountAsync(tenant, role));
    }

    private async Task<string> AddAccountAsync(string tenant, string role)
    {
        var user = $"u-{Guid.NewGuid():N}"[..14];
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH added AS (
                INSERT INTO accounts (id, tenant_id, user_name, password_hash, person_id, roles, disabled, created_at)
                SELECT gen_random_uuid(), $1, $2, password_hash, NULL, ARRAY[$3], false, now() FROM accounts WHERE user_name = 'zhangming'
                RETURNING 1)
            SELECT count(*) FROM added
            """, tenant, user, role));
        return user;
    }

    private Task<long> RevocationsAsync(string subject) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM revocations WHERE subject = $1", subject);

    private Task<long> AuditAsync(string tenant, string action) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = $2", tenant, action);

    private static Task<HttpResponseMessage> SuspendAsync(HttpClient client, string tenant, object? body = null) =>
        client.PostAsJsonAsync($"/tenants/{tenant}/suspend", body ?? new { reason = "  未按期整改  " });

    [Fact]
    public async Task A_suspension_shows_in_the_tenant_views_and_saves_a_tenant_revocation_and_an_audit_line()
    {
        var (tenant, _) = await NewTenantAsync();
        var op = await OperatorAsync();

        var response = await SuspendAsync(op, tenant);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("未按期整改", view.GetProperty("suspendedReason").GetString());
        var at = view.GetProperty("suspendedAt").GetDateTimeOffset();
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var read = await op.GetFromJsonAsync<JsonElement>($"/tenants/{tenant}");
        Assert.Equal("未按期整改", read.GetProperty("suspendedReason").GetString());
        // The database keeps microseconds; the answer to the change had the clock's ticks.
        Assert.InRange(read.GetProperty("suspendedAt").GetDateTimeOffset(), at.AddMilliseconds(-1), at.AddMilliseconds(1));
        var listed = (await TenantsApi.ListAsync(op)).EnumerateArray().Single(t => t.GetProperty("id").GetString() == tenant);
        Assert.Equal("未按期整改", listed.GetProperty("suspendedReason").GetString());
        // The parent body sees its child suspended; an active tenant shows no suspension at all.
        var spb = await Tokens.SignedInClientAsync(factory, "spb-admin");
        Assert.Equal("未按期整改", (await spb.GetFromJsonAsync<JsonElement>($"/tenants/{tenant}")).GetProperty("suspendedReason").GetString());
        Assert.False((await spb.GetFromJsonAsync<JsonElement>("/tenants/spb-zx")).TryGetProperty("suspendedAt", out _));

        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            """
            SELECT count(*) FROM revocations WHERE kind = 'Tenant' AND subject = $1 AND tenant_id = $1
                AND abs(extract(epoch FROM revoked_at - $2)) < 0.001 AND reason = '未按期整改'
            """,
            tenant, at));
        Assert.Equal(1, await AuditAsync(tenant, "tenant-suspended"));
    }

    [Fact]
    public async Task A_suspended_tenants_accounts_and_clients_get_no_token_until_it_is_resumed()
    {
        var (tenant, member) = await NewTenantAsync();
        var admin = await AddAccountAsync(tenant, "tenant-admin");
        var adminClient = await Tokens.SignedInClientAsync(factory, admin);
        var registered = await (await adminClient.PostAsJsonAsync("/clients", new { displayName = "测试OA", scopes = new[] { "intake.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var (clientId, secret) = (registered.GetProperty("clientId").GetString()!, registered.GetProperty("clientSecret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.ClientCredentialsAsync(factory.CreateClient(), clientId, secret, "intake.read")).Status);
        var op = await OperatorAsync();

        Assert.Equal(HttpStatusCode.OK, (await SuspendAsync(op, tenant)).StatusCode);

        var (personStatus, personError) = await Tokens.PasswordAsync(factory.CreateClient(), member);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (personStatus, personError.GetProperty("error").GetString()));
        Assert.Contains("停用", personError.GetProperty("error_description").GetString());
        var (clientStatus, clientError) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), clientId, secret, "intake.read");
        Assert.Equal("invalid_client", clientError.GetProperty("error").GetString());
        Assert.NotEqual(HttpStatusCode.OK, clientStatus);
        // A wrong password still says only that: the suspension is told to those who know the password.
        var (_, wrong) = await Tokens.PasswordAsync(factory.CreateClient(), member, "wrong-password");
        Assert.DoesNotContain("停用", wrong.GetProperty("error_description").GetString());
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'sign-in-failed' AND outcome = 'tenant suspended'", tenant));

        var resumed = await op.PostAsync($"/tenants/{tenant}/resume", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False((await resumed.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("suspendedAt", out _));
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), member)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.ClientCredentialsAsync(factory.CreateClient(), clientId, secret, "intake.read")).Status);
        Assert.Equal(1, await AuditAsync(tenant, "tenant-resumed"));
    }

    [Fact]
    public async Task Suspending_a_suspended_tenant_or_resuming_an_active_one_is_409_and_changes_nothing()
    {
        var (tenant, _) = await NewTenantAsync();
        var op = await OperatorAsync();

        var notSuspended = await op.PostAsync($"/tenants/{tenant}/resume", null);
        Assert.Equal("tenant-not-suspended", (await notSuspended.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SuspendAsync(op, tenant)).StatusCode);
        var again = await SuspendAsync(op, tenant, new { reason = "另一个原因" });

        var problem = await again.ReadProblemAsync(409);
        Assert.Equal(("tenant-suspended", "租户已停用"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        Assert.Equal("未按期整改", (await op.GetFromJsonAsync<JsonElement>($"/tenants/{tenant}")).GetProperty("suspendedReason").GetString());
        Assert.Equal(1, await RevocationsAsync(tenant));
        Assert.Equal(1, await AuditAsync(tenant, "tenant-suspended"));
        Assert.Equal(0, await AuditAsync(tenant, "tenant-resumed"));
    }

    [Fact]
    public async Task The_operator_cannot_suspend_the_operators_own_tenant()
    {
        var op = await OperatorAsync();

        var response = await SuspendAsync(op, "cq-zx");

        Assert.Equal("own-tenant", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.False((await op.GetFromJsonAsync<JsonElement>("/tenants/cq-zx")).TryGetProperty("suspendedAt", out _));
        Assert.Equal(0, await RevocationsAsync("cq-zx"));
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), "operator")).Status);
    }

    [Fact]
    public async Task An_unknown_tenant_is_404()
    {
        var op = await OperatorAsync();

        Assert.Equal("not-found", (await (await SuspendAsync(op, "no-such-zx")).ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await (await op.PostAsync("/tenants/no-such-zx/resume", null)).ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal(0, await RevocationsAsync("no-such-zx"));
    }

    [Theory]
    [InlineData("spb-admin")]
    [InlineData("mj-admin")]
    [InlineData("zhangming")]
    [InlineData("partner")]
    public async Task Anyone_but_the_operator_is_forbidden_to_suspend_or_resume(string who)
    {
        var (tenant, member) = await NewTenantAsync();
        var client = who == "partner"
            ? factory.CreateClient().WithBearer(await Tokens.PartnerAccessTokenAsync(factory.CreateClient()))
            : await Tokens.SignedInClientAsync(factory, who);

        Assert.Equal("forbidden", (await (await SuspendAsync(client, tenant)).ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SuspendAsync(await OperatorAsync(), tenant)).StatusCode);
        Assert.Equal("forbidden", (await (await client.PostAsync($"/tenants/{tenant}/resume", null)).ReadProblemAsync(403)).GetProperty("code").GetString());

        Assert.Equal(1, await RevocationsAsync(tenant));
        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(factory.CreateClient(), member)).Status);
    }

    public static TheoryData<string> InvalidReasons => new()
    {
        "{}",
        """{"reason":"   "}""",
        $$"""{"reason":"{{new string('因', 201)}}"}""",
    };

    [Theory]
    [MemberData(nameof(InvalidReasons))]
    public async Task A_missing_or_too_long_reason_is_400_and_changes_nothing(string body)
    {
        var (tenant, member) = await NewTenantAsync();
        var op = await OperatorAsync();

        var response = await op.PostAsync($"/tenants/{tenant}/suspend", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.False((await op.GetFromJsonAsync<JsonElement>($"/tenants/{tenant}")).TryGetProperty("suspendedAt", out _));
        Assert.Equal(0, await RevocationsAsync(tenant));
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), member)).Status);
    }
}
