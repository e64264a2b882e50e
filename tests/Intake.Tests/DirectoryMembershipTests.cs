using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>The people directory's memberships (MembershipChanged) are kept once, in the newest state, whatever the order.</summary>
public sealed class DirectoryMembershipTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    private Task<string> RowAsync(string tenant, Guid membership) => TestDb.ScalarAsync<string>(factory.ConnectionString,
        "SELECT concat_ws('|', person_id, unit_id, role, starts_on, coalesce(ends_on::text, 'open'), version) FROM directory_memberships WHERE tenant_id = $1 AND membership_id = $2",
        tenant, membership);

    [Fact]
    public async Task Replayed_and_late_membership_events_end_in_the_newest_state()
    {
        var tenant = Tenants.New();
        var (membership, person, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var started = new MembershipChanged(membership, person, unit, "组员", new DateOnly(2026, 1, 1), null, 1);
        var promoted = started with { Role = "副组长", Version = 2 };
        var ended = promoted with { EndsOn = new DateOnly(2026, 6, 30), Version = 3 };
        var eventId = Guid.NewGuid();

        // Newest first, then the older ones, then the newest again under its own event id and under a new one.
        var first = await EventStreams.PublishAsync(Prefix, eventId, tenant, ended);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(MembershipChanged), first);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, started);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, promoted);
        await EventStreams.PublishAsync(Prefix, eventId, tenant, ended);
        var last = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, ended);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(MembershipChanged), last);

        Assert.Equal($"{person}|{unit}|副组长|2026-01-01|2026-06-30|3", await RowAsync(tenant, membership));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM directory_memberships WHERE membership_id = $1", membership));
        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
    }

    [Fact]
    public async Task Each_tenant_keeps_its_own_memberships()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        var membership = Guid.NewGuid();
        var e = new MembershipChanged(membership, Guid.NewGuid(), Guid.NewGuid(), "组员", new DateOnly(2026, 1, 1), null, 1);

        var entry = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), a, e);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(MembershipChanged), entry);

        Assert.Equal(a, await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM directory_memberships WHERE membership_id = $1", membership));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM directory_memberships WHERE tenant_id = $1", b));
    }
}
