using System.Net;
using System.Net.Http.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>Changes through the gateway as a client makes them: read the resource's ETag, send it back as If-Match.</summary>
internal static class Preconditions
{
    public static async Task<string> ETagAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.Tag;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? etag, string? traceParent = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (traceParent is not null) request.Headers.Add("traceparent", traceParent);
        return client.SendAsync(request);
    }

    /// <summary>A decision on the case as the reviewer last read it.</summary>
    public static async Task<HttpResponseMessage> DecideAsync(HttpClient reviewer, Guid caseId, object decision) =>
        await SendAsync(reviewer, HttpMethod.Post, $"/api/review/cases/{caseId}/decisions", decision,
            await ETagAsync(reviewer, $"/api/review/cases/{caseId}"));

    /// <summary>Submits the submission as its writer last read it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient writer, Guid id) =>
        await SendAsync(writer, HttpMethod.Post, $"/api/intake/submissions/{id}/submit", null, await ETagAsync(writer, $"/api/intake/submissions/{id}"));
}
