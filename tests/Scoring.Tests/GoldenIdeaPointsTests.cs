using System.Net;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// 入选金点子: an entry per author and golden idea, worth 0 under the default rules (the fact is kept for tenant rules
/// to price), once per person and idea; a 0-point entry puts nobody on a leaderboard, applied or rebuilt.
/// </summary>
public sealed class GoldenIdeaPointsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private static GoldenIdeaFlagged Flagged(Guid unit, params (Guid Person, decimal Share)[] authors) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "weekly", new DateOnly(2026, 11, 16), "可推广",
            [.. authors.Select((a, i) => new AuthorShare(a.Person, i + 1, a.Share))], [new UnitShare(unit, 1m)], ScoringKit.November2026);

    [Fact]
    public async Task Each_author_gets_a_zero_point_entry_labelled_in_words_and_no_place_on_the_board()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var idea = Flagged(unit, (zhang, 0.5m), (li, 0.5m));
        Assert.Empty((await _kit.BoardAsync(tenant, "2026-11")).Entries);   // built: an apply would write to it

        var fed = await _kit.Feeder.PublishAsync(tenant, idea);
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);  // after the commit's leaderboard work
        var ofZhang = Assert.Single((await _kit.WaitForLedgerAsync(tenant, zhang, 1)).Items);
        var ofLi = Assert.Single((await _kit.WaitForLedgerAsync(tenant, li, 1)).Items);

        Assert.Equal(("golden-idea", "入选金点子", idea.GoldenIdeaId, unit, 0m, fed.TraceId, ScoringKit.November2026),
            (ofZhang.Reason, ofZhang.Label, ofZhang.SourceId, ofZhang.UnitId, ofZhang.Points, ofZhang.TraceId, ofZhang.OccurredAt));
        Assert.Equal(("golden-idea", 0m), (ofLi.Reason, ofLi.Points));
        Assert.Empty((await _kit.BoardAsync(tenant, "2026-11")).Entries);
        Assert.Equal(HttpStatusCode.NotFound, (await _kit.RankAsync(tenant, zhang, "2026")).StatusCode);
    }

    [Fact]
    public async Task A_golden_idea_redelivered_or_republished_adds_no_entry()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var idea = Flagged(unit, (author, 1m));
        var fed = await _kit.Feeder.PublishAsync(tenant, idea);
        await _kit.WaitForLedgerAsync(tenant, author, 1);

        var redelivered = await _kit.Feeder.RedeliverAsync(fed);              // same envelope: the inbox drops it
        var republished = await _kit.Feeder.PublishAsync(tenant, idea);       // a new envelope: the handler adds nothing
        await _kit.Feeder.WaitConsumedAsync(redelivered, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(republished, ScoringKit.ConsumerGroup);

        Assert.NotEqual(fed.Id, republished.Id);
        var entry = Assert.Single((await _kit.SourceLedgerAsync(tenant, idea.GoldenIdeaId)).Items);
        Assert.Equal((author, fed.TraceId), (entry.PersonId, entry.TraceId));
    }

    [Fact]
    public async Task A_rebuilt_board_leaves_off_a_person_with_only_zero_point_entries_and_keeps_the_others_totals()
    {
        var tenant = ScoringKit.NewTenant();
        var (idle, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var (busy, item) = await _kit.SubmittedAndAdoptedAsync(tenant);   // 1 + 5
        await _kit.Feeder.PublishAsync(tenant, Flagged(unit, (idle, 0.5m), (busy, 0.5m)));
        await _kit.WaitForLedgerAsync(tenant, busy, 3);
        await _kit.WaitForLedgerAsync(tenant, idle, 1);
        Assert.Equal(6m, (await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(busy) is not null)).Of(busy)?.Points);

        Assert.True(await _kit.DeleteLeaderboardKeysAsync() > 0);

        var rebuilt = await _kit.BoardAsync(tenant, "2026");
        Assert.Equal([(busy, 6m)], rebuilt.Entries.Select(e => (e.PersonId, e.Points)));
        Assert.Equal(HttpStatusCode.NotFound, (await _kit.RankAsync(tenant, idle, "2026")).StatusCode);
        // The board keeps following the ledger after the rebuild: a later adoption of the same author counts.
        await _kit.AdoptedAsync(tenant, busy, item, AdoptionLevel.ParentBody);
        await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(busy)?.Points == 16m);
    }
}
