using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>What the channel, chair-channel and withdraw/archive tests share: directory rows, settings, lifecycle calls.</summary>
internal static class ChannelKit
{
    public const string SettingsPath = "/settings/chair-channel";

    /// <summary>A unit in intake's directory as UnitCreated/UnitChanged would have written it.</summary>
    public static Task AnnounceUnitAsync(IntakeFactory factory, string tenant, Guid unitId, string category = "reporting-point", bool closed = false) =>
        TestDb.ScalarAsync<int>(factory.ConnectionString, """
            INSERT INTO directory_units (unit_id, tenant_id, name, category, version, closed_at)
            VALUES ($1, $2, '磁器口街道信息站', $3, 1, CASE WHEN $4 THEN now() END) RETURNING 1
            """, unitId, tenant, category, closed);

    /// <summary>A person (with a main unit) in intake's directory; deactivated when asked.</summary>
    public static Task AnnouncePersonAsync(IntakeFactory factory, string tenant, Guid personId, Guid? unitId = null, string name = "测试人员", bool deactivated = false) =>
        TestDb.ScalarAsync<int>(factory.ConnectionString, """
            INSERT INTO directory_persons (person_id, tenant_id, name, unit_id, version, deactivated_at)
            VALUES ($1, $2, $3, $4, 1, CASE WHEN $5 THEN now() END) RETURNING 1
            """, personId, tenant, name, unitId is { } u ? u : DBNull.Value, deactivated);

    /// <summary>A signed-in person of <paramref name="tenant"/>, announced in the directory.</summary>
    public static async Task<(Guid Person, HttpClient Client)> PersonAsync(IntakeFactory factory, string tenant, string[] roles, Guid? unitId = null)
    {
        var person = Guid.NewGuid();
        await AnnouncePersonAsync(factory, tenant, person, unitId);
        return (person, factory.ClientFor(tenant, roles, person));
    }

    public static async Task<HttpResponseMessage> PutSettingsAsync(HttpClient client, object body, string? etag = null)
    {
        if (etag is null)
        {
            var read = await client.GetAsync(SettingsPath);
            etag = read.IsSuccessStatusCode ? read.Headers.ETag!.ToString() : "\"0\"";
        }
        var request = new HttpRequestMessage(HttpMethod.Put, SettingsPath) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>Names the tenant's chair(s) and staff (announcing them), by a tenant admin.</summary>
    public static async Task SetChairAsync(IntakeFactory factory, string tenant, Guid[] chairs, Guid[]? staff = null, int? replyDays = null)
    {
        foreach (var p in chairs.Concat(staff ?? [])) await AnnouncePersonAsync(factory, tenant, p);
        var response = await PutSettingsAsync(factory.ClientFor(tenant), new { chairPersonIds = chairs, staffPersonIds = staff ?? [], replyDays });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string action, object? body = null, string? etag = null,
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Drafts.Path}/{id}/{action}");
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await Drafts.ETagAsync(client, id));
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The ids a client's list shows, and its total.</summary>
    public static async Task<(List<Guid> Ids, int Total)> ListAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"{Drafts.Path}?pageSize=200");
        return ([.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())], page.GetProperty("total").GetInt32());
    }
}
