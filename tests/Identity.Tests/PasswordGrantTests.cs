using System.Net;
using Npgsql;

namespace SheqingMinyi.Identity.Tests;

/// <summary>People sign in with their user name and password through the public portal client.</summary>
public sealed class PasswordGrantTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task A_member_gets_a_token_with_tenant_role_and_person()
    {
        var (status, body) = await Tokens.PasswordAsync(factory.CreateClient(), "zhangming");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1, 900);
        var (header, payload) = Tokens.Decode(body.GetProperty("access_token").GetString()!);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("http://identity/", payload.GetProperty("iss").GetString());
        // A person's token is for every service (people use them all through the portal).
        Assert.Equal(Tokens.AllAudiences.Order(), Tokens.Values(payload, "aud").Order());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
        Assert.Equal(["member"], Tokens.Values(payload, "role"));
        Assert.Equal("0e5b1c2a-0002-4000-8000-000000000001", payload.GetProperty("person_id").GetString());
        Assert.Equal(["sqmy-portal"], Tokens.Values(payload, "client_id"));
        Assert.True(Guid.TryParse(payload.GetProperty("sub").GetString(), out var sub) && sub != Guid.Empty, "sub is the account id");
    }

    [Fact]
    public async Task A_person_with_two_roles_gets_both_as_a_role_array()
    {
        var (status, body) = await Tokens.PasswordAsync(factory.CreateClient(), "wangfang");

        Assert.Equal(HttpStatusCode.OK, status);
        var payload = Tokens.Decode(body.GetProperty("access_token").GetString()!).Payload;
        Assert.Equal(System.Text.Json.JsonValueKind.Array, payload.GetProperty("role").ValueKind);
        Assert.Equal(["director", "staff-editor"], Tokens.Values(payload, "role").Order());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
        Assert.Equal("0e5b1c2a-0002-4000-8000-000000000003", payload.GetProperty("person_id").GetString());
    }

    [Theory]
    [InlineData("operator", "cq-zx", "platform-operator", null)]
    [InlineData("spb-admin", "spb-zx", "tenant-admin", null)]
    [InlineData("lihua", "spb-zx", "officer", "0e5b1c2a-0002-4000-8000-000000000002")]
    [InlineData("zhaoqiang", "spb-zx", "leader", "0e5b1c2a-0002-4000-8000-000000000006")]
    [InlineData("mj-admin", "mj-cq", "tenant-admin", null)]
    [InlineData("cq-leader", "cq-zx", "leader", "0e5b1c2a-0002-4000-8000-000000000008")]
    [InlineData("liufeilong", "mj-cq", "member", "0e5b1c2a-0002-4000-8000-000000000004")]
    public async Task Every_demo_account_signs_in_to_its_tenant_with_its_role(string user, string tenant, string role, string? person)
    {
        var payload = Tokens.Decode(await Tokens.AccessTokenForAsync(factory.CreateClient(), user)).Payload;

        Assert.Equal(tenant, payload.GetProperty("tenant").GetString());
        Assert.Equal([role], Tokens.Values(payload, "role"));
        Assert.Equal(person, payload.TryGetProperty("person_id", out var id) ? id.GetString() : null);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_invalid_grant()
    {
        var client = factory.CreateClient();

        var (wrongStatus, wrong) = await Tokens.PasswordAsync(client, "zhangming", "Sqmy@2025");
        var (unknownStatus, unknown) = await Tokens.PasswordAsync(client, "zhangming2", "Sqmy@2026");

        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.Equal("invalid_grant", unknown.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(wrong.GetProperty("error_description").GetString()));
        Assert.Equal(wrong.GetProperty("error_description").GetString(), unknown.GetProperty("error_description").GetString());
        Assert.False(wrong.TryGetProperty("access_token", out _));
        Assert.False(unknown.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task User_names_are_exact_and_an_empty_password_fails()
    {
        var client = factory.CreateClient();

        var (caseStatus, caseBody) = await Tokens.PasswordAsync(client, "ZhangMing");
        var (emptyStatus, emptyBody) = await Tokens.RequestAsync(client, ("grant_type", "password"), ("client_id", "sqmy-portal"),
            ("username", "zhangming"), ("password", ""));

        Assert.Equal(HttpStatusCode.BadRequest, caseStatus);
        Assert.Equal("invalid_grant", caseBody.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.False(emptyBody.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, "chenjing")).Status);
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var disable = new NpgsqlCommand("UPDATE accounts SET disabled = true WHERE user_name = 'chenjing'", connection);
            Assert.Equal(1, await disable.ExecuteNonQueryAsync());
        }

        var (status, body) = await Tokens.PasswordAsync(client, "chenjing");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_request_without_client_id_is_refused()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "password"),
            ("username", "zhangming"), ("password", "Sqmy@2026"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_request_with_an_unknown_client_id_is_refused()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "password"),
            ("client_id", "sqmy-portal-x"), ("username", "zhangming"), ("password", "Sqmy@2026"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_token_endpoint_accepts_only_form_posts()
    {
        var client = factory.CreateClient();

        var get = await client.GetAsync("/connect/token?grant_type=password&client_id=sqmy-portal&username=zhangming&password=Sqmy%402026");

        Assert.NotEqual(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain("access_token", await get.Content.ReadAsStringAsync());
    }
}
