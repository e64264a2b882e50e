using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>The steps of the fuller event flow (plan, open, register, check in), each asserting it succeeded.</summary>
internal static class TrainingSteps
{
    /// <summary>A lecture whose one session started <paramref name="startedMinutesAgo"/> minutes ago and lasts three hours.</summary>
    public static Dictionary<string, object?> Lecture(int? capacity = null, int startedMinutesAgo = 10, string title = "信息写作专家辅导") => new()
    {
        ["title"] = title,
        ["kind"] = "expert-lecture",
        ["sessions"] = new[]
        {
            new { title = "专家辅导", startsAt = DateTimeOffset.UtcNow.AddMinutes(-startedMinutesAgo), endsAt = DateTimeOffset.UtcNow.AddMinutes(180 - startedMinutesAgo), hours = 3m },
        },
        ["place"] = "市政协报告厅",
        ["capacity"] = capacity,
        ["speakers"] = new[] { new { name = "王教授", title = "教授", organisation = "重庆大学" } },
    };

    /// <summary>A two-day trip (走出去): sessions of 3 and 4 hours.</summary>
    public static Dictionary<string, object?> Trip(DateTimeOffset? day1 = null) => new()
    {
        ["title"] = "赴南京大学信息骨干培训",
        ["kind"] = "external-training",
        ["sessions"] = new[]
        {
            new { title = "第一天 上午", startsAt = day1 ?? DateTimeOffset.UtcNow.AddMinutes(-10), endsAt = (day1 ?? DateTimeOffset.UtcNow.AddMinutes(-10)).AddHours(3), hours = 3m },
            new { title = "第二天 全天", startsAt = (day1 ?? DateTimeOffset.UtcNow.AddMinutes(-10)).AddDays(1), endsAt = (day1 ?? DateTimeOffset.UtcNow.AddMinutes(-10)).AddDays(1).AddHours(6), hours = 4m },
        },
        ["place"] = "南京大学",
    };

    public static HttpClient Member(TrainingFactory factory, string tenant, Guid personId) => factory.ClientFor(tenant, [PlatformRoles.Member], personId);

    public static HttpClient Staff(TrainingFactory factory, string tenant) => factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid());

    public static async Task<string> ETagAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/events/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    public static async Task<HttpResponseMessage> PostWithETagAsync(HttpClient client, Guid id, string action, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{id}/{action}") { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", await ETagAsync(client, id));
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/events/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await ETagAsync(client, id));
        return await client.SendAsync(request);
    }

    /// <summary>Schedules and opens an event for registration; returns its id and first session.</summary>
    public static async Task<(Guid Id, Guid Session)> OpenedAsync(HttpClient staff, object plan)
    {
        var created = await TrainingApi.ScheduleAsync(staff, plan);
        var id = created.GetProperty("id").GetGuid();
        var opened = await PostWithETagAsync(staff, id, "open");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        return (id, created.GetProperty("sessions")[0].GetProperty("id").GetGuid());
    }

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, Guid id, Guid? personId = null) =>
        client.PostAsJsonAsync($"/events/{id}/registrations", new { personId });

    public static async Task<string> RegisteredStatusAsync(HttpClient client, Guid id, Guid? personId = null)
    {
        var response = await RegisterAsync(client, id, personId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    public static async Task<string> CodeAsync(HttpClient staff, Guid id, Guid session)
    {
        var response = await staff.GetAsync($"/events/{id}/sessions/{session}/check-in-code");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public static Task<HttpResponseMessage> CheckInAsync(HttpClient member, Guid id, string? token) =>
        member.PostAsJsonAsync($"/events/{id}/check-in", new { token });

    public static async Task<List<JsonElement>> RegistrationsAsync(HttpClient staff, Guid id) =>
        [.. (await staff.GetFromJsonAsync<JsonElement>($"/events/{id}/registrations")).EnumerateArray()];
}
