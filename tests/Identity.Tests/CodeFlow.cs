using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// A browser going through the authorization code flow with PKCE: it keeps cookies and sees every redirect
/// (none followed automatically), reads the sign-in form, and exchanges the code as the portal would.
/// </summary>
internal sealed partial class CodeFlow(IdentityFactory factory)
{
    public HttpClient Browser { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
    public string State { get; } = Guid.NewGuid().ToString("N");

    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizeUrl(string? challenge = null, string method = "S256", string redirectUri = IdentityFactory.PortalRedirectUri,
        string clientId = Tokens.PortalClient) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["response_type"] = "code", ["redirect_uri"] = redirectUri,
            ["scope"] = "openid offline_access", ["state"] = State,
            ["code_challenge"] = challenge ?? Challenge, ["code_challenge_method"] = method,
        });

    /// <summary>The authorization request, answered with a redirect to the sign-in page; returns that page's URL.</summary>
    public async Task<string> StartAsync()
    {
        var response = await Browser.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/connect/signin?returnUrl=", location);
        return location;
    }

    /// <summary>The sign-in page's anti-forgery token and return URL, read from its HTML as a browser would.</summary>
    public async Task<(string Antiforgery, string ReturnUrl, string Html)> ReadFormAsync(string signInUrl)
    {
        var page = await Browser.GetAsync(signInUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        return (Field(html, "__RequestVerificationToken"), Field(html, "returnUrl"), html);
    }

    public Task<HttpResponseMessage> PostFormAsync(string user, string password, string? antiforgery, string returnUrl) =>
        Browser.PostAsync("/connect/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user, ["password"] = password, ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = antiforgery ?? "",
        }));

    /// <summary>Signs <paramref name="user"/> in through the page and follows back to the client: returns the code.</summary>
    public async Task<string> SignInForCodeAsync(string user, string password = Tokens.Password)
    {
        var (antiforgery, returnUrl, _) = await ReadFormAsync(await StartAsync());
        var posted = await PostFormAsync(user, password, antiforgery, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(returnUrl, posted.Headers.Location!.OriginalString);
        var authorized = await Browser.GetAsync(returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var callback = authorized.Headers.Location!;
        Assert.Equal(IdentityFactory.PortalRedirectUri, callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal(State, query["state"].ToString());
        return query["code"].ToString();
    }

    public Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ExchangeAsync(string code, string? verifier = null) =>
        Tokens.RequestAsync(Browser, ("grant_type", "authorization_code"), ("client_id", Tokens.PortalClient), ("code", code),
            ("redirect_uri", IdentityFactory.PortalRedirectUri), ("code_verifier", verifier ?? Verifier));

    public Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> RefreshAsync(string refreshToken) =>
        Tokens.RequestAsync(Browser, ("grant_type", "refresh_token"), ("client_id", Tokens.PortalClient), ("refresh_token", refreshToken));

    private static string Field(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"the form has no {name}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
