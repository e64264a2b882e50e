using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Identity.Tests;

internal static class TenantsApi
{
    /// <summary>The tenants on the first page (the page's items).</summary>
    public static async Task<JsonElement> ListAsync(HttpClient client)
    {
        var response = await client.GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    }

    public static string[] Ids(JsonElement tenants) => [.. tenants.EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    public static string? Parent(JsonElement tenant) =>
        tenant.TryGetProperty("parentId", out var parent) && parent.ValueKind == JsonValueKind.String ? parent.GetString() : null;

    public static (string Id, string Name, string Kind, string? Parent) Row(JsonElement t) =>
        (t.GetProperty("id").GetString()!, t.GetProperty("name").GetString()!, t.GetProperty("kind").GetString()!, Parent(t));
}
