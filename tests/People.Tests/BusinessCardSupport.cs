using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>People with a public origin for the card URLs and a small per-card clue limit.</summary>
public class CardFactory : PeopleFactory
{
    public const string Origin = "https://sqmy.example.gov.cn";
    public const int CluesPerWindow = 3;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Cards:PublicOrigin"] = Origin,
        ["Cards:CluesPerWindow"] = CluesPerWindow.ToString(),
        ["Cards:MaxClueBodyBytes"] = "8192",
    };
}

/// <summary>Issuing and reading cards through the API, asserting each step succeeded.</summary>
internal static class CardsApi
{
    public sealed record Card(Guid PersonId, string Url, string Token, string ETag, JsonElement Body);

    public static async Task<Card> IssueAsync(HttpClient client, Guid personId)
    {
        var response = await client.PostAsync($"/persons/{personId}/card", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync(response, personId);
    }

    public static async Task<Card> RotateAsync(HttpClient client, Card card)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/persons/{card.PersonId}/card/rotate");
        request.Headers.TryAddWithoutValidation("If-Match", card.ETag);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response, card.PersonId);
    }

    /// <summary>A person of a fresh tenant with a unit, and their card; the staff client of that tenant.</summary>
    public static async Task<(HttpClient Staff, Guid PersonId, Card Card, string Tenant)> MemberWithCardAsync(
        PeopleFactory factory, string name = "张明", string unit = "经济委员会")
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var unitId = await PeopleApi.CreateUnitIdAsync(staff, unit + Guid.NewGuid().ToString("N")[..4]);
        var personId = (await PeopleApi.RegisterAsync(staff, name, unitId, "member")).GetProperty("id").GetGuid();
        return (staff, personId, await IssueAsync(staff, personId), tenant);
    }

    private static async Task<Card> ReadAsync(HttpResponseMessage response, Guid personId)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var url = body.GetProperty("publicUrl").GetString()!;
        return new Card(personId, url, url[(url.LastIndexOf('/') + 1)..], response.Headers.ETag!.ToString(), body);
    }

    /// <summary>The path under people's own routes for a card URL's token.</summary>
    public static string PublicPath(string token) => $"/public/cards/{Uri.EscapeDataString(token)}";

    public static Task<List<TestDb.OutboxRow>> CluesAsync(PeopleFactory factory, Guid personId) =>
        PeopleDb.OutboxAsync(factory.ConnectionString, "ClueSent", "personId", personId);

    public static async Task<HttpResponseMessage> SendJsonClueAsync(HttpClient client, string token, object body) =>
        await client.PostAsJsonAsync(PublicPath(token), body);

    public static async Task<HttpResponseMessage> SendFormClueAsync(HttpClient client, string token, params (string, string)[] fields) =>
        await client.PostAsync(PublicPath(token), new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
}
