using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record StageDto(string Name, string Role, List<Guid> ReviewerPersonIds, int TimeLimitDays, bool ChecklistRequired);

public sealed record WorkflowDto(int WorkflowVersion, bool IsDefault, List<StageDto> Stages);

/// <summary>The workflow and the other If-Match requests of the new review routes, as tests send them.</summary>
public static class WorkflowKit
{
    public static HttpClient Admin(ReviewFactory factory, string tenant) => factory.ClientFor(tenant, [PlatformRoles.TenantAdmin], Guid.NewGuid());

    /// <summary>Sends <paramref name="body"/> with If-Match <paramref name="etag"/> (null: none).</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    public static async Task<(WorkflowDto Workflow, string ETag)> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync("/workflow");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<WorkflowDto>(ReviewKit.Json))!, response.Headers.ETag!.ToString());
    }

    /// <summary>Sets the tenant's workflow (as its admin, with the current ETag); must succeed.</summary>
    public static async Task<WorkflowDto> SetAsync(ReviewFactory factory, string tenant, params object[] stages)
    {
        var admin = Admin(factory, tenant);
        var (_, etag) = await GetAsync(admin);
        var response = await SendAsync(admin, HttpMethod.Put, "/workflow", new { stages }, etag);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<WorkflowDto>(ReviewKit.Json))!;
    }
}
