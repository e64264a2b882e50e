using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// 学时更正与撤销: the attendance change with the highest Version wins per person and session, whatever the order of
/// arrival and however often each is delivered; a removal books a correcting entry taking the hours back.
/// </summary>
public sealed class AttendanceVersionTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private async Task<string> TenantAsync()
    {
        var tenant = ScoringKit.NewTenant();
        await _kit.ChangeRulesAsync(tenant, new { effectiveFrom = "2026-01-01", trainingPerHour = 0.5m });
        return tenant;
    }

    [Fact]
    public async Task A_correction_with_a_higher_version_replaces_the_hours_even_when_the_older_arrives_last()
    {
        var tenant = await TenantAsync();
        var (training, session, person) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var original = new AttendanceRecorded(training, person, 3m, ScoringKit.November2026, "expert-lecture", session, Version: 1);
        var corrected = original with { Hours = 5m, Version = 3 };

        await _kit.FeedAsync(tenant, corrected);
        await _kit.FeedAsync(tenant, original); // older, late
        await _kit.FeedAsync(tenant, corrected); // replayed

        Assert.Equal(3.5m, await _kit.ScoreAsync(tenant, person, "2026")); // 1 + 5 × 0.5
        Assert.Equal(3.5m, Assert.Single((await _kit.LedgerAsync(tenant, person)).Items).Points);
    }

    [Fact]
    public async Task A_newer_correction_after_the_first_books_a_correcting_entry()
    {
        var tenant = await TenantAsync();
        var (training, person) = (Guid.NewGuid(), Guid.NewGuid());
        var original = new AttendanceRecorded(training, person, 2m, ScoringKit.November2026, Version: 1);

        await _kit.FeedAsync(tenant, original);
        await _kit.FeedAsync(tenant, original with { Hours = 4m, Version = 2 });

        Assert.Equal(3m, await _kit.ScoreAsync(tenant, person, "2026")); // 1 + 4 × 0.5
        Assert.Equal([1m, 2m], (await _kit.LedgerAsync(tenant, person)).Items.Select(e => e.Points).Order());
    }

    [Fact]
    public async Task A_removal_takes_the_hours_back_once_and_the_check_in_it_removed_cannot_revive_them()
    {
        var tenant = await TenantAsync();
        var (training, person) = (Guid.NewGuid(), Guid.NewGuid());
        var recorded = new AttendanceRecorded(training, person, 2m, ScoringKit.November2026, Version: 1);
        var removed = new AttendanceRemoved(training, person, null, ScoringKit.November2026.AddDays(1), "误签", 2);

        await _kit.FeedAsync(tenant, recorded);
        await _kit.FeedAsync(tenant, removed);
        await _kit.FeedAsync(tenant, removed);
        await _kit.FeedAsync(tenant, recorded);

        Assert.Equal(0m, await _kit.ScoreAsync(tenant, person, "2026"));
        Assert.Equal([-2m, 2m], (await _kit.LedgerAsync(tenant, person)).Items.Select(e => e.Points).Order());
    }

    [Fact]
    public async Task A_removal_arriving_before_its_check_in_leaves_nothing_and_a_later_check_in_credits_again()
    {
        var tenant = await TenantAsync();
        var (training, person) = (Guid.NewGuid(), Guid.NewGuid());

        await _kit.FeedAsync(tenant, new AttendanceRemoved(training, person, null, ScoringKit.November2026, "误签", 2));
        await _kit.FeedAsync(tenant, new AttendanceRecorded(training, person, 2m, ScoringKit.November2026, Version: 1));
        Assert.Equal(0m, await _kit.ScoreAsync(tenant, person, "2026"));
        Assert.Empty((await _kit.LedgerAsync(tenant, person)).Items);

        await _kit.FeedAsync(tenant, new AttendanceRecorded(training, person, 1m, ScoringKit.November2026, Version: 3));
        Assert.Equal(1.5m, await _kit.ScoreAsync(tenant, person, "2026"));
    }
}
