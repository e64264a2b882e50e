using System.Net;
using System.Net.Http.Json;
using System.Text;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// The anonymous clue form hardened: a hidden honeypot field that a robot fills is answered like success and sends
/// nothing; the per-card limit strikes unknown and revoked tokens exactly as a member's card, so reaching it tells
/// nothing; oversized and scripted bodies are refused before any token is looked up, with the same answer whoever
/// the token names. (The per-address limit is the gateway's: Gateway.Tests, PublicCardRouteTests.)
/// </summary>
public sealed class PublicCardHardeningTests(CardFactory factory) : IClassFixture<CardFactory>
{
    private HttpClient Anonymous => factory.CreateClient();

    private static string UnknownToken() =>
        Convert.ToBase64String([.. Guid.NewGuid().ToByteArray(), .. Guid.NewGuid().ToByteArray()]).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private Task<int> CluesInWindowAsync(Guid personId) =>
        TestDb.ScalarAsync<int>(factory.ConnectionString, "SELECT clues_in_window FROM business_cards WHERE person_id = $1", personId);

    /// <summary>A problem without what differs per request anyway: its path (the token the caller sent) and trace id.</summary>
    private static string Comparable(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        json.Remove("instance");
        json.Remove("traceId");
        return json.ToJsonString();
    }

    private Task<long> OutboxAsync() => TestDb.CountAsync(factory.ConnectionString, "outbox_messages");

    /// <summary>A member's card (valid), a rotated one's old token (revoked) and a token nobody holds.</summary>
    private async Task<(Guid PersonId, string Valid, string Revoked, string Unknown)> TokensAsync()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var (staff, _, old, _) = await CardsApi.MemberWithCardAsync(factory);
        await CardsApi.RotateAsync(staff, old); // old.Token is revoked now
        return (personId, card.Token, old.Token, UnknownToken());
    }

    [Fact]
    public async Task The_page_carries_the_honeypot_field_hidden_off_screen_and_out_of_the_tab_order()
    {
        var (_, _, card, _) = await CardsApi.MemberWithCardAsync(factory);

        var html = await Anonymous.GetStringAsync(CardsApi.PublicPath(card.Token));

        var form = html[html.IndexOf("<form", StringComparison.Ordinal)..(html.IndexOf("</form>", StringComparison.Ordinal) + 7)];
        Assert.Contains("<div class=\"hp\" aria-hidden=\"true\">", form);
        Assert.Contains("<input id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\">", form);
        Assert.Contains(".hp{position:absolute;left:-10000px", html);
        Assert.DoesNotContain("website", html[..html.IndexOf("<form", StringComparison.Ordinal)].Replace(".hp{", ""));
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_like_a_delivered_clue_and_nothing_is_sent_or_counted()
    {
        var (_, personId, card, _) = await CardsApi.MemberWithCardAsync(factory);
        var (_, otherPerson, other, _) = await CardsApi.MemberWithCardAsync(factory);
        var delivered = await CardsApi.SendJsonClueAsync(Anonymous, other.Token, new { text = "真实线索" });
        var deliveredForm = await CardsApi.SendFormClueAsync(Anonymous, other.Token, ("text", "真实线索"));
        var outbox = await OutboxAsync();

        var json = await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = "推广信息", website = "http://spam.example" });
        var form = await CardsApi.SendFormClueAsync(Anonymous, card.Token, ("text", "推广信息"), ("contact", ""), ("website", "spam"));
        var scriptedToo = await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = "<script>x</script>", website = "x" });

        foreach (var (answer, like) in new[] { (json, delivered), (form, deliveredForm), (scriptedToo, delivered) })
        {
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            Assert.Equal(like.Content.Headers.ContentType?.MediaType, answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await like.Content.ReadAsStringAsync(), await answer.Content.ReadAsStringAsync());
        }
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
        Assert.Equal(2, (await CardsApi.CluesAsync(factory, otherPerson)).Count);
        Assert.Equal(outbox, await OutboxAsync());
        Assert.Equal(0, await CluesInWindowAsync(personId));
        // The honeypot counted nothing: the card still takes its whole allowance.
        for (var i = 0; i < CardFactory.CluesPerWindow; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await CardsApi.SendJsonClueAsync(Anonymous, card.Token, new { text = $"线索{i}" })).StatusCode);
        Assert.Equal(CardFactory.CluesPerWindow, (await CardsApi.CluesAsync(factory, personId)).Count);
    }

    [Fact]
    public async Task The_per_card_limit_strikes_unknown_revoked_and_valid_tokens_alike()
    {
        var (personId, valid, revoked, unknown) = await TokensAsync();
        var outbox = await OutboxAsync();

        var answers = new List<(HttpStatusCode Status, string Body, string RetryAfter, HttpStatusCode FormStatus, string FormBody)>();
        foreach (var token in new[] { valid, revoked, unknown })
        {
            for (var i = 0; i < CardFactory.CluesPerWindow; i++)
                Assert.Equal(HttpStatusCode.Accepted, (await CardsApi.SendJsonClueAsync(Anonymous, token, new { text = $"线索{i}" })).StatusCode);
            var over = await CardsApi.SendJsonClueAsync(Anonymous, token, new { text = "再一条" });
            var overForm = await CardsApi.SendFormClueAsync(Anonymous, token, ("text", "再一条"));
            answers.Add((over.StatusCode, Comparable(await over.Content.ReadAsStringAsync()), over.Headers.GetValues("Retry-After").Single(),
                overForm.StatusCode, await overForm.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal(answers[0].Body, a.Body);
            Assert.InRange(int.Parse(a.RetryAfter), 1, 3600);
            Assert.Equal(HttpStatusCode.TooManyRequests, a.FormStatus);
            Assert.Equal(answers[0].FormBody, a.FormBody);
        });
        Assert.Contains("card-clue-limit", answers[0].Body);
        Assert.Contains("线索过多", answers[0].FormBody);
        Assert.Equal(CardFactory.CluesPerWindow, (await CardsApi.CluesAsync(factory, personId)).Count);
        Assert.Equal(outbox + CardFactory.CluesPerWindow, await OutboxAsync()); // only the valid card's clues left
    }

    public static TheoryData<string> ScriptedTexts => new()
    {
        "<script>alert(1)</script>",
        "请看 <ScRiPt src=//evil.example/x.js>",
        "<iframe src=x>",
        "<svg onload=alert(1)>",
        "点这里 javascript:alert(document.cookie)",
        "JaVaScRiPt:void(0)",
        "<!-- 注释 -->",
    };

    [Theory]
    [MemberData(nameof(ScriptedTexts))]
    public async Task A_scripted_body_is_a_400_the_same_for_every_token_and_nothing_is_sent(string text)
    {
        var (personId, valid, revoked, unknown) = await TokensAsync();
        var outbox = await OutboxAsync();

        var bodies = new List<string>();
        foreach (var token in new[] { valid, revoked, unknown })
        {
            var problem = await (await CardsApi.SendJsonClueAsync(Anonymous, token, new { text })).ReadProblemAsync(400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
            bodies.Add(Comparable(problem.ToString()));
            var form = await CardsApi.SendFormClueAsync(Anonymous, token, ("text", text));
            Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
            Assert.Contains("不能包含网页代码或脚本", await form.Content.ReadAsStringAsync());
        }

        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
        Assert.Equal(outbox, await OutboxAsync());
        Assert.Equal(0, await CluesInWindowAsync(personId));
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_whether_declared_or_streamed_and_alike_for_every_token()
    {
        var (personId, valid, revoked, unknown) = await TokensAsync();
        var outbox = await OutboxAsync();
        var large = $"{{\"text\":\"{new string('长', 3000)}\"}}"; // 9,000+ bytes of UTF-8, over the fixture's 8 KiB

        var answers = new List<string>();
        foreach (var token in new[] { valid, revoked, unknown })
        {
            var declared = await Anonymous.PostAsync(CardsApi.PublicPath(token), new StringContent(large, Encoding.UTF8, "application/json"));
            var undeclared = await Anonymous.PostAsync(CardsApi.PublicPath(token), new UnsizedContent(large));
            var longText = await CardsApi.SendJsonClueAsync(Anonymous, token, new { text = new string('长', 1001) });

            Assert.Equal("request-too-large", (await declared.ReadProblemAsync(413)).GetProperty("code").GetString());
            Assert.Equal("request-too-large", (await undeclared.ReadProblemAsync(413)).GetProperty("code").GetString());
            answers.Add(Comparable((await longText.ReadProblemAsync(400)).ToString()));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Empty(await CardsApi.CluesAsync(factory, personId));
        Assert.Equal(outbox, await OutboxAsync());
    }

    [Fact]
    public async Task A_valid_unknown_and_revoked_token_get_identical_answers_to_the_same_clue()
    {
        var (personId, valid, revoked, unknown) = await TokensAsync();

        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var token in new[] { valid, revoked, unknown })
        {
            var json = await CardsApi.SendJsonClueAsync(Anonymous, token, new { text = "同一条线索", contact = "13800000000" });
            answers.Add((json.StatusCode, json.Content.Headers.ContentType?.ToString(), await json.Content.ReadAsStringAsync()));
            var form = await CardsApi.SendFormClueAsync(Anonymous, token, ("text", "同一条线索"), ("website", ""));
            answers.Add((form.StatusCode, form.Content.Headers.ContentType?.ToString(), await form.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.Accepted, answers[0].Item1);
        for (var i = 2; i < answers.Count; i++) Assert.Equal(answers[i % 2], answers[i]);
        Assert.Equal(2, (await CardsApi.CluesAsync(factory, personId)).Count); // an empty honeypot is a person's form
    }
}

/// <summary>A JSON body sent without Content-Length (streamed), so only reading it can tell its size.</summary>
internal sealed class UnsizedContent : HttpContent
{
    private readonly byte[] _bytes;

    public UnsizedContent(string json)
    {
        _bytes = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
