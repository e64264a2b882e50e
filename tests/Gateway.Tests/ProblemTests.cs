using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>Every error the gateway answers is problem+json with a stable code and the trace id, whoever caused it.</summary>
public sealed class ProblemTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_missing_token_is_a_401_problem_that_keeps_the_bearer_challenge()
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        var response = await client.GetAsync("/api/intake/submissions");

        var problem = await response.ReadProblemAsync(401);
        Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        Assert.Equal("未登录或令牌无效", problem.GetProperty("title").GetString());
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData(401, "unauthenticated")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not-found")]
    [InlineData(405, "method-not-allowed")]
    [InlineData(415, "unsupported-media-type")]
    [InlineData(500, "internal-error")]
    public async Task A_bare_error_from_a_service_leaves_the_gateway_as_a_problem_with_the_services_status(int status, string code)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await gateway.CreateClient().GetAsync($"/api/review/status/{status}/{marker}");

        var problem = await response.ReadProblemAsync(status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        Assert.Single(gateway.Backends["review"].ReceivedWith(marker));
        if (status == 405) Assert.Equal("GET", string.Join(",", response.Content.Headers.Allow));
        if (status == 401) Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_services_own_problem_passes_through_unchanged()
    {
        var response = await gateway.CreateClient().GetAsync($"/api/people/problem/409/{Guid.NewGuid():N}");

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("service-own-code", problem.GetProperty("code").GetString());
        Assert.Equal("服务自己的问题", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("POST", "/docs/")]
    [InlineData("PUT", "/docs/scalar.js")]
    public async Task The_gateways_own_endpoints_answer_other_methods_with_a_problem(string method, string path)
    {
        var response = await gateway.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("code", out _) && problem.TryGetProperty("traceId", out _), problem.ToString());
    }
}
