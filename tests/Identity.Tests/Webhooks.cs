using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Identity.Tests;

/// <summary>An endpoint as registered: its id, its one-time secret and the ETag of the answer.</summary>
public sealed record RegisteredWebhook(Guid Id, string Secret, string ETag, JsonElement Body);

/// <summary>Calls /webhooks as a tenant admin does.</summary>
internal static class Webhooks
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient admin, object body) => admin.PostAsJsonAsync("/webhooks", body);

    public static async Task<RegisteredWebhook> RegisterAsync(HttpClient admin, string url, string[] eventTypes, string clientId = Tokens.PartnerClient)
    {
        var response = await PostAsync(admin, new { clientId, url, eventTypes, enabled = true });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new RegisteredWebhook(body.GetProperty("endpoint").GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!,
            response.Headers.ETag!.ToString(), body);
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient admin, Guid id)
    {
        var response = await admin.GetAsync($"/webhooks/{id}");
        return (response, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default);
    }

    public static HttpRequestMessage With(HttpMethod method, string path, string? ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public static async Task<HttpClient> AdminAsync(IdentityFactory factory, string user = "spb-admin") =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    /// <summary>A partner client of the admin's tenant with the given scopes (registered through the API).</summary>
    public static async Task<string> NewClientAsync(HttpClient admin, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/clients", new { displayName = "测试合作系统", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientId").GetString()!;
    }
}
