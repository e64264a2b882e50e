using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.People.Tests;

/// <summary>Creating units and persons through the API, asserting each step succeeded.</summary>
internal static class PeopleApi
{
    public static async Task<JsonElement> CreateUnitAsync(HttpClient client, string? name = null, string category = "special-committee")
    {
        var response = await client.PostAsJsonAsync("/units", new { name = name ?? $"委员会{Guid.NewGuid():N}"[..12], category });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<Guid> CreateUnitIdAsync(HttpClient client, string? name = null) =>
        (await CreateUnitAsync(client, name)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> RegisterAsync(HttpClient client, string name, Guid? unitId = null, params string[] roles)
    {
        var response = await client.PostAsJsonAsync("/persons", new { name, unitId, roles });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ListPersonsAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/persons{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The first page's units (items of the page).</summary>
    public static async Task<JsonElement> ListUnitsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/units");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    }

    public static string[] Names(JsonElement items) => [.. items.EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
