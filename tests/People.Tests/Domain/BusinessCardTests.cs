using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Tests.Domain;

/// <summary>The card's rules without a database: issue, rotation, the per-card clue window, and what a clue may hold.</summary>
public sealed class BusinessCardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly ClueLimit TwoPerHour = new(2, TimeSpan.FromHours(1));

    private static BusinessCard NewCard(out Person person)
    {
        person = Person.Register(Guid.NewGuid(), "t1", "张明", null, ["member"], T0);
        var token = CardToken.New();
        return BusinessCard.Issue(Guid.NewGuid(), person, token, "protected", T0).Value!;
    }

    [Fact]
    public void A_token_is_192_random_url_safe_bits_and_its_hash_is_its_SHA256()
    {
        var a = CardToken.New();
        var b = CardToken.New();
        Assert.Matches("^[A-Za-z0-9_-]{32}$", a.Value);
        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(a.Value)), a.Hash);
        Assert.True(CardToken.IsWellFormed(a.Value));
        Assert.False(CardToken.IsWellFormed(a.Value + "x"));
        Assert.False(CardToken.IsWellFormed("<script>alert(1)</script>aaaaaa"));
    }

    [Fact]
    public void Rotating_replaces_the_hash_and_counts_the_generation()
    {
        var card = NewCard(out _);
        var before = card.TokenHash;
        var next = CardToken.New();

        card.Rotate(next, "protected-2", T0.AddDays(1));

        Assert.NotEqual(before, card.TokenHash);
        Assert.Equal(next.Hash, card.TokenHash);
        Assert.Equal(2, card.Generation);
        Assert.Equal(T0.AddDays(1), card.IssuedAt);
    }

    [Fact]
    public void An_inactive_person_gets_no_card()
    {
        var person = Person.Register(Guid.NewGuid(), "t1", "李华", null, ["member"], T0);
        person.Deactivate("离任", T0);

        var issued = BusinessCard.Issue(Guid.NewGuid(), person, CardToken.New(), "p", T0);

        Assert.Equal("person-inactive", issued.Error?.Code);
    }

    [Fact]
    public void A_card_takes_its_limit_per_window_then_refuses_until_the_window_ends()
    {
        var card = NewCard(out var person);

        Assert.True(card.SendClue(Guid.NewGuid(), "一", null, T0, TwoPerHour).Succeeded);
        Assert.True(card.SendClue(Guid.NewGuid(), "二", "138", T0.AddMinutes(10), TwoPerHour).Succeeded);
        var refused = card.SendClue(Guid.NewGuid(), "三", null, T0.AddMinutes(59), TwoPerHour);
        var nextWindow = card.SendClue(Guid.NewGuid(), "四", null, T0.AddHours(1), TwoPerHour);

        Assert.Equal("card-clue-limit", refused.Error?.Code);
        Assert.True(nextWindow.Succeeded);
        var sent = card.TakeRaisedEvents().OfType<ClueSent>().ToList();
        Assert.Equal(["一", "二", "四"], sent.Select(e => e.Text));
        Assert.All(sent, e => Assert.Equal(person.Id, e.PersonId));
        Assert.Equal("138", sent[1].Contact);
    }

    [Theory]
    [InlineData("路灯坏了，a < b 且 c > d", null, null)]
    [InlineData("多行\n线索\t内容", "13800000000", null)]
    [InlineData("", null, "text")]
    [InlineData("<script>alert(1)</script>", null, "text")]
    [InlineData("<svg onload=x>", null, "text")]
    [InlineData("<!-- x -->", null, "text")]
    [InlineData("JavaScript:alert(1)", null, "text")]
    [InlineData("控制{BEL}字符", null, "text")] // {BEL}: U+0007, kept out of the test name (XML reports refuse it)
    [InlineData("正常", "<b>", "contact")]
    [InlineData("正常", "138\n139", "contact")]
    public void A_clue_is_plain_text_of_bounded_length(string text, string? contact, string? refusedField)
    {
        var problems = ClueRules.Problems(text.Replace("{BEL}", "\u0007"), contact).ToList();
        if (refusedField is null) Assert.Empty(problems);
        else Assert.Equal([refusedField], problems.Select(p => p.Field));
    }

    [Fact]
    public void Lengths_are_bounded()
    {
        Assert.Empty(ClueRules.Problems(new string('字', ClueRules.TextMaxLength), new string('1', ClueRules.ContactMaxLength)));
        Assert.Equal(["text", "contact"], ClueRules.Problems(new string('字', ClueRules.TextMaxLength + 1),
            new string('1', ClueRules.ContactMaxLength + 1)).Select(p => p.Field));
    }
}
