using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.People.Tests;

/// <summary>Calls of the talent, targets and member-record tests: reads with their ETag, changes with If-Match.</summary>
internal static class TalentKit
{
    public static async Task<Guid> PersonAsync(HttpClient client, string name) =>
        (await PeopleApi.RegisterAsync(client, name)).GetProperty("id").GetGuid();

    /// <summary>Records a visit (a university, one visitor) that found the given people; asserts 201.</summary>
    public static async Task<JsonElement> VisitAsync(HttpClient client, Guid visitor, params object[] discovered)
    {
        var response = await client.PostAsJsonAsync("/talent/visits", new
        {
            kind = "university", place = "重庆大学", visitedOn = "2026-11-20", visitorIds = new[] { visitor }, notes = "座谈", discovered,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static object External(string name, params string[] tags) => new { name, organisation = "重庆大学", title = "教授", expertiseTags = tags };

    public static Guid TalentId(JsonElement visit, int index = 0) => visit.GetProperty("discovered")[index].GetProperty("id").GetGuid();

    public static async Task<(JsonElement Body, string ETag)> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.Tag);
    }

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string? etag) =>
        SendAsync(client, HttpMethod.Put, path, body, etag);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? etag) =>
        SendAsync(client, HttpMethod.Post, path, body, etag);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await call;
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> RecommendAsync(HttpClient client, Guid talentId, string target = "think-tank") =>
        await client.PostAsJsonAsync("/talent/recommendations", new { talentId, target, note = "长期关注民营经济" }).OkAsync(HttpStatusCode.Created);

    public static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    /// <summary>Rows of the talent and target tables, to show a refused call changed nothing.</summary>
    public static async Task<long[]> CountsAsync(string connectionString) =>
    [
        await TestDb.CountAsync(connectionString, "talent_visits"), await TestDb.CountAsync(connectionString, "talent_pool"),
        await TestDb.CountAsync(connectionString, "talent_recommendations"), await TestDb.CountAsync(connectionString, "annual_targets"),
    ];
}
