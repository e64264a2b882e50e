using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// The unit an item credits is the one intake stamped when it was submitted (the event's unit shares), whatever the
/// author's unit is later; scoring keeps the people service's memberships and each person's kinds for the quotas.
/// </summary>
public sealed class UnitCreditTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task An_item_credits_the_unit_of_its_submission_even_after_the_author_moved_to_another_unit()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, item, unitThen, unitNow, legacy) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new PersonRegistered(author, "刘飞龙", unitThen, ["member"]));
        // UnitId is the older single field; the shares are what intake stamped at submission and win.
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, "关于社区食堂的建议", author, legacy, ScoringKit.November2026,
            [new AuthorShare(author, 1, 1m)], [new UnitShare(unitThen, 1m)]));
        await _kit.FeedAsync(tenant, new PersonUpdated(author, "刘飞龙", unitNow, ["member"], ["member"], DateTimeOffset.UtcNow, 2));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, author, unitThen,
            ScoringKit.November2026.AddDays(3), 1, [new AuthorShare(author, 1, 1m)], [new UnitShare(unitThen, 1m)]));

        var ledger = await _kit.WaitForLedgerAsync(tenant, author, 2);
        Assert.All(ledger.Items, e => Assert.Equal(unitThen, e.UnitId));
        Assert.Equal(6m, (await _kit.StatementAsync(tenant, "units", unitThen, "2026")).Total);
        await (await _kit.Client(tenant).GetAsync($"/statements/units/{unitNow}?period=2026")).ReadProblemAsync(404);
        await (await _kit.Client(tenant).GetAsync($"/statements/units/{legacy}?period=2026")).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Memberships_keep_the_newest_version_whatever_the_order_and_a_replay_adds_nothing()
    {
        var tenant = ScoringKit.NewTenant();
        var (membership, person, committee) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var ended = new MembershipChanged(membership, person, committee, "委员", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), 2);
        var fed = await _kit.Feeder.PublishAsync(tenant, ended);
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ScoringKit.ConsumerGroup);
        await _kit.FeedAsync(tenant, ended with { Version = 1, EndsOn = null });

        var rows = await ReadAsync(tenant, db => db.Memberships.ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal((committee, new DateOnly(2026, 6, 30), 2), (row.UnitId, row.EndsOn!.Value, row.Version));
    }

    [Fact]
    public async Task A_person_s_kinds_follow_the_newest_announcement_and_an_older_one_arriving_late_changes_nothing()
    {
        var tenant = ScoringKit.NewTenant();
        var person = Guid.NewGuid();
        await _kit.FeedAsync(tenant, new PersonUpdated(person, "陈静", null, ["member"], ["member", "special-officer"], DateTimeOffset.UtcNow, 2));
        await _kit.FeedAsync(tenant, new PersonRegistered(person, "陈静", null, ["member"], ["party-member"], 1));
        var other = Guid.NewGuid();
        // From a producer before kinds were sent: the member role makes a 委员.
        await _kit.FeedAsync(tenant, new PersonRegistered(other, "王芳", null, ["member"]));

        var kinds = await ReadAsync(tenant, db => db.PersonKinds.ToDictionaryAsync(k => k.PersonId, k => k.Kinds));
        Assert.Equal(["member", "special-officer"], kinds[person]);
        Assert.Equal(["member"], kinds[other]);
    }

    private async Task<T> ReadAsync<T>(string tenant, Func<ScoringDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return await read(scope.ServiceProvider.GetRequiredService<ScoringDbContext>());
    }
}
