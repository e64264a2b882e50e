using SheqingMinyi.BuildingBlocks.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>People on a clock the tests control; the expiry job is run by hand (its own interval is an hour).</summary>
public sealed class AppointmentsFactory : PeopleFactory
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public DateOnly Today => BodyCalendar.Today(Clock.Now);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Appointments:ExpiryInterval"] = "01:00:00" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Appointing and reading appointments through the API, asserting each step succeeded.</summary>
internal static class AppointmentsApi
{
    public static async Task<JsonElement> AppointAsync(HttpClient client, Guid personId, DateOnly startsOn, DateOnly endsOn)
    {
        var response = await client.PostAsJsonAsync("/appointments", new { personId, startsOn, endsOn });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> PersonAsync(HttpClient client, string name = "张明") =>
        (await PeopleApi.RegisterAsync(client, name, null, "member")).GetProperty("id").GetGuid();

    public static async Task<string> ETagAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    public static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd");
}
