using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// Attendance names no unit, and the person's history may arrive after it: the training facts are placed again when
/// it does, by correcting entries, so either order of the same events gives the same unit totals.
/// </summary>
public sealed class TrainingUnitHistoryTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private sealed record People(Guid Person, Guid UnitThen, Guid UnitNow, Guid Committee, Guid Before, Guid After);

    private static People New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    // In 沙坪坝 until 10 November, in 九龙坡 from the 11th (the main unit now); a committee seat since 2025.
    private static object[] History(People p) =>
    [
        new UnitCreated(p.UnitThen, "沙坪坝区委会", "district-committee"),
        new UnitCreated(p.UnitNow, "九龙坡区委会", "district-committee"),
        new UnitCreated(p.Committee, "社会民生委员会", "special-committee"),
        new PersonRegistered(p.Person, "赵六", p.UnitNow, ["member"]),
        new MembershipChanged(Guid.NewGuid(), p.Person, p.UnitThen, "成员", new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 10), 1),
        new MembershipChanged(Guid.NewGuid(), p.Person, p.UnitNow, "成员", new DateOnly(2026, 11, 11), null, 1),
        new MembershipChanged(Guid.NewGuid(), p.Person, p.Committee, "委员", new DateOnly(2025, 1, 1), null, 1),
    ];

    private static object[] Attendance(People p) =>
    [
        new AttendanceRecorded(p.Before, p.Person, 2m, ScoringKit.Beijing(2026, 11, 5, 9)),
        new AttendanceRecorded(p.After, p.Person, 2m, ScoringKit.Beijing(2026, 11, 20, 9)),
    ];

    [Fact]
    public async Task Attendance_before_the_history_is_moved_to_the_unit_held_that_day_and_totals_match_the_other_order()
    {
        var (late, early) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (p, q) = (New(), New());
        foreach (var e in Attendance(p).Concat(History(p))) await FeedAsync(late, e);
        foreach (var e in History(q).Concat(Attendance(q))) await FeedAsync(early, e);

        Assert.Equal((1m, 1m, 0m), await UnitTotalsAsync(late, p));
        Assert.Equal((1m, 1m, 0m), await UnitTotalsAsync(early, q));
        Assert.Equal(2m, await _kit.ScoreAsync(late, p.Person, "2026-11"));
        Assert.Equal(2m, await _kit.ScoreAsync(early, q.Person, "2026-11"));

        // The history arriving later corrected the ledger by new entries, never by rewriting: in the end each source
        // credits the unit held that day, and what moved was taken back from where it was.
        var ledger = (await _kit.LedgerAsync(late, p.Person)).Items;
        Assert.Contains(ledger, e => e.CorrectsId is not null);
        Assert.Equal([(p.Before, p.UnitThen, 1m), (p.After, p.UnitNow, 1m)], ledger.GroupBy(e => (e.SourceId, e.UnitId))
            .Where(g => g.Sum(e => e.UnitPoints) != 0).OrderBy(g => g.First().OccurredAt).Select(g => (g.Key.SourceId, g.Key.UnitId, g.Sum(e => e.UnitPoints))));
        Assert.Equal(2, (await _kit.LedgerAsync(early, q.Person)).Items.Count);

        // The unit boards read the same in both orders.
        Assert.Equal(await UnitBoardAsync(early, q), await UnitBoardAsync(late, p));
    }

    [Fact]
    public async Task A_membership_replayed_or_an_older_version_arriving_late_books_nothing_more()
    {
        var tenant = ScoringKit.NewTenant();
        var p = New();
        foreach (var e in Attendance(p)) await FeedAsync(tenant, e);
        await FeedAsync(tenant, new PersonRegistered(p.Person, "赵六", p.UnitNow, ["member"]));
        var membership = Guid.NewGuid();
        var moved = new MembershipChanged(membership, p.Person, p.UnitThen, "成员", new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 10), 2);
        await FeedAsync(tenant, moved);
        var entries = (await _kit.LedgerAsync(tenant, p.Person)).Items.Count;

        await FeedAsync(tenant, moved);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, moved), ScoringKit.ConsumerGroup); // the same event again
        await FeedAsync(tenant, moved with { Version = 1, EndsOn = null }); // an older state of it

        Assert.Equal(entries, (await _kit.LedgerAsync(tenant, p.Person)).Items.Count);
        Assert.Equal((1m, 1m, 0m), await UnitTotalsAsync(tenant, p));

        // The membership ends earlier after all (a newer version): the 5 November session goes back to the main unit.
        await FeedAsync(tenant, moved with { Version = 3, EndsOn = new DateOnly(2026, 11, 1) });
        Assert.Equal((0m, 2m, 0m), await UnitTotalsAsync(tenant, p));
        Assert.Equal(2m, await _kit.ScoreAsync(tenant, p.Person, "2026-11"));
    }

    private Task FeedAsync(string tenant, object e) => e switch
    {
        UnitCreated u => _kit.FeedAsync(tenant, u),
        PersonRegistered r => _kit.FeedAsync(tenant, r),
        MembershipChanged m => _kit.FeedAsync(tenant, m),
        AttendanceRecorded a => _kit.FeedAsync(tenant, a),
        _ => throw new ArgumentException(e.GetType().Name),
    };

    private async Task<(decimal Then, decimal Now, decimal Committee)> UnitTotalsAsync(string tenant, People p) =>
        (await UnitTotalAsync(tenant, p.UnitThen), await UnitTotalAsync(tenant, p.UnitNow), await UnitTotalAsync(tenant, p.Committee));

    /// <summary>A unit's statement total for November, 0 when it has no entries at all (404).</summary>
    private async Task<decimal> UnitTotalAsync(string tenant, Guid unit)
    {
        var response = await _kit.Client(tenant).GetAsync($"/statements/units/{unit}?period=2026-11");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0m;
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StatementDto>(ScoringKit.Json))!.Total;
    }

    private async Task<string> UnitBoardAsync(string tenant, People p)
    {
        var board = await _kit.Client(tenant).GetFromJsonAsync<JsonElement>("/rankings/units?period=2026-11");
        var names = new Dictionary<string, string> { [p.UnitThen.ToString()] = "then", [p.UnitNow.ToString()] = "now", [p.Committee.ToString()] = "committee" };
        return string.Join(";", board.GetProperty("entries").EnumerateArray()
            .Select(e => $"{names.GetValueOrDefault(e.GetProperty("id").GetString()!, "?")}={e.GetProperty("points").GetDecimal()}"));
    }
}
