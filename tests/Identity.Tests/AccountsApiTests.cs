using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// A tenant admin invites a person, who activates the account with the one-time code and a password of their
/// own and signs in through the real token endpoint; disabling, enabling and resetting; other tenants see nothing.
/// </summary>
public sealed class AccountsApiTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string GoodPassword = "Chongqing-Jialing-7";

    private async Task<HttpClient> AsAsync(string user) =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    private static string NewUserName() => $"u{Guid.NewGuid():N}"[..12];

    private static async Task<(Guid Id, string UserName, string Code)> InviteAsync(HttpClient admin, Guid? personId = null, params string[] roles)
    {
        var userName = NewUserName();
        var response = await admin.PostAsJsonAsync("/accounts",
            new { userName, displayName = "刘红梅", roles = roles.Length > 0 ? roles : ["member"], personId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var account = body.GetProperty("account");
        Assert.Equal("invited", account.GetProperty("status").GetString());
        Assert.Equal(userName, account.GetProperty("userName").GetString());
        return (account.GetProperty("id").GetGuid(), userName, body.GetProperty("activationCode").GetString()!);
    }

    private Task<HttpResponseMessage> ActivateAsync(string userName, string code, string password = GoodPassword) =>
        factory.CreateClient().PostAsJsonAsync("/accounts/activate", new { userName, code, password });

    /// <summary>POST /accounts/{id}/{action} with the If-Match of the account as now read.</summary>
    private static async Task<HttpResponseMessage> ChangeAsync(HttpClient admin, Guid id, string action)
    {
        var current = await admin.GetAsync($"/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/accounts/{id}/{action}");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(current.Headers.ETag!.ToString()));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        return await admin.SendAsync(request);
    }

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public async Task An_invited_person_activates_with_the_code_and_signs_in_with_their_person_id_and_roles()
    {
        var admin = await AsAsync("spb-admin");
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var (id, userName, code) = await InviteAsync(admin, person, "member", "officer");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM accounts WHERE activation_code_hash = $1", code)); // only its hash is kept

        var (beforeActivation, error) = await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword);
        Assert.Equal(HttpStatusCode.BadRequest, beforeActivation);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code.ToLowerInvariant())).StatusCode); // case-insensitive
        var (status, body) = await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword);
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, payload) = Tokens.Decode(body.GetProperty("access_token").GetString()!);
        Assert.Equal(id.ToString(), payload.GetProperty("sub").GetString());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
        Assert.Equal(person.ToString(), payload.GetProperty("person_id").GetString());
        Assert.Equal(new[] { "member", "officer" }, Tokens.Values(payload, "role").Order().ToArray());

        var account = await admin.GetFromJsonAsync<JsonElement>($"/accounts/{id}");
        Assert.Equal("active", account.GetProperty("status").GetString());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'account-invited' AND resource = $1 AND tenant_id = 'spb-zx'", id.ToString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'account-activated' AND resource = $1", id.ToString()));
        var listed = await admin.GetFromJsonAsync<JsonElement>("/accounts?pageSize=200");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.All(listed.GetProperty("items").EnumerateArray(), a => Assert.NotEqual("liufeilong", a.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task A_wrong_an_expired_and_a_used_code_and_an_unknown_user_get_the_same_answer()
    {
        var admin = await AsAsync("spb-admin");
        var (_, userName, code) = await InviteAsync(admin);
        var (_, expiredUser, expiredCode) = await InviteAsync(admin);
        await CountAsync("WITH u AS (UPDATE accounts SET activation_expires_at = now() - interval '1 minute' WHERE user_name = $1 RETURNING 1) SELECT count(*) FROM u", expiredUser);

        var answers = new List<JsonElement>
        {
            await (await ActivateAsync(userName, "AAAAA-BBBBB-CCCCC-DDDDD")).ReadProblemAsync(400),
            await (await ActivateAsync(expiredUser, expiredCode)).ReadProblemAsync(400),
            await (await ActivateAsync("nobody-" + NewUserName(), code)).ReadProblemAsync(400),
        };
        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code)).StatusCode);
        answers.Add(await (await ActivateAsync(userName, code, "Another-Password-9")).ReadProblemAsync(400));

        Assert.All(answers, a =>
        {
            Assert.Equal("activation-invalid", a.GetProperty("code").GetString());
            Assert.Equal(answers[0].GetProperty("title").GetString(), a.GetProperty("title").GetString());
            Assert.Equal(answers[0].GetProperty("detail").GetString(), a.GetProperty("detail").GetString());
        });
        // The used code did not change the password; the expired account still has none.
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword)).Status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1 AND password_hash = ''", expiredUser));
    }

    [Fact]
    public async Task Passwords_breaking_the_policy_are_refused_with_the_rules_in_chinese_and_the_code_stays_usable()
    {
        var (_, userName, code) = await InviteAsync(await AsAsync("spb-admin"));
        var cases = new (string Password, string Rule)[]
        {
            ("Ab1!", "至少 10 个字符"),
            ($"X{userName}-2026!", "不能包含用户名"),
            ("Password123", "过于常见"),
            ("alllowercaseletters", "至少三类"),
        };
        foreach (var (password, rule) in cases)
        {
            var problem = await (await ActivateAsync(userName, code, password)).ReadProblemAsync(400);
            Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
            Assert.Contains(problem.GetProperty("errors").GetProperty("password").EnumerateArray(), m => m.GetString()!.Contains(rule));
        }
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1 AND password_hash = '' AND activation_code_hash IS NOT NULL", userName));
        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code, "社情民意-Sheqing-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), userName, "社情民意-Sheqing-2026")).Status);
    }

    [Fact]
    public async Task A_disabled_account_is_refused_sign_in_and_revoked_until_enabled_again()
    {
        var admin = await AsAsync("spb-admin");
        var (id, userName, code) = await InviteAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code)).StatusCode);

        var disabled = await ChangeAsync(admin, id, "disable");
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword)).Status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM revocations WHERE kind = 'Account' AND subject = $1 AND tenant_id = 'spb-zx'", id.ToString()));
        Assert.Equal("invalid-state", (await (await ChangeAsync(admin, id, "disable")).ReadProblemAsync(409)).GetProperty("code").GetString());

        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(admin, id, "enable")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword)).Status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'account-disabled' AND resource = $1", id.ToString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'account-enabled' AND resource = $1", id.ToString()));
    }

    [Fact]
    public async Task A_reset_refuses_the_old_password_revokes_and_a_new_activation_works()
    {
        var admin = await AsAsync("spb-admin");
        var (id, userName, code) = await InviteAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code)).StatusCode);

        var reset = await ChangeAsync(admin, id, "reset");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var newCode = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationCode").GetString()!;
        Assert.NotEqual(code, newCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword)).Status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM revocations WHERE kind = 'Account' AND subject = $1", id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await ActivateAsync(userName, code, "Yet-Another-Secret-1")).StatusCode); // the old code is gone

        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, newCode, "Yet-Another-Secret-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), userName, "Yet-Another-Secret-1")).Status);
    }

    [Fact]
    public async Task Another_tenants_admin_gets_404_on_every_endpoint_and_changes_nothing()
    {
        var (id, userName, code) = await InviteAsync(await AsAsync("spb-admin"));
        var other = await AsAsync("mj-admin");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/accounts/{id}")).StatusCode);
        foreach (var action in new[] { "disable", "enable", "reset" })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/accounts/{id}/{action}");
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(request)).StatusCode);
        }
        var list = await other.GetFromJsonAsync<JsonElement>("/accounts?pageSize=200");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        Assert.All(list.GetProperty("items").EnumerateArray(), a => Assert.NotEqual("zhangming", a.GetProperty("userName").GetString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE id = $1 AND NOT disabled AND password_hash = ''", id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM revocations WHERE subject = $1", id.ToString()));
        Assert.Equal(HttpStatusCode.NoContent, (await ActivateAsync(userName, code)).StatusCode); // the code was not replaced
    }

    [Fact]
    public async Task Bad_invitations_are_400_and_create_nothing()
    {
        var admin = await AsAsync("spb-admin");
        var before = await CountAsync("SELECT count(*) FROM accounts");
        var bodies = new object[]
        {
            new { userName = NewUserName(), displayName = "x", roles = new[] { "platform-operator" } },
            new { userName = NewUserName(), displayName = "x", roles = new[] { "member", "partner" } },
            new { userName = NewUserName(), displayName = "x", roles = Array.Empty<string>() },
            new { userName = "Upper Case", displayName = "x", roles = new[] { "member" } },
            new { userName = "ab", displayName = "x", roles = new[] { "member" } },
            new { userName = NewUserName(), displayName = "", roles = new[] { "member" } },
            new { userName = NewUserName(), displayName = new string('长', 101), roles = new[] { "member" } },
        };
        foreach (var body in bodies)
            Assert.Equal("validation-failed", (await (await admin.PostAsJsonAsync("/accounts", body)).ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal("duplicate-user-name", (await (await admin.PostAsJsonAsync("/accounts",
            new { userName = "liufeilong", displayName = "x", roles = new[] { "member" } })).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("duplicate-person", (await (await admin.PostAsJsonAsync("/accounts",
            new { userName = NewUserName(), displayName = "x", roles = new[] { "member" }, personId = "0e5b1c2a-0002-4000-8000-000000000001" })).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await factory.CreateClient().PostAsJsonAsync("/accounts/activate", new { userName = "zhangming" })).StatusCode);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public async Task Only_tenant_admins_manage_accounts_and_never_a_platform_operators_or_their_own()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await AsAsync("zhangming")).GetAsync("/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await AsAsync("wangfang")).PostAsJsonAsync("/accounts",
            new { userName = NewUserName(), displayName = "x", roles = new[] { "member" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/accounts")).StatusCode);

        // 重庆市政协's own tenant admin, invited by the operator's tenant, meets the operator's account.
        var operatorId = Guid.Parse(await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT id::text FROM accounts WHERE user_name = 'operator'"));
        var cqAdmin = await AsAsync("operator"); // an operator is no tenant admin
        Assert.Equal(HttpStatusCode.Forbidden, (await cqAdmin.GetAsync("/accounts")).StatusCode);
        await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH u AS (UPDATE accounts SET roles = ARRAY['platform-operator','tenant-admin'] WHERE user_name = 'operator' RETURNING 1) SELECT count(*) FROM u");
        var both = await AsAsync("operator");
        Assert.Equal("operator-account", (await (await ChangeAsync(both, operatorId, "disable")).ReadProblemAsync(409)).GetProperty("code").GetString());

        var spbAdminId = Guid.Parse(await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT id::text FROM accounts WHERE user_name = 'spb-admin'"));
        Assert.Equal("own-account", (await (await ChangeAsync(await AsAsync("spb-admin"), spbAdminId, "reset")).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM revocations WHERE subject IN ($1, $2)", operatorId.ToString(), spbAdminId.ToString()));
    }

    [Fact]
    public async Task A_change_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var admin = await AsAsync("spb-admin");
        var (id, _, _) = await InviteAsync(admin);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/accounts/{id}/disable");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(request)).StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE id = $1 AND NOT disabled", id));
    }
}
