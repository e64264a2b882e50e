using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// 委员数字名片 at the gateway: /card/{token} (and /api/people/public/cards/{token}) reach people's public card
/// endpoints without a token; every other people path still needs one; and each address gets its own small allowance
/// on the card paths. Each test sends from its own addresses, so their windows do not meet.
/// </summary>
public sealed class PublicCardRouteTests(PublicCardRouteTests.Fixture gateway) : IClassFixture<PublicCardRouteTests.Fixture>
{
    public sealed class Fixture : GatewayFixture
    {
        public const int PerAddress = 3;

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            // Per address: 3 card requests and 20 anonymous ones a minute. Each test's addresses are new, so their
            // windows start with the test's first request and no test comes near a minute.
            ["Gateway:RateLimits:WindowSeconds"] = "60",
            ["Gateway:RateLimits:PublicCardPermitsPerMinute"] = PerAddress.ToString(),
            ["Gateway:RateLimits:AnonymousPermitsPerMinute"] = "20",
        };
    }

    private static int _address = 1;

    private static IPAddress NewAddress() => IPAddress.Parse($"203.0.113.{Interlocked.Increment(ref _address)}");

    /// <summary>One anonymous request from <paramref name="from"/> (TestServer lets the test set the peer address).</summary>
    private async Task<HttpContext> SendAsync(IPAddress from, string method, string path, string? form = null) =>
        await gateway.Factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = from;
            context.Request.Method = method;
            context.Request.Path = path;
            if (form is null) return;
            var bytes = Encoding.UTF8.GetBytes(form);
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        });

    private static async Task<string> BodyAsync(HttpContext context) => await new StreamReader(context.Response.Body).ReadToEndAsync();

    private static async Task<string> EchoedPathAsync(HttpContext context) =>
        System.Text.Json.JsonSerializer.Deserialize<Echo>(await BodyAsync(context), System.Text.Json.JsonSerializerOptions.Web)!.Path;

    [Fact]
    public async Task The_card_page_and_its_form_reach_people_without_a_token()
    {
        var token = Guid.NewGuid().ToString("N");
        var from = NewAddress();

        var page = await SendAsync(from, "GET", $"/card/{token}");
        var clue = await SendAsync(from, "POST", $"/card/{token}", "text=%E7%BA%BF%E7%B4%A2");

        Assert.Equal(StatusCodes.Status200OK, page.Response.StatusCode);
        Assert.Equal($"/public/cards/{token}", await EchoedPathAsync(page));
        Assert.Equal(StatusCodes.Status200OK, clue.Response.StatusCode);
        var received = gateway.Backends["people"].ReceivedWith(token);
        Assert.Equal(["GET", "POST"], received.Select(r => r.Method));
    }

    [Fact]
    public async Task The_api_path_of_the_public_cards_is_anonymous_too_but_no_other_people_path_is()
    {
        var token = Guid.NewGuid().ToString("N");
        var from = NewAddress();

        var card = await SendAsync(from, "GET", $"/api/people/public/cards/{token}");
        var persons = await SendAsync(from, "GET", $"/api/people/persons/{token}");
        var beside = await SendAsync(from, "GET", $"/api/people/public/other/{token}");
        var deeper = await SendAsync(from, "GET", $"/card/{token}/more");

        Assert.Equal(StatusCodes.Status200OK, card.Response.StatusCode);
        Assert.Equal($"/public/cards/{token}", await EchoedPathAsync(card));
        Assert.Equal(StatusCodes.Status401Unauthorized, persons.Response.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, beside.Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, deeper.Response.StatusCode);
        Assert.Single(gateway.Backends["people"].ReceivedWith(token));
    }

    [Fact]
    public async Task Each_address_gets_its_own_small_allowance_on_the_card_paths_and_keeps_its_anonymous_one()
    {
        var token = Guid.NewGuid().ToString("N");
        var first = NewAddress();
        var second = NewAddress();

        for (var i = 0; i < Fixture.PerAddress; i++)
            Assert.Equal(StatusCodes.Status200OK, (await SendAsync(first, i % 2 == 0 ? "GET" : "POST", $"/card/{token}", i % 2 == 0 ? null : "text=a")).Response.StatusCode);
        var refused = await SendAsync(first, "POST", $"/card/{token}", "text=a");
        var refusedApiPath = await SendAsync(first, "GET", $"/api/people/public/cards/{token}");
        var otherAddress = await SendAsync(second, "GET", $"/card/{token}");
        var otherAnonymousPath = await SendAsync(first, "GET", "/.well-known/openid-configuration");

        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString()) >= 1);
        Assert.Contains("请求过于频繁", await BodyAsync(refused));
        Assert.Equal(StatusCodes.Status429TooManyRequests, refusedApiPath.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, otherAddress.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, otherAnonymousPath.Response.StatusCode);
        Assert.Equal(Fixture.PerAddress + 1, gateway.Backends["people"].ReceivedWith(token).Count);
    }
}
