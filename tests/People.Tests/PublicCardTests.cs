using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// The anonymous card page and its clue form: the member's name and unit and nothing else; an unknown, revoked or
/// malformed token answers exactly like any other unknown one; clues are validated, limited per card, and leave as
/// one ClueSent in the member's tenant.
/// </summary>
public sealed class PublicCardTests(CardFactory factory) : IClassFixture<CardFactory>
{
    private HttpClient Anonymous => factory.CreateClient();

    [Fact]
    public async Task The_page_shows_the_members_name_and_unit_and_never_the_person_id()
    {
        var (_, personId, card, tenant) = await CardsApi.MemberWithCardAsync(factory, "张明", "经济委员会");

        var response = await Anonymous.GetAsync(CardsApi.PublicPath(card.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>张明</h1>", html);
        Assert.Contains("经济委员会", html);
        Assert.Contains("name=\"text\"", html);
        Assert.DoesNotContain(personId.ToString(), html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(personId.ToString("N"), html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(tenant, html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_name_with_markup_is_shown_as_text()
    {
        var (_, _, card, _) = await CardsApi.MemberWithCardAsync(factory, "<b>李华</b>");
        var html = await Anonymous.GetStringAsync(CardsApi.PublicPath(card.Token));
        Assert.Contains("&lt;b&gt;李华&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>李华", html);
    }

    [Fact]
    public async Task Unknown_revoked_malformed_and_deactivated_tokens_get_the_same_answer()
    {
        var (staff, _, card, _) = await CardsApi.MemberWithCardAsync(factory);
        await CardsApi.RotateAsync(staff, card); // card.Token is revoked now
        var (_, gonePerson, goneCard, _) = await CardsApi.MemberWithCardAsync(factory);
        await TestDb.ScalarAsync<int>(factory.ConnectionString, "UPDATE persons SET deactivated_at = now() WHERE id = $1 RETURNING 1", gonePerson);
        var unknown = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(new byte[8]).ToArray()).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var token in new[] { unknown, card.Token, goneCard.Token, "abc", "%3Cscript%3E", new string('a', 33) })
        {
            var response = await Anonymous.GetAsync($"/public/cards/{token}");
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.NotFound, answers[0].Item1);
        Assert.Contains("名片不存在", answers[0].Item3);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
    }

    [Fact]
    public async Task A_clue_sent_as_JSON_leaves_as_one_ClueSent_of_the_members_tenant()
    {
        var (_, personId, card, tenant) = await CardsApi.MemberWithCardAsync(factory);

        var response = await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = " 小区门口路灯坏了 a < b ", contact = "13800000000" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = Assert.Single(await CardsApi.CluesAsync(factory, personId));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal("小区门口路灯坏了 a < b", payload.GetProperty("text").GetString());
        Assert.Equal("13800000000", payload.GetProperty("contact").GetString());
        Assert.NotEqual(Guid.Empty, payload.GetProperty("clueId").GetGuid());
    }

    [Fact]
    public async Task A_clue_sent_with_the_pages_form_is_accepted_with_a_page()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);

        var response = await CardsApi.SendFormClueAsync(Anonymous, card.Token, ("text", "河道有垃圾"), ("contact", ""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("线索已提交", await response.Content.ReadAsStringAsync());
        var payload = JsonDocument.Parse(Assert.Single(await CardsApi.CluesAsync(factory, personId)).Payload).RootElement;
        Assert.Equal("河道有垃圾", payload.GetProperty("text").GetString());
        Assert.False(payload.TryGetProperty("contact", out var contact) && contact.ValueKind != JsonValueKind.Null, "an empty contact is none");
    }

    [Fact]
    public async Task A_clue_to_an_unknown_or_revoked_token_gets_the_same_202_and_goes_nowhere()
    {
        var (staff, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var (_, otherPerson, other, _) = await CardsApi.MemberWithCardAsync(factory);
        await CardsApi.RotateAsync(staff, card);
        var before = await TestDb.CountAsync(factory.ConnectionString, "outbox_messages");

        var revoked = await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = "线索" });
        var unknown = await CardsApi.SendJsonClueAsync(Anonymous, new string('x', 32), new { text = "线索" });
        var malformed = await CardsApi.SendJsonClueAsync(Anonymous, "abc", new { text = "线索" });
        var revokedForm = await CardsApi.SendFormClueAsync(Anonymous, card.Token, ("text", "线索"));
        var delivered = await CardsApi.SendJsonClueAsync(Anonymous, other.Token, new { text = "线索" });
        var deliveredForm = await CardsApi.SendFormClueAsync(Anonymous, other.Token, ("text", "线索"));

        foreach (var r in new[] { revoked, unknown, malformed, delivered })
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            Assert.Equal(await delivered.Content.ReadAsStringAsync(), await r.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Accepted, revokedForm.StatusCode);
        Assert.Equal(await deliveredForm.Content.ReadAsStringAsync(), await revokedForm.Content.ReadAsStringAsync());
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
        Assert.Equal(2, (await CardsApi.CluesAsync(factory, otherPerson)).Count);
        Assert.Equal(before + 2, await TestDb.CountAsync(factory.ConnectionString, "outbox_messages"));
    }

    public static TheoryData<string, string?, string> BadClues => new()
    {
        { "empty", "", "text" },
        { "too long", new string('长', 1001), "text" },
        { "script", "请看<script>alert(1)</script>", "text" },
        { "tag in upper case", "<IMG src=x onerror=alert(1)>", "text" },
        { "closing tag", "a</b>", "text" },
        { "javascript url", "javascript:alert(1)", "text" },
        { "control character", "线索{BEL}内容", "text" }, // U+0007, kept out of the test name
        { "script in contact", "<script>", "contact" },
        { "long contact", new string('1', 101), "contact" },
    };

    [Theory]
    [MemberData(nameof(BadClues))]
    public async Task A_bad_clue_is_refused_with_the_field_and_nothing_is_sent(string why, string? text, string field)
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        text = text?.Replace("{BEL}", "\u0007");
        var body = field == "contact" ? new { text = "正常线索", contact = text } : new { text, contact = (string?)null };

        var problem = await (await CardsApi.SendJsonClueAsync(Anonymous, card.Token, body)).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: an error on {field}");
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
    }

    [Fact]
    public async Task A_bad_clue_from_the_form_gets_a_Chinese_page_and_nothing_is_sent()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);

        var response = await CardsApi.SendFormClueAsync(Anonymous, card.Token, ("text", "<script>alert(1)</script>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("不能包含网页代码或脚本", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
    }

    [Fact]
    public async Task Only_forms_and_JSON_are_taken_and_bodies_are_bounded()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var path = CardsApi.PublicPath(card.Token);

        var plain = await Anonymous.PostAsync(path, new StringContent("text=线索", Encoding.UTF8, "text/plain"));
        var multipart = await Anonymous.PostAsync(path, new MultipartFormDataContent { { new StringContent("线索"), "text" } });
        var none = await Anonymous.PostAsync(path, null);
        var large = await Anonymous.PostAsync(path, new StringContent($"{{\"text\":\"{new string('a', 9000)}\"}}", Encoding.UTF8, "application/json"));
        var malformed = await Anonymous.PostAsync(path, new StringContent("{\"text\":", Encoding.UTF8, "application/json"));

        Assert.Equal("unsupported-media-type", (await plain.ReadProblemAsync(415)).GetProperty("code").GetString());
        await multipart.ReadProblemAsync(415);
        await none.ReadProblemAsync(415);
        Assert.Equal("request-too-large", (await large.ReadProblemAsync(413)).GetProperty("code").GetString());
        Assert.Equal("malformed-body", (await malformed.ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
    }

    [Fact]
    public async Task A_card_takes_a_limited_number_of_clues_per_window_and_other_cards_are_not_affected()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var (_, otherPerson, other, _) = await CardsApi.MemberWithCardAsync(factory);

        for (var i = 0; i < CardFactory.CluesPerWindow; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = $"线索{i}" })).StatusCode);
        var over = await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = "再一条" });
        var overForm = await CardsApi.SendFormClueAsync(Anonymous, card.Token, ("text", "再一条"));
        var elsewhere = await CardsApi.SendJsonClueAsync(Anonymous, other.Token, new { text = "另一位委员" });

        Assert.Equal("card-clue-limit", (await over.ReadProblemAsync(429)).GetProperty("code").GetString());
        Assert.InRange(int.Parse(over.Headers.GetValues("Retry-After").Single()), 1, 3600);
        Assert.Equal(HttpStatusCode.TooManyRequests, overForm.StatusCode);
        Assert.Contains("线索过多", await overForm.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, elsewhere.StatusCode);
        Assert.Equal(CardFactory.CluesPerWindow, (await CardsApi.CluesAsync(factory, personId)).Count);
        Assert.Single(await CardsApi.CluesAsync(factory, otherPerson));
    }
}
