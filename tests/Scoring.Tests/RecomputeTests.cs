using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// A rule change re-prices the facts from its effective day: the ledger only grows (corrections name what they
/// correct), the totals equal a fresh computation under the new rules, and the boards switch in one step.
/// </summary>
public sealed class RecomputeTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private readonly LedgerRows _rows = new(factory);

    private static List<AuthorShare> Shares(params Guid[] authors) => [.. authors.Select((a, i) => new AuthorShare(a, i + 1, 1m / authors.Length))];

    /// <summary>张 and 李 co-write item 1 (March, adopted twice); 张 alone item 2 (July, a 约稿 answer, adopted and
    /// instructed); 李 attends a 3-hour expert lecture in August.</summary>
    private async Task<(Guid Zhang, Guid Li, Guid First, Guid Second, Guid Unit)> HistoryAsync(string tenant)
    {
        var (zhang, li, item1, item2, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var both = Shares(zhang, li);
        List<UnitShare> units = [new(unit, 1m)];
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item1, "关于社区养老服务的建议", zhang, unit, ScoringKit.Beijing(2026, 3, 10, 9), both, units));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item1, Guid.NewGuid(), AdoptionLevel.OwnBody, zhang, unit, ScoringKit.Beijing(2026, 3, 20, 9), 3, both, units));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item1, Guid.NewGuid(), AdoptionLevel.ParentBody, zhang, unit, ScoringKit.Beijing(2026, 5, 5, 9), 3, both, units));
        var alone = Shares(zhang);
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item2, "关于社区食堂的建议", zhang, unit, ScoringKit.Beijing(2026, 7, 1, 9), alone, units,
            SolicitationId: Guid.NewGuid()));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item2, Guid.NewGuid(), AdoptionLevel.OwnBody, zhang, unit, ScoringKit.Beijing(2026, 7, 10, 9), 3, alone, units));
        await _kit.FeedAsync(tenant, new LeaderInstructionRecorded(Guid.NewGuid(), item2, Guid.NewGuid(), InstructionLevel.Municipal, "副市长", "肯定性",
            new DateOnly(2026, 7, 15), "请研究落实。", alone, units, ScoringKit.Beijing(2026, 7, 15, 9)));
        await _kit.FeedAsync(tenant, new AttendanceRecorded(Guid.NewGuid(), li, 3m, ScoringKit.Beijing(2026, 8, 1, 9), "expert-lecture"));
        return (zhang, li, item1, item2, unit);
    }

    [Fact]
    public async Task A_change_from_june_reprices_july_on_with_corrections_and_leaves_march_as_it_was()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, _, item2, unit) = await HistoryAsync(tenant);
        // Defaults: 张 0.5 + 2.5 + 5 (item 1) + 1 + 5 + 5 约稿 + 10 批示 (item 2); 李 0.5 + 2.5 + 5 + 1 training.
        Assert.Equal((29m, 9m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));
        var before = (await _kit.LedgerAsync(tenant, zhang)).Items.Concat((await _kit.LedgerAsync(tenant, li)).Items).ToList();

        var change = await _kit.ChangeRulesAsync(tenant, new
        {
            effectiveFrom = "2026-06-01", adoptedOwnBody = 8, solicitationBonus = 10, instructionMunicipal = 15,
            trainingByKind = new Dictionary<string, decimal> { ["expert-lecture"] = 2 }, trainingPerHour = 0.5m, coAuthorMode = "full",
        });

        // 张: item 1 under version 1 (8), item 2 under version 2: 1 + 8 + 10 + 15; 李: 8 + 2 + 3 × 0.5.
        Assert.Equal(4, change.Corrections);
        Assert.Equal(["2026", "2026-07", "2026-08", "2026-Q3"], change.Periods);
        Assert.Equal((42m, 11.5m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));
        Assert.Equal((8m, 8m), (await _kit.ScoreAsync(tenant, zhang, "2026-Q1") + await _kit.ScoreAsync(tenant, zhang, "2026-Q2"),
            await _kit.ScoreAsync(tenant, li, "2026-Q1") + await _kit.ScoreAsync(tenant, li, "2026-Q2")));

        // Append-only: every earlier entry is still there as it was; each correction names the newest entry of its fact.
        var after = (await _kit.LedgerAsync(tenant, zhang)).Items.Concat((await _kit.LedgerAsync(tenant, li)).Items).ToList();
        Assert.All(before, e => Assert.Contains(after, a => a.Id == e.Id && a.Points == e.Points && a.RuleVersion == e.RuleVersion));
        var corrections = after.Where(a => a.CorrectsId is not null).ToList();
        Assert.Equal(after.Count - before.Count, corrections.Count);
        Assert.Equal(
            [("adopted-own-body", 3m), ("instruction-municipal", 5m), ("solicitation-bonus", 5m), ("training-attended", 2.5m)],
            corrections.OrderBy(c => c.Reason).Select(c => (c.Reason, c.Points)));
        Assert.All(corrections, c =>
        {
            var corrected = Assert.Single(before, b => b.Id == c.CorrectsId);
            Assert.Equal((corrected.PersonId, corrected.Reason, corrected.SourceId, corrected.OccurredAt, 2),
                (c.PersonId, c.Reason, c.SourceId, c.OccurredAt, c.RuleVersion));
            Assert.StartsWith("更正：", c.Label);
        });

        // 张's statement explains the 42 line by line; his unit's counts each item's points once.
        var statement = await _kit.StatementAsync(tenant, "persons", zhang, "2026");
        Assert.Equal(42m, statement.Total);
        Assert.Equal(statement.Total, statement.Entries.Sum(e => e.Points));
        Assert.Equal(item2, statement.Entries.Single(e => e.Reason == "instruction-municipal" && e.CorrectsId is null).ItemId);
        Assert.Contains(statement.Entries, e => e.Label == "更正：市级领导批示（按第2版计分标准重算）" && e.Points == 5m);
        var ofUnit = await _kit.StatementAsync(tenant, "units", unit, "2026");
        // Unit: item 1 1 + 5 + 10 (v1), item 2 1 + 8 + 10 + 15 (v2, the unit's part is the item's once); training named no unit here.
        Assert.Equal(50m, ofUnit.Total);
    }

    [Fact]
    public async Task A_change_announces_one_PointsRecomputed_per_person_and_year_and_no_credit_per_correction()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, _, _, _) = await HistoryAsync(tenant);
        Task<List<TestDb.OutboxRow>> OfTypeAsync(string type) =>
            TestDb.OutboxAsync(factory.ConnectionString, "tenant_id = $1 AND type = $2", tenant, type);
        var credited = (await OfTypeAsync("PointsCredited")).Count;

        var change = await _kit.ChangeRulesAsync(tenant, new
        {
            effectiveFrom = "2026-06-01", adoptedOwnBody = 8, solicitationBonus = 10, instructionMunicipal = 15,
            trainingByKind = new Dictionary<string, decimal> { ["expert-lecture"] = 2 }, trainingPerHour = 0.5m,
        });

        Assert.Equal(4, change.Corrections);
        Assert.Equal(credited, (await OfTypeAsync("PointsCredited")).Count);
        var recomputed = (await OfTypeAsync("PointsRecomputed")).Select(r => JsonDocument.Parse(r.Payload).RootElement)
            .Select(p => (Person: p.GetProperty("personId").GetGuid(), Points: p.GetProperty("points").GetDecimal(),
                Entries: p.GetProperty("entries").GetInt32(), Version: p.GetProperty("ruleVersion").GetInt32(),
                Year: p.GetProperty("yearOf").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).Year,
                Id: p.GetProperty("recomputeId").GetGuid()))
            .OrderBy(r => r.Points).ToList();
        // 张: own-body +3, 约稿 +5, 批示 +5 (item 2, July); 李: the lecture 2 + 1.5 − 1 (August).
        Assert.Equal([(li, 2.5m, 1, 2, 2026), (zhang, 13m, 3, 2, 2026)], recomputed.Select(r => (r.Person, r.Points, r.Entries, r.Version, r.Year)));
        Assert.Equal(2, recomputed.Select(r => r.Id).Distinct().Count());
        Assert.Equal(await _kit.ScoreAsync(tenant, zhang, "2026"), 29m + recomputed.Single(r => r.Person == zhang).Points);
    }

    [Fact]
    public async Task A_change_reprices_only_the_reasons_whose_numbers_it_changes()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, _, _, _) = await HistoryAsync(tenant);

        // No fact is a national adoption: nothing to correct, no board to switch, the version is still kept.
        var national = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedNational = 25 });
        Assert.Equal((2, 0), (national.RuleVersion, national.Corrections));
        Assert.Empty(national.Periods);
        Assert.Equal((29m, 9m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));

        // Only 批示 (市级) changes: item 2's one instruction is corrected, nothing else.
        var instruction = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedNational = 25, instructionMunicipal = 12 });
        Assert.Equal(1, instruction.Corrections);
        var correction = Assert.Single((await _kit.LedgerAsync(tenant, zhang)).Items, e => e.CorrectsId is not null);
        Assert.Equal(("instruction-municipal", 2m, 3), (correction.Reason, correction.Points, correction.RuleVersion));
        Assert.Equal((31m, 9m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));

        // The co-author mode prices every reason: item 1's submitted and two adoptions for each author (0.5 → 1, 2.5 → 5,
        // 5 → 10); 张: item 1 in full 16, item 2 1 + 5 + 5 + 12; 李: item 1 in full 16 + the training 1.
        var full = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedNational = 25, instructionMunicipal = 12, coAuthorMode = "full" });
        Assert.Equal(6, full.Corrections);
        Assert.Equal((39m, 17m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));

        // Back to version 1's number while versions 3 and 4 priced it otherwise: compared with every earlier version, the
        // 批示 is priced again.
        var back = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedNational = 25, instructionMunicipal = 10, coAuthorMode = "full" });
        Assert.Equal(1, back.Corrections);
        Assert.Equal(37m, await _kit.ScoreAsync(tenant, zhang, "2026"));
    }

    [Fact]
    public async Task A_later_version_in_force_from_an_earlier_day_overrides_every_version_after_that_day()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, item1, _, _) = await HistoryAsync(tenant);
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-06-01", adoptedOwnBody = 8, coAuthorMode = "full" });
        var v3 = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", coAuthorMode = "full" });

        // Version 3 keeps 8 for own-body and prices everything from January: item 1 full for each (1 + 8 + 10), item 2
        // 1 + 8 + 5 + 10; 李 19 + 1.
        Assert.Equal(3, v3.RuleVersion);
        Assert.Equal((43m, 20m), (await _kit.ScoreAsync(tenant, zhang, "2026"), await _kit.ScoreAsync(tenant, li, "2026")));
        Assert.Equal((19m, 19m), (await _kit.ScoreAsync(tenant, zhang, "2026-Q1") + await _kit.ScoreAsync(tenant, zhang, "2026-Q2"),
            await _kit.ScoreAsync(tenant, li, "2026-Q1") + await _kit.ScoreAsync(tenant, li, "2026-Q2")));
        var item1Entries = (await _kit.SourceLedgerAsync(tenant, item1)).Items;
        Assert.Equal(19m * 2, item1Entries.Sum(e => e.Points));
        Assert.Equal(19m, item1Entries.Sum(e => e.UnitPoints)); // the unit: the item's points once
        foreach (var person in new[] { zhang, li })
        {
            var statement = await _kit.StatementAsync(tenant, "persons", person, "2026");
            Assert.Equal(await _kit.ScoreAsync(tenant, person, "2026"), statement.Total);
        }
    }

    [Fact]
    public async Task Events_replayed_after_a_change_add_nothing_and_new_ones_are_priced_by_it()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var adopted = new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, zhang, unit, ScoringKit.November2026);
        var fed = await _kit.Feeder.PublishAsync(tenant, adopted);
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", adoptedOwnBody = 7, submitted = 2 });
        Assert.Equal(7m, await _kit.ScoreAsync(tenant, zhang, "2026-11"));

        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ScoringKit.ConsumerGroup);
        await _kit.FeedAsync(tenant, adopted);
        Assert.Equal(2, (await _kit.LedgerAsync(tenant, zhang)).Total);
        // The submission arrives last, priced by version 2.
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, "关于停车难的建议", zhang, unit, ScoringKit.November2026));
        Assert.Equal(9m, await _kit.ScoreAsync(tenant, zhang, "2026-11"));
        Assert.Equal(2, (await _kit.LedgerAsync(tenant, zhang)).Items.Single(e => e.Reason == "submitted").RuleVersion);
    }

    [Fact]
    public async Task Readers_see_all_the_old_totals_or_all_the_new_never_a_mix()
    {
        var tenant = ScoringKit.NewTenant();
        const int persons = 300;
        // Facts straight into the table (as the consumers keep them); a first version in force from January prices them.
        await _rows.ExecuteAsync($"""
            INSERT INTO score_facts (tenant_id, person_id, reason, source_id, item_id, unit_id, share, occurred_at)
            SELECT '{tenant}', p.id, r.reason, p.item, p.item, NULL, 1, timestamptz '2026-11-10 02:00:00+00' + (p.n || ' minutes')::interval
            FROM (SELECT gen_random_uuid() AS id, gen_random_uuid() AS item, n FROM generate_series(1, {persons}) n) p
            CROSS JOIN (VALUES ('submitted'), ('adopted-own-body')) r(reason)
            """);
        // Priced as the consumers would have (a change to the same numbers re-prices nothing), then version 2 = the defaults.
        await _rows.SettleAsync(tenant);
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01" });
        var old = await _rows.BoardAsync(tenant, "2026");
        Assert.Equal(persons, old.Count);
        Assert.All(old.Values, v => Assert.Equal(6m, v));

        using var stop = new CancellationTokenSource();
        var seen = new List<Dictionary<Guid, decimal>>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) seen.Add(await _rows.BoardAsync(tenant, "2026"));
        });
        var change = await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-06-01", submitted = 3, adoptedOwnBody = 7 });
        await Task.Delay(50);
        await stop.CancelAsync();
        await reader;

        Assert.Equal(2 * persons, change.Corrections);
        var fresh = await _rows.BoardAsync(tenant, "2026");
        Assert.Equal(persons, fresh.Count);
        Assert.All(fresh.Values, v => Assert.Equal(10m, v));
        Assert.Equal(fresh.OrderBy(p => p.Key), (await _rows.TotalsAsync(tenant, ScoringKit.Beijing(2026, 1, 1, 0), ScoringKit.Beijing(2027, 1, 1, 0))).OrderBy(p => p.Key));
        Assert.NotEmpty(seen);
        Assert.All(seen, board => Assert.True(board.Values.All(v => v == 6m) || board.Values.All(v => v == 10m),
            $"a mix: {string.Join(", ", board.Values.GroupBy(v => v).Select(g => $"{g.Count()} × {g.Key}"))}"));
        Assert.All(seen, board => Assert.Equal(persons, board.Count));
    }
}
