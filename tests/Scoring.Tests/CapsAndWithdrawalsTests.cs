using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// Caps and losses: a monthly cap on submitted points, and the submitted point lost on withdrawal or rejection when
/// the tenant's rules say so, whatever order the events arrive in and however often they are replayed.
/// </summary>
public sealed class CapsAndWithdrawalsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private static SubmissionSubmitted Submitted(Guid item, Guid author, DateTimeOffset at) =>
        new(item, "关于物业管理的建议", author, Guid.NewGuid(), at);

    [Fact]
    public async Task A_monthly_cap_counts_the_earliest_items_even_when_an_earlier_one_arrives_last()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", submittedMonthlyCap = 2 });
        var (author, first, second, third, december) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, Submitted(second, author, ScoringKit.Beijing(2026, 11, 10, 9)));
        await _kit.FeedAsync(tenant, Submitted(third, author, ScoringKit.Beijing(2026, 11, 20, 9)));
        await _kit.FeedAsync(tenant, Submitted(december, author, ScoringKit.Beijing(2026, 12, 1, 9)));
        Assert.Equal(2m, await _kit.ScoreAsync(tenant, author, "2026-11"));

        // The 1st of November arrives last: it and the 10th count, the 20th no longer does.
        await _kit.FeedAsync(tenant, Submitted(first, author, ScoringKit.Beijing(2026, 11, 1, 9)));

        Assert.Equal((2m, 1m, 3m), (await _kit.ScoreAsync(tenant, author, "2026-11"), await _kit.ScoreAsync(tenant, author, "2026-12"),
            await _kit.ScoreAsync(tenant, author, "2026")));
        var ledger = (await _kit.LedgerAsync(tenant, author)).Items;
        Assert.Equal([(first, 1m), (second, 1m), (third, 0m), (december, 1m)],
            ledger.GroupBy(e => e.SourceId).OrderBy(g => g.Min(e => e.OccurredAt)).Select(g => (g.Key, g.Sum(e => e.Points))));
        var correction = Assert.Single(ledger, e => e.CorrectsId is not null);
        Assert.Equal((third, -1m), (correction.SourceId, correction.Points));
    }

    [Fact]
    public async Task A_withdrawal_arriving_before_or_after_its_submission_ends_at_no_point()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", withdrawnLosesSubmitted = true });
        var (early, late, itemEarly, itemLate) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var at = ScoringKit.November2026;

        await _kit.FeedAsync(tenant, new SubmissionWithdrawn(itemEarly, [early], "作者撤回", at.AddDays(1), 2));
        await _kit.FeedAsync(tenant, Submitted(itemEarly, early, at));
        await _kit.FeedAsync(tenant, Submitted(itemLate, late, at));
        Assert.Equal(1m, await _kit.ScoreAsync(tenant, late, "2026"));
        var withdrawn = await _kit.Feeder.PublishAsync(tenant, new SubmissionWithdrawn(itemLate, [late], "作者撤回", at.AddDays(1), 2));
        await _kit.Feeder.WaitConsumedAsync(withdrawn, ScoringKit.ConsumerGroup);

        Assert.Equal((0m, 0m), (await _kit.ScoreAsync(tenant, early, "2026"), await _kit.ScoreAsync(tenant, late, "2026")));
        Assert.Equal([0m], (await _kit.LedgerAsync(tenant, early)).Items.Select(e => e.Points));
        Assert.Equal([-1m, 1m], (await _kit.LedgerAsync(tenant, late)).Items.Select(e => e.Points).Order());

        // Replayed (same envelope, then a new one): nothing more.
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(withdrawn), ScoringKit.ConsumerGroup);
        await _kit.FeedAsync(tenant, new SubmissionWithdrawn(itemLate, [late], "作者撤回", at.AddDays(1), 2));
        Assert.Equal(2, (await _kit.LedgerAsync(tenant, late)).Total);
        Assert.Equal(0m, (await _kit.StatementAsync(tenant, "persons", late, "2026")).Total);
    }

    [Fact]
    public async Task A_rejection_costs_the_point_only_under_rules_that_say_so_and_frees_a_place_under_the_cap()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, rejected, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, Submitted(rejected, author, ScoringKit.Beijing(2026, 11, 2, 9)));
        await _kit.FeedAsync(tenant, new SubmissionRejected(rejected, Guid.NewGuid(), "不予采用", ScoringKit.Beijing(2026, 11, 5, 9), 2));
        await _kit.FeedAsync(tenant, Submitted(other, author, ScoringKit.Beijing(2026, 11, 9, 9)));
        Assert.Equal(2m, await _kit.ScoreAsync(tenant, author, "2026-11"));   // version 1 keeps rejected items' points

        var change = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-11-01", rejectedLosesSubmitted = true, submittedMonthlyCap = 1 });

        // The rejected item no longer counts, so the other one is the month's one counted item.
        Assert.Equal(1, change.Corrections);
        Assert.Equal(1m, await _kit.ScoreAsync(tenant, author, "2026-11"));
        var statement = await _kit.StatementAsync(tenant, "persons", author, "2026-11");
        Assert.Equal([(rejected, 1m), (rejected, -1m), (other, 1m)], statement.Entries.Select(e => (e.SourceId, e.Points)));
        Assert.Equal("更正：报送（按第2版计分标准重算）", statement.Entries[1].Label);
    }
}
