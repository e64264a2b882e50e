using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Bench.Tools;

/// <summary>Access tokens of the demo accounts (password grant of sqmy-portal, local mode) and clients carrying them.</summary>
public static class Tokens
{
    public const string DemoPassword = "Sqmy@2026";

    public static async Task<string> PasswordGrantAsync(string user)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Platform.GatewayUrl) };
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "sqmy-portal", ["username"] = user, ["password"] = DemoPassword,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token for {user}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpClient> SignedInAsync(string user, string baseUrl = Platform.GatewayUrl)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await PasswordGrantAsync(user));
        return client;
    }

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path);
}
