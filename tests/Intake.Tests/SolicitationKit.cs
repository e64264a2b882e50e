using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Solicitations and topics through the API, and the directory rows (persons, units, memberships) they target.</summary>
internal static class SolicitationKit
{
    public const string Route = "/solicitations";

    public static DateOnly Today => BodyCalendar.Today(DateTimeOffset.UtcNow);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd");

    public static Dictionary<string, object?> New(Guid[]? units = null, Guid[]? persons = null, string title = "关于养老服务的约稿") => new()
    {
        ["title"] = title,
        ["brief"] = "请围绕社区养老服务撰写信息，重点反映老年食堂运营情况。",
        ["targetUnitIds"] = units ?? [],
        ["targetPersonIds"] = persons ?? [],
        ["deadline"] = Day(Today.AddDays(21)),
    };

    public static async Task<JsonElement> IssueAsync(HttpClient staff, object request)
    {
        var response = await staff.PostAsJsonAsync(Route, request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> IssueIdAsync(HttpClient staff, object request) => (await IssueAsync(staff, request)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Route}/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> ClaimAsync(HttpClient client, Guid id) => client.PostAsync($"{Route}/{id}/claim", null);

    /// <summary>POST with If-Match: the given ETag, else the one the client reads at <paramref name="read"/>.</summary>
    public static async Task<HttpResponseMessage> PostWithETagAsync(HttpClient client, string path, string read, object? body = null, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is null)
        {
            var current = await client.GetAsync(read);
            etag = current.IsSuccessStatusCode ? current.Headers.ETag!.ToString() : "\"0\"";
        }
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> CloseAsync(HttpClient client, Guid id, string? etag = null) =>
        PostWithETagAsync(client, $"{Route}/{id}/close", $"{Route}/{id}", etag: etag);

    public static Guid[] Ids(this JsonElement array, string property = "id") => [.. array.EnumerateArray().Select(e => e.GetProperty(property).GetGuid())];

    public static async Task<Guid[]> ListIdsAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"{Route}{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").Ids();
    }

    public static Task<long> CountAsync(string connectionString, string table, string tenant) =>
        TestDb.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM {table} WHERE tenant_id = $1", tenant);

    // ---- the directory, written as the people events would have ----

    public static Task UnitAsync(string cs, string tenant, Guid unit, string category = "professional-group", string name = "社会民生专业小组") =>
        ExecuteAsync(cs, "INSERT INTO directory_units (unit_id, tenant_id, name, category, version) VALUES ($1, $2, $3, $4, 1)", unit, tenant, name, category);

    public static Task PersonAsync(string cs, string tenant, Guid person, Guid? mainUnit = null, string name = "刘飞龙") =>
        ExecuteAsync(cs, "INSERT INTO directory_persons (person_id, tenant_id, name, unit_id, version) VALUES ($1, $2, $3, $4, 1)",
            person, tenant, name, mainUnit is { } u ? u : DBNull.Value);

    public static Task MembershipAsync(string cs, string tenant, Guid person, Guid unit, DateOnly startsOn, DateOnly? endsOn = null) =>
        ExecuteAsync(cs, "INSERT INTO directory_memberships (membership_id, tenant_id, person_id, unit_id, role, starts_on, ends_on, version) VALUES ($1, $2, $3, $4, '组员', $5, $6, 1)",
            Guid.NewGuid(), tenant, person, unit, startsOn, endsOn is { } e ? e : DBNull.Value);

    public static async Task ExecuteAsync(string cs, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
