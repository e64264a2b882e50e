using System.Net;

namespace SheqingMinyi.Gateway.Tests;

public sealed class RoutingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Intake_request_reaches_the_intake_service_without_the_api_prefix_and_with_its_query()
    {
        var response = await gateway.CreateClient().GetAsync("/api/intake/submissions?status=draft");

        var echo = await Echo.ReadAsync(response);
        Assert.Equal("intake", echo.Service);
        Assert.Equal("GET", echo.Method);
        Assert.Equal("/submissions", echo.Path);
        Assert.Equal("?status=draft", echo.Query);
    }

    [Theory]
    [InlineData("intake", "intake")]
    [InlineData("review", "review")]
    [InlineData("people", "people")]
    [InlineData("training", "training")]
    [InlineData("scoring", "scoring")]
    public async Task Each_prefix_routes_to_its_own_service(string prefix, string service)
    {
        var marker = Guid.NewGuid().ToString("N");
        var response = await gateway.CreateClient().GetAsync($"/api/{prefix}/items/{marker}?page=2&size=10");

        var echo = await Echo.ReadAsync(response);
        Assert.Equal(service, echo.Service);
        Assert.Equal($"/items/{marker}", echo.Path);
        Assert.Equal("?page=2&size=10", echo.Query);
        // Only that service's backend saw it.
        foreach (var backend in gateway.Backends.Values)
            Assert.Equal(backend.Service == service ? 1 : 0, backend.ReceivedWith(marker).Count);
    }

    [Fact]
    public async Task Method_and_body_are_forwarded()
    {
        var marker = Guid.NewGuid().ToString("N");
        var response = await gateway.CreateClient().PutAsync($"/api/review/reviews/{marker}", Bodies.OfSize(300));

        var echo = await Echo.ReadAsync(response);
        Assert.Equal("review", echo.Service);
        Assert.Equal("PUT", echo.Method);
        Assert.Equal($"/reviews/{marker}", echo.Path);
        Assert.Equal(300, echo.BodyLength);
        Assert.Equal("application/octet-stream", echo.Header("Content-Type"));
    }

    [Theory]
    [InlineData("intake")]
    [InlineData("review")]
    [InlineData("people")]
    [InlineData("training")]
    [InlineData("scoring")]
    public async Task Each_services_openapi_document_is_proxied(string service)
    {
        var response = await gateway.CreateClient().GetAsync($"/api/{service}/openapi/v1.json");

        var echo = await Echo.ReadAsync(response);
        Assert.Equal(service, echo.Service);
        Assert.Equal("/openapi/v1.json", echo.Path);
        Assert.True(string.IsNullOrEmpty(echo.Query));
    }

    [Theory]
    [InlineData("/api/nope/x")]
    [InlineData("/anything")]
    [InlineData("/api")]
    [InlineData("/apiintake/submissions")]
    public async Task Unknown_paths_are_a_404_problem_and_reach_no_service(string path)
    {
        var before = gateway.Backends.Values.Sum(b => b.Received.Count);

        var response = await gateway.CreateClient().GetAsync(path);

        var problem = await response.ReadProblemAsync(404);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal(path, problem.GetProperty("instance").GetString());
        // The gateway's own answer (not the framework's bare status-code page): says where the APIs are.
        Assert.Equal("未找到", problem.GetProperty("title").GetString());
        Assert.Contains(path, problem.GetProperty("detail").GetString());
        Assert.Contains("/api/", problem.GetProperty("detail").GetString());
        Assert.Equal(before, gateway.Backends.Values.Sum(b => b.Received.Count));
    }
}
