using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// An item's points by share: each author of a co-authored item gets the points of every level it was adopted at ×
/// their share, under the item's unit, once per person, level and item whatever the replays or the order of arrival.
/// </summary>
public sealed class SharedPointsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private static List<AuthorShare> Shares(params (Guid Person, decimal Share)[] authors) =>
        [.. authors.Select((a, i) => new AuthorShare(a.Person, i + 1, a.Share))];

    private static SubmissionSubmitted Submitted(Guid item, Guid unit, List<AuthorShare> authors) =>
        new(item, "关于社区养老服务的建议", authors[0].PersonId, unit, ScoringKit.November2026, authors, [new UnitShare(unit, 1m)]);

    private static SubmissionAdopted Adopted(Guid item, Guid unit, AdoptionLevel level, List<AuthorShare> authors) =>
        new(item, Guid.NewGuid(), level, authors[0].PersonId, unit, ScoringKit.November2026, 3, authors, [new UnitShare(unit, 1m)]);

    [Fact]
    public async Task A_co_authored_item_adopted_at_two_levels_credits_each_author_their_share_of_each_level()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var authors = Shares((zhang, 0.6m), (li, 0.4m));

        await _kit.Feeder.PublishAsync(tenant, Submitted(item, unit, authors));
        await _kit.Feeder.PublishAsync(tenant, Adopted(item, unit, AdoptionLevel.OwnBody, authors));
        await _kit.Feeder.PublishAsync(tenant, Adopted(item, unit, AdoptionLevel.ParentBody, authors));
        var ofZhang = await _kit.WaitForLedgerAsync(tenant, zhang, 3);
        var ofLi = await _kit.WaitForLedgerAsync(tenant, li, 3);

        Assert.Equal([("adopted-own-body", "本级采用", 3m), ("adopted-parent-body", "上级采用", 6m), ("submitted", "报送", 0.6m)],
            ofZhang.Items.OrderBy(e => e.Reason).Select(e => (e.Reason, e.Label, e.Points)));
        Assert.Equal([("adopted-own-body", 2m), ("adopted-parent-body", 4m), ("submitted", 0.4m)],
            ofLi.Items.OrderBy(e => e.Reason).Select(e => (e.Reason, e.Points)));
        Assert.All(ofZhang.Items.Concat(ofLi.Items), e => Assert.Equal((item, unit), (e.SourceId, e.UnitId)));
        var board = await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(zhang)?.Points == 9.6m && b.Of(li)?.Points == 6.4m);
        Assert.Equal([zhang, li], board.Entries.Select(e => e.PersonId));
    }

    [Fact]
    public async Task An_adoption_redelivered_or_republished_credits_nothing_more()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var adopted = Adopted(item, unit, AdoptionLevel.OwnBody, Shares((zhang, 0.5m), (li, 0.5m)));
        var fed = await _kit.Feeder.PublishAsync(tenant, adopted);
        await _kit.WaitForLedgerAsync(tenant, li, 1);

        var redelivered = await _kit.Feeder.RedeliverAsync(fed);              // same envelope: the inbox drops it
        var republished = await _kit.Feeder.PublishAsync(tenant, adopted);    // a new envelope: the handler adds nothing
        await _kit.Feeder.WaitConsumedAsync(redelivered, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(republished, ScoringKit.ConsumerGroup);

        foreach (var person in new[] { zhang, li })
        {
            var entry = Assert.Single((await _kit.LedgerAsync(tenant, person)).Items);
            Assert.Equal((2.5m, fed.TraceId), (entry.Points, entry.TraceId));
            Assert.Equal(2.5m, (await _kit.BoardAsync(tenant, "2026")).Of(person)?.Points);
        }
    }

    [Fact]
    public async Task An_adoption_arriving_before_the_submission_credits_the_same()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var authors = Shares((zhang, 0.5m), (li, 0.5m));

        await _kit.Feeder.PublishAsync(tenant, Adopted(item, unit, AdoptionLevel.OwnBody, authors));
        await _kit.WaitForLedgerAsync(tenant, li, 1);
        await _kit.Feeder.PublishAsync(tenant, Submitted(item, unit, authors));

        var ofLi = await _kit.WaitForLedgerAsync(tenant, li, 2);
        Assert.Equal([("adopted-own-body", 2.5m), ("submitted", 0.5m)], ofLi.Items.OrderBy(e => e.Reason).Select(e => (e.Reason, e.Points)));
        Assert.Equal(3m, (await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(zhang)?.Points == 3m)).Of(zhang)?.Points);
    }

    [Fact]
    public async Task A_resubmission_with_another_author_list_books_no_further_submitted_point()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, wang, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.Feeder.PublishAsync(tenant, Submitted(item, unit, Shares((zhang, 0.5m), (li, 0.5m))));
        await _kit.WaitForLedgerAsync(tenant, li, 1);

        var resubmitted = await _kit.Feeder.PublishAsync(tenant, Submitted(item, unit, Shares((zhang, 0.5m), (wang, 0.5m))));
        await _kit.Feeder.WaitConsumedAsync(resubmitted, ScoringKit.ConsumerGroup);

        Assert.Equal(0, (await _kit.LedgerAsync(tenant, wang)).Total); // the first submission's point is the item's whole point
        Assert.Equal(1m, (await _kit.SourceLedgerAsync(tenant, item)).Items.Sum(e => e.Points));
    }

    [Fact]
    public async Task A_forwarded_copy_submitted_and_adopted_credits_nobody()
    {
        var tenant = ScoringKit.NewTenant();
        var copy = Guid.NewGuid();
        var origin = new SubmissionOrigin("child", Guid.NewGuid());

        var submitted = await _kit.Feeder.PublishAsync(tenant, new SubmissionSubmitted(copy, "转报的信息", Guid.Empty, Guid.Empty,
            ScoringKit.November2026, [], [], Channel: "forwarded", Origin: origin));
        var adopted = await _kit.Feeder.PublishAsync(tenant, new SubmissionAdopted(copy, Guid.NewGuid(), AdoptionLevel.ParentBody, Guid.Empty,
            Guid.Empty, ScoringKit.November2026, 2, [], []));
        await _kit.Feeder.WaitConsumedAsync(submitted, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(adopted, ScoringKit.ConsumerGroup);

        Assert.Equal(0, (await _kit.SourceLedgerAsync(tenant, copy)).Total);
        Assert.Empty((await _kit.BoardAsync(tenant, "2026")).Entries);
    }
}
