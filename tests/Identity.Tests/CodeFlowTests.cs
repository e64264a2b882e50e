using System.Net;
using Npgsql;

namespace SheqingMinyi.Identity.Tests;

/// <summary>People sign in through the portal with the authorization code flow, PKCE (S256) and rolling refresh tokens.</summary>
public sealed class CodeFlowTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Sign_in_page_code_exchange_refresh_and_reuse_of_a_refresh_token_revokes_the_chain()
    {
        var flow = new CodeFlow(factory);
        var code = await flow.SignInForCodeAsync("zhangming");

        var (status, tokens) = await flow.ExchangeAsync(code);
        Assert.True(status == HttpStatusCode.OK, tokens.ToString());
        var (header, payload) = Tokens.Decode(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
        Assert.Equal(["member"], Tokens.Values(payload, "role"));
        Assert.Equal(Tokens.AllAudiences.Order(), Tokens.Values(payload, "aud").Order());
        Assert.True((await Tokens.ValidateAsync(tokens.GetProperty("access_token").GetString()!, await Tokens.JwksAsync(flow.Browser))).IsValid);
        Assert.True(tokens.TryGetProperty("id_token", out _), "openid was asked for");
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var (refreshed, rotated) = await flow.RefreshAsync(first);
        Assert.True(refreshed == HttpStatusCode.OK, rotated.ToString());
        var second = rotated.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(payload.GetProperty("sub").GetString(),
            Tokens.Decode(rotated.GetProperty("access_token").GetString()!).Payload.GetProperty("sub").GetString());

        // The redeemed token again: refused, and the token it was exchanged for is revoked with it.
        var (reuseStatus, reuse) = await flow.RefreshAsync(first);
        var (afterStatus, after) = await flow.RefreshAsync(second);

        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal("invalid_grant", reuse.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, afterStatus);
        Assert.Equal("invalid_grant", after.GetProperty("error").GetString());
        Assert.False(after.TryGetProperty("access_token", out _));
        Assert.Equal(0, await ValidTokensOfAsync(payload.GetProperty("sub").GetString()!));
    }

    [Fact]
    public async Task A_code_is_single_use_and_its_replay_revokes_what_it_gave()
    {
        var flow = new CodeFlow(factory);
        var code = await flow.SignInForCodeAsync("wangfang");
        var (_, tokens) = await flow.ExchangeAsync(code);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var (replayStatus, replay) = await flow.ExchangeAsync(code);
        var (refreshStatus, _) = await flow.RefreshAsync(refreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
        Assert.Equal("invalid_grant", replay.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
    }

    [Fact]
    public async Task A_wrong_or_missing_verifier_gets_no_token()
    {
        var flow = new CodeFlow(factory);
        var code = await flow.SignInForCodeAsync("lihua");

        var (wrongStatus, wrong) = await flow.ExchangeAsync(code, verifier: new CodeFlow(factory).Verifier);
        var (missingStatus, missing) = await Tokens.RequestAsync(flow.Browser, ("grant_type", "authorization_code"),
            ("client_id", Tokens.PortalClient), ("code", code), ("redirect_uri", IdentityFactory.PortalRedirectUri));

        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.False(wrong.TryGetProperty("access_token", out _));
        Assert.False(missing.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Requests_without_S256_PKCE_or_with_an_unregistered_redirect_URI_are_refused()
    {
        var flow = new CodeFlow(factory);

        var plain = await flow.Browser.GetAsync(flow.AuthorizeUrl(challenge: flow.Verifier, method: "plain"));
        var none = await flow.Browser.GetAsync(flow.AuthorizeUrl().Replace("code_challenge", "x_challenge"));
        var elsewhere = await flow.Browser.GetAsync(flow.AuthorizeUrl(redirectUri: "https://evil.example/callback"));

        foreach (var refused in new[] { plain, none })
        {
            // No sign-in page is offered: an error page, or the error sent to the client's registered URI.
            var location = refused.Headers.Location?.OriginalString;
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest && location is null
                || refused.StatusCode == HttpStatusCode.Redirect && location!.StartsWith(IdentityFactory.PortalRedirectUri + "?")
                    && location.Contains("error=invalid_request"), $"{(int)refused.StatusCode} {location}");
        }
        // Never redirected to an unregistered URI.
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);
    }

    [Fact]
    public async Task The_sign_in_page_is_Chinese_and_refuses_a_wrong_password_a_missing_antiforgery_token_and_a_foreign_return_URL()
    {
        var flow = new CodeFlow(factory);
        var (antiforgery, returnUrl, html) = await flow.ReadFormAsync(await flow.StartAsync());
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("用户名", html);

        var wrong = await flow.PostFormAsync("wangfang", "Sqmy@2025", antiforgery, returnUrl);
        var forged = await flow.PostFormAsync("wangfang", Tokens.Password, antiforgery: null, returnUrl);
        var foreign = await flow.PostFormAsync("wangfang", Tokens.Password, antiforgery, "https://evil.example/connect/authorize?x=1");

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("用户名或密码错误", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("页面已过期", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.All(new[] { wrong, forged, foreign }, r => Assert.Null(r.Headers.Location));
        // Still not signed in: the authorization request goes to the sign-in page again.
        var again = await flow.Browser.GetAsync(returnUrl);
        Assert.StartsWith("/connect/signin", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_disabled_account_cannot_refresh()
    {
        var flow = new CodeFlow(factory);
        var (_, tokens) = await flow.ExchangeAsync(await flow.SignInForCodeAsync("zhaoqiang"));
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var disable = new NpgsqlCommand("UPDATE accounts SET disabled = true WHERE user_name = 'zhaoqiang'", connection);
            Assert.Equal(1, await disable.ExecuteNonQueryAsync());
        }

        var (status, body) = await flow.RefreshAsync(refreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    /// <summary>OpenIddict's stored tokens of the subject that are still valid (not redeemed, revoked or expired).</summary>
    private async Task<long> ValidTokensOfAsync(string subject)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM \"OpenIddictTokens\" WHERE subject = @s AND status = 'valid' AND type = 'refresh_token'", connection);
        command.Parameters.AddWithValue("s", subject);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>The password grant is only for clients explicitly allowed it; new clients are not.</summary>
public sealed class PasswordGrantPermissionTests(NoPasswordGrantIdentityFactory factory) : IClassFixture<NoPasswordGrantIdentityFactory>
{
    [Fact]
    public async Task Without_the_setting_the_portal_client_gets_unauthorized_client()
    {
        var (status, body) = await Tokens.PasswordAsync(factory.CreateClient(), "zhangming");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task A_partner_client_gets_unauthorized_client_for_the_password_grant()
    {
        var (status, body) = await Tokens.RequestAsync(factory.CreateClient(), ("grant_type", "password"), ("client_id", Tokens.PartnerClient),
            ("client_secret", Tokens.PartnerSecret), ("username", "zhangming"), ("password", Tokens.Password));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
    }
}

/// <summary>Identity as outside local mode: demo data for the accounts, but no client allowed the password grant.</summary>
public sealed class NoPasswordGrantIdentityFactory : IdentityFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Identity:PortalRedirectUris:0"] = PortalRedirectUri,
    };
}
