using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>Scheduling events and checking people in through the API, asserting each step succeeded.</summary>
internal static class TrainingApi
{
    public const string Path = "/events";

    public static Dictionary<string, object?> NewEvent(string title = "信息写作专题讲座", int? capacity = null) => new()
    {
        ["title"] = title,
        ["kind"] = "expert-lecture",
        ["startsAt"] = new DateTimeOffset(2026, 12, 10, 9, 30, 0, TimeSpan.FromHours(8)),
        ["place"] = "区政协三楼会议室",
        ["capacity"] = capacity,
    };

    public static async Task<JsonElement> ScheduleAsync(HttpClient client, object? request = null)
    {
        var response = await client.PostAsJsonAsync(Path, request ?? NewEvent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> ScheduleIdAsync(HttpClient client, object? request = null) =>
        (await ScheduleAsync(client, request)).GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> CheckInAsync(HttpClient client, Guid eventId, Guid personId, decimal? hours = null) =>
        client.PostAsJsonAsync($"{Path}/{eventId}/attendance", new { personId, hours });

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Path}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
