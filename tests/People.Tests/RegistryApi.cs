using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>The registry's calls in tests: reads with their ETag, changes with If-Match, and row counts to prove
/// that a refused call changed nothing.</summary>
internal static class RegistryApi
{
    public sealed record Counts(long Units, long Persons, long Memberships, long Outbox);

    public static async Task<Counts> CountsAsync(string connectionString) => new(
        await TestDb.CountAsync(connectionString, "units"),
        await TestDb.CountAsync(connectionString, "persons"),
        await TestDb.CountAsync(connectionString, "memberships"),
        await TestDb.CountAsync(connectionString, "outbox_messages"));

    /// <summary>Runs <paramref name="call"/> and asserts that no row of units, persons, memberships or the outbox changed.</summary>
    public static async Task<HttpResponseMessage> ChangesNothingAsync(string connectionString, Func<Task<HttpResponseMessage>> call)
    {
        var before = await CountsAsync(connectionString);
        var response = await call();
        Assert.Equal(before, await CountsAsync(connectionString));
        return response;
    }

    public static async Task<(JsonElement Body, string ETag)> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.ToString());
    }

    /// <summary>Sends a change with the ETag read from <paramref name="resource"/> just before.</summary>
    public static async Task<HttpResponseMessage> ChangeAsync(HttpClient client, HttpMethod method, string resource, string path, object body)
    {
        var (_, etag) = await ReadAsync(client, resource);
        return await SendAsync(client, method, path, body, etag);
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object body, string? etag)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> UnitAsync(HttpClient client, string category = "special-committee", Guid? parentId = null, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/units", new { name = name ?? $"单位{Guid.NewGuid():N}"[..12], category, parentId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> PersonAsync(HttpClient client, string name = "张三", Guid? unitId = null, string[]? roles = null, string[]? kinds = null)
    {
        var response = await client.PostAsJsonAsync("/persons", new { name, unitId, roles = roles ?? ["member"], kinds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> StartMembershipAsync(HttpClient client, Guid personId, Guid unitId, string startsOn,
        string? endsOn = null, string role = "委员") =>
        client.PostAsJsonAsync($"/persons/{personId}/memberships", new { unitId, role, startsOn, endsOn });

    public static async Task<Guid> MembershipAsync(HttpClient client, Guid personId, Guid unitId, string startsOn, string? endsOn = null, string role = "委员")
    {
        var response = await StartMembershipAsync(client, personId, unitId, startsOn, endsOn, role);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Guid[] Ids(this JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;

    /// <summary>The payloads of the outbox rows of <paramref name="type"/> for the id, oldest first.</summary>
    public static async Task<List<JsonElement>> EventsAsync(string connectionString, string type, string idField, Guid id) =>
        [.. (await PeopleDb.OutboxAsync(connectionString, type, idField, id)).Select(r => JsonDocument.Parse(r.Payload).RootElement)];
}
