using System.Diagnostics;

namespace SheqingMinyi.Gateway.Tests;

public sealed class HeaderTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Client_sent_internal_headers_never_reach_the_service_and_the_token_does()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/people/people");
        request.Headers.TryAddWithoutValidation("X-Sqmy-Tenant", "evil");
        request.Headers.TryAddWithoutValidation("X-Sqmy-Anything", "x");
        request.Headers.TryAddWithoutValidation("x-sqmy-user-id", "admin");
        request.Headers.TryAddWithoutValidation("X-Custom", "kept");

        var echo = await Echo.ReadAsync(await gateway.CreateClient().SendAsync(request));

        Assert.Equal("people", echo.Service);
        Assert.Empty(echo.Headers.Keys.Where(k => k.StartsWith("X-Sqmy-", StringComparison.OrdinalIgnoreCase)));
        // The service reads the tenant from the token, which it validates itself.
        Assert.StartsWith("Bearer ", echo.Header("Authorization"));
        Assert.DoesNotContain("evil", echo.Headers.Values.SelectMany(v => v.Split(',')).Select(v => v.Trim()));
        // Ordinary headers still pass.
        Assert.Equal("kept", echo.Header("X-Custom"));
    }

    [Fact]
    public async Task Without_client_headers_the_service_gets_no_internal_headers_at_all()
    {
        var echo = await Echo.ReadAsync(await gateway.CreateClient().GetAsync("/api/scoring/boards"));

        Assert.Equal("scoring", echo.Service);
        Assert.Null(echo.Header("X-Sqmy-Tenant"));
    }

    [Fact]
    public async Task Internal_headers_are_stripped_from_bodied_requests_too()
    {
        var content = Bodies.OfSize(10);
        content.Headers.TryAddWithoutValidation("X-Sqmy-Tenant", "evil-in-content");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/training/events") { Content = content };
        request.Headers.TryAddWithoutValidation("X-Sqmy-Tenant", "evil");

        var echo = await Echo.ReadAsync(await gateway.CreateClient().SendAsync(request));

        Assert.Equal(10, echo.BodyLength);
        Assert.Null(echo.Header("X-Sqmy-Tenant"));
    }

    [Fact]
    public async Task W3C_trace_context_continues_the_clients_trace_with_a_new_span()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/intake/submissions");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{spanId}-01");

        var echo = await Echo.ReadAsync(await gateway.CreateClient().SendAsync(request));

        var traceparent = echo.Header("traceparent");
        Assert.NotNull(traceparent);
        var parts = traceparent.Split('-');
        Assert.Equal(4, parts.Length); // exactly one traceparent, not the client's and the gateway's joined
        Assert.Equal("00", parts[0]);
        Assert.Equal(traceId, parts[1]);
        Assert.Matches("^[0-9a-f]{16}$", parts[2]);
        Assert.NotEqual(spanId, parts[2]);
        Assert.NotEqual("0000000000000000", parts[2]);
    }
}
