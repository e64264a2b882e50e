using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>
/// The API contract every service keeps, run against each one: every error is problem+json with a code and the
/// trace id (unknown paths, wrong methods, wrong media types, bad JSON, no token), paging is bounded, the API
/// document describes the API through the gateway with its security, and the endpoints that must carry ETags or
/// require If-Match do.
/// </summary>
public abstract class ApiContractTests<TProgram>(ServiceFactory<TProgram> factory) where TProgram : class
{
    /// <summary>The service's path under the gateway: /api/{GatewayPath}.</summary>
    protected abstract string GatewayPath { get; }

    /// <summary>A paged list endpoint.</summary>
    protected abstract string ListPath { get; }

    /// <summary>A POST endpoint taking a JSON body (null: the service has none).</summary>
    protected abstract string? JsonPostPath { get; }

    /// <summary>The endpoints that require If-Match ("METHOD route pattern"), e.g. every PUT and every decision.</summary>
    protected abstract string[] IfMatchEndpoints { get; }

    /// <summary>The POSTs that create or decide, which take an Idempotency-Key ("METHOD route pattern").</summary>
    protected abstract string[] IdempotentEndpoints { get; }

    /// <summary>The other POSTs: operators' actions on messaging, guarded by their own state (replayed_at, the inbox).</summary>
    protected virtual string[] PostsWithoutIdempotencyKey => ["POST /admin/dead-letters/{id}/replay", "POST /admin/outbox/republish"];

    /// <summary>A signed-in client of a fresh tenant, allowed to call every endpoint used here.</summary>
    protected virtual Task<HttpClient> ClientAsync() => Task.FromResult(factory.ClientFor(Tenants.New()));

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var problem = await (await (await ClientAsync()).GetAsync($"/no-such-thing/{Guid.NewGuid()}")).ReadProblemAsync(404);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal("未找到", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_method_the_path_does_not_take_is_a_405_problem_with_allow()
    {
        var response = await (await ClientAsync()).DeleteAsync(ListPath);

        var problem = await response.ReadProblemAsync(405);
        Assert.Equal("method-not-allowed", problem.GetProperty("code").GetString());
        Assert.Equal("不支持该请求方法", problem.GetProperty("title").GetString());
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        if (JsonPostPath is null) return;
        var response = await (await ClientAsync()).PostAsync(JsonPostPath, new StringContent("title=x", Encoding.UTF8, "text/plain"));

        Assert.Equal("unsupported-media-type", (await response.ReadProblemAsync(415)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        if (JsonPostPath is null) return;
        var response = await (await ClientAsync()).PostAsync(JsonPostPath, new StringContent("{\"title\":", Encoding.UTF8, "application/json"));

        Assert.Equal("bad-request", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_token_is_a_401_problem_that_keeps_the_bearer_challenge()
    {
        var response = await factory.ClientWithToken(null).GetAsync(ListPath);

        var problem = await response.ReadProblemAsync(401);
        Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        Assert.Equal("未登录或令牌无效", problem.GetProperty("title").GetString());
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("page=21474837&pageSize=200", "page")] // (page - 1) × pageSize overflowed an int: a 500 once
    [InlineData("page=10001", "page")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=1e2", "pageSize")]
    public async Task Paging_out_of_bounds_is_a_400_validation_problem_naming_the_parameter(string query, string field)
    {
        var response = await (await ClientAsync()).GetAsync($"{ListPath}{(ListPath.Contains('?') ? '&' : '?')}{query}");

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_deepest_page_allowed_answers_an_empty_page()
    {
        var response = await (await ClientAsync()).GetAsync($"{ListPath}{(ListPath.Contains('?') ? '&' : '?')}page={PageRequest.MaxPage}&pageSize={PageRequest.MaxPageSize}");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(PageRequest.MaxPage, page.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task The_api_document_describes_the_api_through_the_gateway_with_its_security()
    {
        var document = await factory.ClientWithToken(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal($"/api/{GatewayPath}", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        var flows = schemes.GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/token", flows.GetProperty("password").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        foreach (var (path, method, operation) in Operations(document))
        {
            var security = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
            Assert.True(security.Contains("bearer") && security.Contains("oauth2"), $"{method} {path} names no security scheme");
            var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(x => x.GetProperty("name").GetString()).ToList() : [];
            if (IfMatchEndpoints.Any(e => Matches(e, method, path))) Assert.Contains("If-Match", parameters);
            if (IdempotentEndpoints.Any(e => Matches(e, method, path))) Assert.Contains("Idempotency-Key", parameters);
        }
        var list = Operations(document).Single(o => o.Method == "get" && ListPath.Split('?')[0].TrimEnd('/') == o.Path.TrimEnd('/')).Operation;
        var listParameters = list.GetProperty("parameters").EnumerateArray().Select(x => x.GetProperty("name").GetString()).ToList();
        Assert.Contains("page", listParameters);
        Assert.Contains("pageSize", listParameters);
    }

    [Fact]
    public void Every_single_resource_get_has_an_etag_every_change_of_one_requires_if_match_and_every_creating_post_takes_a_key()
    {
        // The API as documented: not the document itself, health and the like.
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        foreach (var (method, endpoint) in endpoints)
        {
            var route = $"{method} {endpoint.RoutePattern.RawText}";
            var hasParameter = endpoint.RoutePattern.Parameters.Count > 0;
            if (method == "GET" && hasParameter)
                Assert.True(endpoint.Metadata.GetMetadata<ETagMetadata>() is not null, $"{route} has no ETag");
            if (method == "PUT")
                Assert.True(endpoint.Metadata.GetMetadata<IfMatchMetadata>() is not null, $"{route} does not require If-Match");
            Assert.True(IfMatchEndpoints.Contains(Normalise(route)) == endpoint.Metadata.GetMetadata<IfMatchMetadata>() is not null,
                $"{route}: If-Match required is not as declared");
            Assert.True(IdempotentEndpoints.Contains(Normalise(route)) == endpoint.Metadata.GetMetadata<IdempotentEndpointMetadata>() is not null,
                $"{route}: Idempotency-Key taken is not as declared");
            if (method == "POST")
                Assert.True(IdempotentEndpoints.Contains(Normalise(route)) || PostsWithoutIdempotencyKey.Contains(Normalise(route)),
                    $"{route} creates or decides without taking an Idempotency-Key");
        }
        foreach (var declared in IdempotentEndpoints)
            Assert.Contains(endpoints, e => Normalise($"{e.Method} {e.Endpoint.RoutePattern.RawText}") == declared);
        foreach (var declared in IfMatchEndpoints)
            Assert.Contains(endpoints, e => Normalise($"{e.Method} {e.Endpoint.RoutePattern.RawText}") == declared);
    }

    /// <summary>"PUT /submissions/{id:guid}" → "PUT /submissions/{id}", without a trailing slash.</summary>
    private static string Normalise(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{([a-zA-Z]+)(:[^}]*)?\}", "{$1}").TrimEnd('/');

    private static bool Matches(string declared, string method, string path) =>
        string.Equals(declared, $"{method.ToUpperInvariant()} {path.TrimEnd('/')}", StringComparison.Ordinal);

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(op => (path.Name, op.Name, op.Value)));
}
