using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// 委员数字名片 through the real gateway: the office issues 张明's card, anyone opens /card/{token} without a token
/// and sends a clue, and 张明 finds it among his clues in intake (people's outbox → Redis → intake's consumer).
/// The per-address limit of the card paths is tested at the gateway (PublicCardRouteTests): exhausting it here
/// would block every other anonymous card request from this machine for a minute.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicCardFlowTests(PlatformFixture platform)
{
    private static readonly Guid ZhangMing = Guid.Parse("0e5b1c2a-0002-4000-8000-000000000001");

    [Fact]
    public async Task A_clue_sent_anonymously_through_the_card_page_reaches_the_members_clues()
    {
        var admin = await platform.SignedInAsync("spb-admin");
        var issued = await admin.PostAsync($"/api/people/persons/{ZhangMing}/card", null);
        if (issued.StatusCode == HttpStatusCode.Conflict) // issued by an earlier run on the same data
            issued = await admin.GetAsync($"/api/people/persons/{ZhangMing}/card");
        Assert.True(issued.IsSuccessStatusCode, $"card: {(int)issued.StatusCode}");
        var url = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicUrl").GetString()!;
        var path = new Uri(url).AbsolutePath;
        Assert.StartsWith("/card/", path);
        var anonymous = platform.Anonymous();

        var page = await anonymous.GetAsync(path);
        var marker = $"E2E 线索 {Guid.NewGuid():N}";
        var sent = await anonymous.PostAsJsonAsync(path, new { text = marker, contact = "13800000000" });
        var viaApi = await anonymous.GetAsync($"/api/people/public/cards/{path["/card/".Length..]}");
        var unknown = await anonymous.GetAsync($"/card/{new string('x', 32)}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("张明", html);
        Assert.DoesNotContain(ZhangMing.ToString(), html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("text/html", unknown.Content.Headers.ContentType?.MediaType);

        var member = await platform.SignedInAsync("zhangming");
        var clues = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(member, "/api/intake/clues?pageSize=200"),
            c => c.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("text").GetString() == marker), "the clue in 张明's clues");
        Assert.Equal("13800000000", clues.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == marker)
            .GetProperty("contact").GetString());
        var other = await platform.SignedInAsync("wangfang");
        Assert.DoesNotContain(marker, await other.GetStringAsync("/api/intake/clues?pageSize=200"));
    }
}
