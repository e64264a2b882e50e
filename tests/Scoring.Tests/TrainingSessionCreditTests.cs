using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>学时: each session of a multi-session event earns its own training credit with its hours; a replay earns nothing more.</summary>
public sealed class TrainingSessionCreditTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task Two_sessions_of_one_trip_credit_both_sessions_hours_once_each()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", trainingPerHour = 0.5m });
        var (trip, person, day1, day2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var first = new AttendanceRecorded(trip, person, 3m, ScoringKit.November2026, "external-training", day1);

        await _kit.FeedAsync(tenant, first);
        await _kit.FeedAsync(tenant, new AttendanceRecorded(trip, person, 4m, ScoringKit.November2026.AddDays(1), "external-training", day2));
        await _kit.FeedAsync(tenant, first); // republished under a new envelope

        // Each session: 1 (training attended) + hours × 0.5 → 2.5 + 3.
        Assert.Equal(5.5m, await _kit.ScoreAsync(tenant, person, "2026"));
        var ledger = (await _kit.LedgerAsync(tenant, person)).Items;
        Assert.Equal([(day1, 2.5m), (day2, 3m)], ledger.OrderBy(e => e.Points).Select(e => (e.SourceId, e.Points)));
    }

    [Fact]
    public async Task An_attendance_without_a_session_is_still_credited_once_per_event()
    {
        var tenant = ScoringKit.NewTenant();
        var (training, person) = (Guid.NewGuid(), Guid.NewGuid());

        await _kit.FeedAsync(tenant, new AttendanceRecorded(training, person, 2m, ScoringKit.November2026));
        await _kit.FeedAsync(tenant, new AttendanceRecorded(training, person, 2m, ScoringKit.November2026));

        Assert.Equal(1m, await _kit.ScoreAsync(tenant, person, "2026"));
        Assert.Equal(training, Assert.Single((await _kit.LedgerAsync(tenant, person)).Items).SourceId);
    }

    [Fact]
    public async Task Each_attendance_credits_the_unit_the_person_belonged_to_that_day_not_the_current_one()
    {
        var tenant = ScoringKit.NewTenant();
        var (person, unitThen, unitNow, committee) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        // In 沙坪坝 until 10 November, in 九龙坡 from the 11th (now the main unit); a committee seat all year long.
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), person, unitThen, "成员", new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 10), 1));
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), person, unitNow, "成员", new DateOnly(2026, 11, 11), null, 1));
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), person, committee, "委员", new DateOnly(2025, 1, 1), null, 1));
        await _kit.FeedAsync(tenant, new PersonRegistered(person, "赵六", unitNow, ["member"]));

        await _kit.FeedAsync(tenant, new AttendanceRecorded(before, person, 2m, ScoringKit.Beijing(2026, 11, 5, 9)));
        await _kit.FeedAsync(tenant, new AttendanceRecorded(after, person, 2m, ScoringKit.Beijing(2026, 11, 20, 9)));

        var ledger = (await _kit.LedgerAsync(tenant, person)).Items;
        Assert.Equal([(before, unitThen), (after, unitNow)], ledger.OrderBy(e => e.OccurredAt).Select(e => (e.SourceId, e.UnitId)));
        Assert.Equal(1m, (await _kit.StatementAsync(tenant, "units", unitThen, "2026-11")).Total);
        Assert.Equal(1m, (await _kit.StatementAsync(tenant, "units", unitNow, "2026-11")).Total);
    }
}
