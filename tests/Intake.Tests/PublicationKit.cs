using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Arranging publications: adopted items (through review's SubmissionAdopted, as the consumer applies it),
/// issues, golden ideas and selections, and sending changes with If-Match and Idempotency-Key.</summary>
internal static class PublicationKit
{
    public const string Issues = "/publication-issues", GoldenIdeas = "/golden-ideas", Selections = "/excellent-selections";

    /// <summary>A submitted item by named authors (announced to the directory first), adopted at own-body level.</summary>
    public static async Task<Guid> AdoptedAsync(IntakeFactory factory, HttpClient client, string tenant, string title = "关于加强社区养老服务的建议",
        string body = "近年来，我区老龄化程度不断加深……", params (Guid Id, string Name)[] authors)
    {
        var id = await SubmittedAsync(factory, client, tenant, title, body, authors);
        await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1));
        await Eventually.GetAsync(() => Drafts.GetAsync(client, id), s => s.GetProperty("status").GetString() == "adopted", what: $"{id} adopted");
        return id;
    }

    public static async Task<Guid> SubmittedAsync(IntakeFactory factory, HttpClient client, string tenant, string title = "关于加强社区养老服务的建议",
        string body = "近年来，我区老龄化程度不断加深……", params (Guid Id, string Name)[] authors)
    {
        if (authors.Length == 0) authors = [(Guid.NewGuid(), "张明")];
        foreach (var (personId, name) in authors) await factory.AnnounceAsync(tenant, personId, null, name);
        var unitId = Guid.NewGuid();
        await factory.AnnounceAsync(tenant, null, unitId);
        var draft = new Dictionary<string, object?>
        {
            ["title"] = title, ["body"] = body, ["authorPersonId"] = authors[0].Id, ["unitId"] = unitId,
            ["coAuthorPersonIds"] = authors.Skip(1).Select(a => a.Id).ToArray(),
        };
        var id = await Drafts.CreateIdAsync(client, draft);
        await Drafts.SubmitAsync(client, id);
        return id;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body, string? key = null, string? etag = null) =>
        SendAsync(client, HttpMethod.Post, path, body, key, etag);

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string? etag) =>
        SendAsync(client, HttpMethod.Put, path, body, null, etag);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string? key, string? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>The ETag the client reads for <paramref name="path"/> now.</summary>
    public static async Task<string> ETagAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> CreateIssueAsync(HttpClient client, int year = 2026, int number = 12, string? publicationName = null) =>
        (await ReadAsync(await PostAsync(client, Issues, new { publicationName, year, number }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public static async Task<HttpResponseMessage> SetIssueItemsAsync(HttpClient client, Guid issue, params Guid[] ids) =>
        await PutAsync(client, $"{Issues}/{issue}/items", new { submissionIds = ids }, await ETagAsync(client, $"{Issues}/{issue}"));

    public static async Task<HttpResponseMessage> PublishIssueAsync(HttpClient client, Guid issue) =>
        await PostAsync(client, $"{Issues}/{issue}/publish", null, etag: await ETagAsync(client, $"{Issues}/{issue}"));

    public static Guid[] ItemIds(JsonElement items, string property = "submissionId") =>
        [.. items.EnumerateArray().Select(i => i.GetProperty(property).GetGuid())];
}
