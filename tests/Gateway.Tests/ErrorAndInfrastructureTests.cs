namespace SheqingMinyi.Gateway.Tests;

public sealed class DownServiceTests : IAsyncLifetime
{
    private EchoBackend _intake = null!;
    private GatewayFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _intake = await EchoBackend.StartAsync("intake");
        _factory = new GatewayFactory(GatewayFactory.SettingsFor(new Dictionary<string, Uri>
        {
            ["intake"] = _intake.Address,
            ["review"] = GatewayFactory.DeadAddress(),
        }));
    }

    [Fact]
    public async Task A_service_with_nothing_listening_is_a_503_problem()
    {
        var response = await _factory.CreateClient().GetAsync("/api/review/reviews?x=1");

        var problem = await response.ReadProblemAsync(503);
        Assert.Equal("service-unavailable", problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_down_service_does_not_affect_the_others()
    {
        var client = _factory.CreateClient();
        (await client.GetAsync("/api/review/reviews")).Dispose();

        var echo = await Echo.ReadAsync(await client.GetAsync("/api/intake/submissions"));
        Assert.Equal("intake", echo.Service);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _intake.DisposeAsync();
    }
}

public sealed class InfrastructureTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await gateway.CreateClient().GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Docs_page_is_html_listing_every_services_openapi_document_through_the_gateway()
    {
        var response = await gateway.CreateClient().GetAsync("/docs"); // redirects to /docs/

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/docs/", response.RequestMessage?.RequestUri?.AbsolutePath);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>社情民意平台 API</title>", html);
        // Scalar resolves these against the site root (its base path is what precedes /docs/): /api/{service}/openapi/v1.json.
        foreach (var service in new[] { "intake", "review", "people", "training", "scoring" })
            Assert.Contains($"\"url\":\"api/{service}/openapi/v1.json\"", html);
        // "Try it" signs in with the documents' OAuth scheme, as a person through the portal client.
        Assert.Contains("\"preferredSecurityScheme\":[\"oauth2\"]", html);
        Assert.Contains("\"x-scalar-client-id\":\"sqmy-portal\"", html);
    }

    [Fact]
    public async Task Docs_page_scripts_are_served()
    {
        var response = await gateway.CreateClient().GetAsync("/docs/scalar.js");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }
}
