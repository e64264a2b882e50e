using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenIddict.Abstractions;
using SheqingMinyi.Tests;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Tests;

/// <summary>The identity service with a low per-client limit, so a test reaches it in a few requests.</summary>
public sealed class LockoutIdentityFactory : IdentityFactory
{
    public const int ClientMaxFailures = 6;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Identity:SignIn:ClientMaxFailures"] = ClientMaxFailures.ToString(),
    };
}

/// <summary>
/// Five failures lock an account (even the right password is refused) without touching other accounts; many
/// failures through one client throttle that client and no other; the state is in PostgreSQL; failed sign-ins
/// never keep the typed password, and an unknown user name only as a keyed hash.
/// </summary>
public sealed class SignInLockoutTests(LockoutIdentityFactory factory) : IClassFixture<LockoutIdentityFactory>
{
    /// <summary>A public client allowed the password grant, as another front end (or an attacker's script) would use.</summary>
    private async Task<string> NewPublicClientAsync()
    {
        var clientId = $"front-{Guid.NewGuid():N}"[..18];
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId, ClientType = ClientTypes.Public, DisplayName = clientId,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.Password },
        });
        return clientId;
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> SignInAsync(string clientId, string user, string password = Tokens.Password) =>
        Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "password"), ("client_id", clientId), ("username", user), ("password", password));

    private Task<long> ScalarAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public async Task Five_failures_lock_the_account_for_the_right_password_too_and_no_other_account_until_the_lock_ends()
    {
        var attacker = await NewPublicClientAsync();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(attacker, "zhangming", $"guess-{i}")).Status);

        var (locked, error) = await SignInAsync(Tokens.PortalClient, "zhangming");
        Assert.Equal(HttpStatusCode.BadRequest, locked);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.Equal("用户名或密码错误 (wrong user name or password).", error.GetProperty("error_description").GetString()); // the same answer
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Tokens.PortalClient, "lihua")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(attacker, "wangfang")).Status); // the client is not throttled by 5

        // Kept in PostgreSQL (shared by replicas, kept over restarts) — and a second instance on the database agrees.
        var accountId = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT id::text FROM accounts WHERE user_name = 'zhangming'");
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE key = $1 AND locked_until > now() + interval '14 minutes'", $"account:{accountId}"));
        await using (var replica = new SameDatabaseIdentityFactory(factory.ConnectionString))
            Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(replica.CreateClient(), "zhangming")).Status);
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM audit_entries WHERE action = 'sign-in-failed' AND subject = 'zhangming' AND outcome = 'account locked'")); // portal and replica

        // When the lock ends, the right password works and the count starts again.
        await ScalarAsync("WITH u AS (UPDATE sign_in_throttles SET locked_until = now() - interval '1 second' WHERE key = $1 RETURNING 1) SELECT count(*) FROM u", $"account:{accountId}");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Tokens.PortalClient, "zhangming")).Status);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE key = $1", $"account:{accountId}"));
    }

    [Fact]
    public async Task Failures_through_one_client_throttle_that_client_but_not_another()
    {
        var attacker = await NewPublicClientAsync();
        var bystander = await NewPublicClientAsync();
        // Spread over user names, so no account reaches its own limit.
        for (var i = 0; i < LockoutIdentityFactory.ClientMaxFailures; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(attacker, $"nobody-{i}-{Guid.NewGuid():N}", "guess")).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(attacker, "chenjing")).Status); // even the right password
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(bystander, "chenjing")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Tokens.PortalClient, "chenjing")).Status);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE key = $1 AND locked_until > now()", $"client:{attacker}"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM sign_in_throttles WHERE key = $1 AND locked_until IS NOT NULL", $"client:{bystander}"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM audit_entries WHERE action = 'sign-in-failed' AND subject = 'chenjing' AND outcome = 'client throttled'"));
    }

    [Fact]
    public async Task A_failed_sign_in_keeps_neither_the_typed_password_nor_an_unknown_user_name()
    {
        var client = await NewPublicClientAsync();
        var typedName = $"Mistyped-{Guid.NewGuid():N}"; // e.g. a password typed into the user name field
        var typedPassword = $"Secret-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(client, typedName, typedPassword)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(client, typedName, typedPassword)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(client, "liufeilong", typedPassword)).Status);

        // Every column of every row of the trail, as text.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT a::text FROM audit_entries a", connection);
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        Assert.DoesNotContain(rows, r => r.Contains(typedPassword, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(rows, r => r.Contains(typedName, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(rows, r => r.Contains(typedName[9..], StringComparison.OrdinalIgnoreCase));

        // The unknown name is kept as the same keyed hash each time, so repeated attempts can be told apart.
        await using var hashes = new NpgsqlCommand(
            "SELECT subject FROM audit_entries WHERE action = 'sign-in-failed' AND tenant_id = '' AND outcome = 'unknown user' ORDER BY at DESC LIMIT 2", connection);
        var subjects = new List<string>();
        await using (var reader = await hashes.ExecuteReaderAsync())
            while (await reader.ReadAsync()) subjects.Add(reader.GetString(0));
        Assert.Equal(2, subjects.Count);
        Assert.Matches("^unknown:[0-9a-f]{32}$", subjects[0]);
        Assert.Equal(subjects[0], subjects[1]);
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM audit_entries WHERE action = 'sign-in-failed' AND subject = 'liufeilong' AND outcome = 'wrong password' AND tenant_id = 'mj-cq'"));
    }
}
