using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>批示: +5/+10/+20/+30 by the leader's level to every author × share, once per person and instruction.</summary>
public sealed class InstructionPointsTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private static LeaderInstructionRecorded Instruction(Guid item, Guid unit, InstructionLevel level, params (Guid Person, decimal Share)[] authors) =>
        new(Guid.NewGuid(), item, Guid.NewGuid(), level, "市委副书记", "肯定性", new DateOnly(2026, 11, 15), "请有关部门研究落实",
            [.. authors.Select((a, i) => new AuthorShare(a.Person, i + 1, a.Share))], [new UnitShare(unit, 1m)], ScoringKit.November2026);

    [Theory]
    [InlineData(InstructionLevel.District, "instruction-district", "区级领导批示", 5)]
    [InlineData(InstructionLevel.Municipal, "instruction-municipal", "市级领导批示", 10)]
    [InlineData(InstructionLevel.Provincial, "instruction-provincial", "省部级领导批示", 20)]
    [InlineData(InstructionLevel.National, "instruction-national", "国家级领导批示", 30)]
    public async Task Each_author_earns_the_level_points_times_their_share(InstructionLevel level, string reason, string label, int points)
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var instruction = Instruction(item, unit, level, (zhang, 0.6m), (li, 0.4m));

        var fed = await _kit.Feeder.PublishAsync(tenant, instruction);
        var ofZhang = Assert.Single((await _kit.WaitForLedgerAsync(tenant, zhang, 1)).Items);
        var ofLi = Assert.Single((await _kit.WaitForLedgerAsync(tenant, li, 1)).Items);

        Assert.Equal((reason, label, instruction.InstructionId, unit, points * 0.6m, fed.TraceId),
            (ofZhang.Reason, ofZhang.Label, ofZhang.SourceId, ofZhang.UnitId, ofZhang.Points, ofZhang.TraceId));
        Assert.Equal((reason, points * 0.4m), (ofLi.Reason, ofLi.Points));
        Assert.Equal(ScoringKit.November2026, ofZhang.OccurredAt);
        await _kit.WaitForBoardAsync(tenant, "2026-11", b => b.Of(zhang)?.Points == points * 0.6m && b.Of(li)?.Points == points * 0.4m);
    }

    [Fact]
    public async Task An_instruction_redelivered_or_republished_counts_once_and_a_second_instruction_counts_again()
    {
        var tenant = ScoringKit.NewTenant();
        var (zhang, li, unit, item) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var instruction = Instruction(item, unit, InstructionLevel.Municipal, (zhang, 0.5m), (li, 0.5m));
        var fed = await _kit.Feeder.PublishAsync(tenant, instruction);
        await _kit.WaitForLedgerAsync(tenant, li, 1);

        var redelivered = await _kit.Feeder.RedeliverAsync(fed);                 // same envelope: the inbox drops it
        var republished = await _kit.Feeder.PublishAsync(tenant, instruction);   // a new envelope: the handler adds nothing
        await _kit.Feeder.WaitConsumedAsync(redelivered, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(republished, ScoringKit.ConsumerGroup);

        var entries = (await _kit.SourceLedgerAsync(tenant, instruction.InstructionId)).Items;
        Assert.Equal([5m, 5m], entries.Select(e => e.Points));
        Assert.All(entries, e => Assert.Equal(fed.TraceId, e.TraceId));

        // Another leader's instruction on the same item is another source: it counts.
        await _kit.Feeder.PublishAsync(tenant, Instruction(item, unit, InstructionLevel.District, (zhang, 0.5m), (li, 0.5m)));
        var ofZhang = await _kit.WaitForLedgerAsync(tenant, zhang, 2);
        Assert.Equal(7.5m, ofZhang.Items.Sum(e => e.Points));
        await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(zhang)?.Points == 7.5m && b.Of(li)?.Points == 7.5m);
    }

    [Fact]
    public async Task An_instruction_recorded_after_the_year_turned_counts_in_the_year_it_was_given()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, unit) = (Guid.NewGuid(), Guid.NewGuid());
        var late = Instruction(Guid.NewGuid(), unit, InstructionLevel.District, (author, 1m)) with
        {
            InstructedOn = new DateOnly(2026, 12, 31), RecordedAt = ScoringKit.Beijing(2027, 1, 6, 9),
        };

        await _kit.Feeder.PublishAsync(tenant, late);

        var entry = Assert.Single((await _kit.WaitForLedgerAsync(tenant, author, 1)).Items);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.FromHours(8)), entry.OccurredAt);
        Assert.Equal(5m, (await _kit.WaitForBoardAsync(tenant, "2026-12", b => b.Of(author) is not null)).Of(author)?.Points);
    }
}
