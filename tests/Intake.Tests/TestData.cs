using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Creating and moving submissions through the API, asserting each step succeeded.</summary>
internal static class Drafts
{
    public const string Path = "/submissions";

    public static Dictionary<string, object?> New(string title = "关于加强社区养老服务的建议", Guid? authorPersonId = null) => new()
    {
        ["title"] = title,
        ["body"] = "近年来，我区老龄化程度不断加深……",
        ["authorPersonId"] = authorPersonId ?? Guid.NewGuid(),
        ["unitId"] = Guid.NewGuid(),
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, object? draft = null)
    {
        var response = await client.PostAsJsonAsync(Path, draft ?? New());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Creates a draft and returns it with the ETag of its answer (for callers that cannot read it back).</summary>
    public static async Task<(JsonElement Draft, string ETag)> CreateWithETagAsync(HttpClient client, object? draft = null)
    {
        var response = await client.PostAsJsonAsync(Path, draft ?? New());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    public static async Task<Guid> CreateIdAsync(HttpClient client, object? draft = null) =>
        (await CreateAsync(client, draft)).GetProperty("id").GetGuid();

    /// <summary>The ETag the client reads for the submission, or a tag naming no version when it cannot read it.</summary>
    public static async Task<string> ETagAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Path}/{id}");
        return response.IsSuccessStatusCode ? response.Headers.ETag!.ToString() : "\"0\"";
    }

    /// <summary>PUT with If-Match: the given ETag, else the one the client reads now.</summary>
    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object edit, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Path}/{id}") { Content = JsonContent.Create(edit) };
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await ETagAsync(client, id));
        return await client.SendAsync(request);
    }

    /// <summary>POST …/submit with If-Match: the given ETag, else the one the client reads now.</summary>
    public static async Task<HttpResponseMessage> PostSubmitAsync(HttpClient client, Guid id, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Path}/{id}/submit");
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await ETagAsync(client, id));
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> SubmitAsync(HttpClient client, Guid id)
    {
        var response = await PostSubmitAsync(client, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> CreateSubmittedAsync(HttpClient client)
    {
        var id = await CreateIdAsync(client);
        await SubmitAsync(client, id);
        return id;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Path}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
