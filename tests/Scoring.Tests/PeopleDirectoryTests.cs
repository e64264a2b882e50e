using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Scoring reads names and units from the people directory the people events feed, not from a copy of its own.</summary>
public sealed class PeopleDirectoryTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task Attendance_is_credited_to_the_main_unit_the_people_service_announced()
    {
        var tenant = ScoringKit.NewTenant();
        var (person, unit, training) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, new PersonRegistered(person, "李华", unit, ["officer"])),
            ScoringKit.ConsumerGroup);

        await _kit.Feeder.PublishAsync(tenant, new AttendanceRecorded(training, person, 2m, ScoringKit.November2026));

        var entry = Assert.Single((await _kit.WaitForLedgerAsync(tenant, person, 1)).Items);
        Assert.Equal((unit, training), (entry.UnitId!.Value, entry.SourceId));
    }

    [Fact]
    public async Task Attendance_of_a_person_the_directory_does_not_know_is_credited_to_no_unit()
    {
        var tenant = ScoringKit.NewTenant();
        var person = Guid.NewGuid();

        await _kit.Feeder.PublishAsync(tenant, new AttendanceRecorded(Guid.NewGuid(), person, 2m, ScoringKit.November2026));

        Assert.Null(Assert.Single((await _kit.WaitForLedgerAsync(tenant, person, 1)).Items).UnitId);
    }

    [Fact]
    public async Task A_deactivated_person_keeps_their_name_on_the_board()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, author, "赵强"), ScoringKit.ConsumerGroup);

        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, new PersonDeactivated(author, DateTimeOffset.UtcNow, "离任", 2)),
            ScoringKit.ConsumerGroup);

        Assert.Equal(("赵强", 6m), ((await _kit.BoardAsync(tenant, "2026")).Of(author)!.Name, (await _kit.BoardAsync(tenant, "2026")).Of(author)!.Points));
    }
}
