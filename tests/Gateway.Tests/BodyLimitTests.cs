namespace SheqingMinyi.Gateway.Tests;

/// <summary>Gateway:MaxRequestBodyBytes = 1024 (<see cref="GatewayFactory.MaxBody"/>), gateway on TestServer.</summary>
public sealed class BodyLimitTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData(2048)]
    [InlineData(GatewayFactory.MaxBody + 1)]
    public async Task A_declared_body_over_the_limit_is_a_413_problem_and_never_reaches_the_service(int size)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().PostAsync($"/api/intake/submissions/{marker}", Bodies.OfSize(size));

        var problem = await response.ReadProblemAsync(413);
        Assert.Equal("payload-too-large", problem.GetProperty("code").GetString());
        Assert.Contains("1024", problem.GetProperty("detail").GetString());
        Assert.Empty(gateway.Backends["intake"].ReceivedWith(marker));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(GatewayFactory.MaxBody)]
    public async Task A_declared_body_within_the_limit_passes(int size)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().PostAsync($"/api/intake/submissions/{marker}", Bodies.OfSize(size));

        var echo = await Echo.ReadAsync(response);
        Assert.Equal(size, echo.BodyLength);
        Assert.Equal(size.ToString(), echo.Header("Content-Length"));
        var received = Assert.Single(gateway.Backends["intake"].ReceivedWith(marker));
        Assert.True(received.BodyComplete);
        Assert.Equal(size, received.BodyLength);
    }

    [Theory]
    [InlineData("/api/review/files")]
    [InlineData("/api/people/persons/import")]
    public async Task An_upload_path_takes_a_body_over_the_ordinary_limit_up_to_the_upload_limit(string path)
    {
        var marker = Guid.NewGuid().ToString("N");
        var service = path.Split('/')[2];

        var response = await gateway.CreateClient().PostAsync($"{path}?m={marker}", Bodies.OfSize(GatewayFactory.MaxUpload));

        Assert.Equal(GatewayFactory.MaxUpload, (await Echo.ReadAsync(response)).BodyLength);
        Assert.True(Assert.Single(gateway.Backends[service].ReceivedWith(marker)).BodyComplete);
    }

    [Fact]
    public async Task An_upload_over_the_upload_limit_is_a_413_problem_naming_it()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().PostAsync($"/api/review/files?m={marker}", Bodies.OfSize(GatewayFactory.MaxUpload + 1));

        var problem = await response.ReadProblemAsync(413);
        Assert.Contains(GatewayFactory.MaxUpload.ToString(), problem.GetProperty("detail").GetString());
        Assert.Empty(gateway.Backends["review"].ReceivedWith(marker));
    }

    [Theory]
    [InlineData("POST", "/api/review/files/extra")]
    [InlineData("PUT", "/api/review/files")]
    [InlineData("POST", "/api/review/cases")]
    public async Task Only_a_post_to_an_upload_path_gets_the_upload_limit(string method, string path)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?m={marker}")
        {
            Content = Bodies.OfSize(GatewayFactory.MaxBody + 1),
        });

        await response.ReadProblemAsync(413);
        Assert.Empty(gateway.Backends["review"].ReceivedWith(marker));
    }

    // A chunked body over the limit is stopped by Kestrel's MaxRequestBodySize, which TestServer does not
    // implement: see KestrelBodyLimitTests.
}

/// <summary>The body limit with the gateway on real Kestrel, where undeclared (chunked) bodies are counted as they stream.</summary>
public sealed class KestrelBodyLimitTests(KestrelGatewayFixture gateway) : IClassFixture<KestrelGatewayFixture>
{
    [Fact]
    public async Task A_chunked_body_within_the_limit_passes()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().SendAsync(Bodies.ChunkedPost($"/api/intake/submissions/{marker}", 800));

        var echo = await Echo.ReadAsync(response);
        Assert.Equal(800, echo.BodyLength);
        Assert.Equal("chunked", echo.Header("Transfer-Encoding")); // it really went without Content-Length
        Assert.Null(echo.Header("Content-Length"));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(1024 * 1024)]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem_and_the_service_never_gets_it_complete(int size)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().SendAsync(Bodies.ChunkedPost($"/api/intake/submissions/{marker}", size));

        var problem = await response.ReadProblemAsync(413);
        Assert.Equal("payload-too-large", problem.GetProperty("code").GetString());
        // The gateway streams: the service may have seen the request start, but never the whole body.
        await Task.Delay(200);
        foreach (var received in gateway.Backends["intake"].ReceivedWith(marker))
        {
            Assert.False(received.BodyComplete, "the service read a complete body");
            Assert.True(received.BodyLength <= GatewayFactory.MaxBody, $"the service read {received.BodyLength} bytes");
        }
    }

    [Fact]
    public async Task A_declared_body_over_the_limit_is_a_413_problem_on_kestrel_too()
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().PostAsync($"/api/intake/submissions/{marker}", Bodies.OfSize(2048));

        var problem = await response.ReadProblemAsync(413);
        Assert.Equal("payload-too-large", problem.GetProperty("code").GetString());
        Assert.Empty(gateway.Backends["intake"].ReceivedWith(marker));
    }

    [Fact]
    public async Task A_chunked_upload_within_the_upload_limit_passes_and_one_over_it_is_a_413()
    {
        var within = await gateway.CreateClient().SendAsync(Bodies.ChunkedPost("/api/review/files", GatewayFactory.MaxUpload / 2));
        Assert.Equal(GatewayFactory.MaxUpload / 2, (await Echo.ReadAsync(within)).BodyLength);

        var over = await gateway.CreateClient().SendAsync(Bodies.ChunkedPost("/api/review/files", GatewayFactory.MaxUpload * 4));
        await over.ReadProblemAsync(413);
    }

    [Fact]
    public async Task After_a_refused_body_the_gateway_keeps_serving()
    {
        var client = gateway.CreateClient();
        (await client.SendAsync(Bodies.ChunkedPost("/api/intake/submissions", 4096))).Dispose();

        var echo = await Echo.ReadAsync(await client.GetAsync("/api/intake/submissions?after=refusal"));
        Assert.Equal("?after=refusal", echo.Query);
    }
}
