using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>The API contract as partners meet it at the real gateway: documents, errors, ETags and If-Match.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ContractTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("intake", "/submissions")]
    [InlineData("review", "/cases")]
    [InlineData("people", "/persons")]
    [InlineData("training", "/events")]
    [InlineData("scoring", "/ledger")]
    [InlineData("identity", "/tenants")]
    public async Task A_documented_path_on_the_documented_server_is_a_real_endpoint_through_the_gateway(string service, string path)
    {
        var document = await platform.Anonymous().GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json");

        var server = document.GetProperty("servers")[0].GetProperty("url").GetString();
        Assert.Equal($"/api/{service}", server);
        Assert.True(document.GetProperty("paths").GetProperty(path).TryGetProperty("get", out var operation), $"{path} is not documented");
        Assert.NotEmpty(operation.GetProperty("security").EnumerateArray());
        var oauth = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", oauth.GetProperty("password").GetProperty("tokenUrl").GetString());

        // What "try it" at /docs does: the server plus the path, with a token from the documented token URL.
        var response = await platform.Gateway.GetAsync($"{server}{path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {server}{path}: {(int)response.StatusCode}");
        var anonymous = await platform.Anonymous().GetAsync($"{server}{path}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Errors_through_the_gateway_are_problems_with_a_code_and_trace_id()
    {
        var member = await platform.SignedInAsync("zhangming");
        var cases = new (string What, Task<HttpResponseMessage> Call, int Status, string Code)[]
        {
            ("no token", platform.Anonymous().GetAsync("/api/intake/submissions"), 401, "unauthenticated"),
            ("not a reviewer", member.GetAsync("/api/review/cases"), 403, "forbidden"),
            ("unknown path", platform.Gateway.GetAsync("/api/nowhere/x"), 404, "not-found"),
            ("wrong method", platform.Gateway.DeleteAsync("/api/intake/submissions"), 405, "method-not-allowed"),
            ("not json", platform.Gateway.PostAsync("/api/intake/submissions", new StringContent("x", Encoding.UTF8, "text/plain")), 415, "unsupported-media-type"),
            ("paging overflow", platform.Gateway.GetAsync("/api/intake/submissions?page=21474837&pageSize=200"), 400, "validation-failed"),
            ("no If-Match", platform.Gateway.PutAsJsonAsync($"/api/intake/submissions/{Guid.NewGuid()}", new { title = "x", body = "y" }), 428, "precondition-required"),
        };
        foreach (var (what, call, status, code) in cases)
        {
            var response = await call;
            Assert.True((int)response.StatusCode == status, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        }
    }

    [Fact]
    public async Task A_change_with_a_stale_etag_through_the_gateway_is_a_412_and_changes_nothing()
    {
        var writer = await platform.SignedInAsync("zhangming");
        var created = await writer.PostAsJsonAsync("/api/intake/submissions", new
        {
            title = "关于社区食堂的建议", body = "……", authorPersonId = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001"),
            unitId = Guid.Parse("0e5b1c2a-0001-4000-8000-000000000001"),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var first = created.Headers.ETag!.Tag;
        var path = $"/api/intake/submissions/{id}";

        var edited = await Preconditions.SendAsync(writer, HttpMethod.Put, path, new { title = "第一次修改", body = "……" }, first);
        var stale = await Preconditions.SendAsync(writer, HttpMethod.Put, path, new { title = "基于旧版本的修改", body = "……" }, first);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(edited.Headers.ETag!.Tag, await Preconditions.ETagAsync(writer, path));
        Assert.Equal("第一次修改", (await writer.GetFromJsonAsync<JsonElement>(path)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_partners_retry_with_its_idempotency_key_through_the_gateway_gets_the_first_answer()
    {
        var partner = await platform.PartnerAsync("intake.submit intake.read");
        var key = Guid.NewGuid().ToString();
        var draft = new
        {
            title = $"关于公交站台遮阳棚的建议 {key[..8]}", body = "……", authorPersonId = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001"),
            unitId = PlatformFixture.SpbEconomyCommittee,
        };
        async Task<HttpResponseMessage> SendAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/submissions") { Content = JsonContent.Create(draft) };
            request.Headers.Add("Idempotency-Key", key);
            return await partner.SendAsync(request);
        }

        var first = await SendAsync();
        var retry = await SendAsync(); // the partner never saw the first answer

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/api/intake/submissions/{id}")).StatusCode);
    }
}
