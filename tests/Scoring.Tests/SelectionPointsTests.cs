using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>入选优秀选编: +3 per selected item to each author by share, once per item and person, whatever the replays.</summary>
public sealed class SelectionPointsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private static ExcellentSelectionPublished Selection(Guid unit, params (Guid Item, (Guid Person, decimal Share)[] Authors)[] items) =>
        new(Guid.NewGuid(), 2026, 2, [.. items.Select(i => new SelectedItem(i.Item,
            [.. i.Authors.Select((a, n) => new AuthorShare(a.Person, n + 1, a.Share))], [new UnitShare(unit, 1m)]))], ScoringKit.November2026);

    [Fact]
    public async Task Each_author_earns_three_points_times_their_share_per_selected_item()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, first, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var fed = await _kit.Feeder.PublishAsync(tenant, Selection(unit, (first, [(zhang, 0.5m), (li, 0.5m)]), (second, [(zhang, 1m)])));
        var ofZhang = await _kit.WaitForLedgerAsync(tenant, zhang, 2);
        var ofLi = await _kit.WaitForLedgerAsync(tenant, li, 1);

        Assert.Equal([(first, 1.5m), (second, 3m)], ofZhang.Items.OrderBy(e => e.Points).Select(e => (e.SourceId, e.Points)));
        var entry = Assert.Single(ofLi.Items);
        Assert.Equal(("入选优秀选编", first, 1.5m, unit, fed.TraceId), (entry.Reason, entry.SourceId, entry.Points, entry.UnitId, entry.TraceId));
        Assert.All(ofZhang.Items, e => Assert.Equal("入选优秀选编", e.Reason));
        Assert.Equal(4.5m, (await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(zhang)?.Points == 4.5m)).Of(zhang)?.Points);
    }

    [Fact]
    public async Task The_same_selection_redelivered_or_republished_credits_once()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var selection = Selection(unit, (item, [(author, 1m)]));
        var fed = await _kit.Feeder.PublishAsync(tenant, selection);
        await _kit.WaitForLedgerAsync(tenant, author, 1);

        var redelivered = await _kit.Feeder.RedeliverAsync(fed);                  // same envelope: the inbox drops it
        var republished = await _kit.Feeder.PublishAsync(tenant, selection);      // a new envelope: the handler adds nothing
        await _kit.Feeder.WaitConsumedAsync(redelivered, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(republished, ScoringKit.ConsumerGroup);

        Assert.NotEqual(fed.Id, republished.Id);
        var entry = Assert.Single((await _kit.LedgerAsync(tenant, author)).Items);
        Assert.Equal((3m, fed.TraceId), (entry.Points, entry.TraceId));
        Assert.Equal(3m, (await _kit.BoardAsync(tenant, "2026")).Of(author)?.Points);
    }
}
