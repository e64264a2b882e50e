using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Messaging;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// Other services' events in the writers' inbox: a solicitation's invitation and scoring's quota reminder. Idempotent
/// (the same event twice: one message each) and order-independent (a later version first changes nothing).
/// </summary>
public sealed class FeedbackConsumerTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private readonly FeedbackKit _feedback = new(factory);

    private static SolicitationIssued Solicitation(IReadOnlyList<Guid> persons, IReadOnlyList<Guid>? units = null, int version = 1) =>
        new(Guid.NewGuid(), "养老服务专题约稿", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(21)), 5m, units ?? [], persons, DateTimeOffset.UtcNow, version);

    private async Task<Guid> PersonOfUnitAsync(string tenant, Guid unitId)
    {
        var id = Guid.NewGuid();
        await TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH added AS (INSERT INTO directory_persons (tenant_id, person_id, name, unit_id, version, deactivated_at)
                VALUES ($1, $2, '社会民生组成员', $3, 1, NULL) RETURNING 1) SELECT count(*) FROM added
            """, tenant, id, unitId);
        return id;
    }

    [Fact]
    public async Task An_invitation_reaches_the_named_persons_and_the_target_units_persons_once_however_often_it_is_delivered()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, group) = (Guid.NewGuid(), Guid.NewGuid());
        var member = await PersonOfUnitAsync(tenant, group);
        var issued = Solicitation([liu], [group]);

        var fed = await _kit.Feeder.PublishAsync(tenant, issued);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);

        foreach (var invitee in new[] { liu, member })
        {
            var message = Assert.Single((await _feedback.InboxAsync(tenant, invitee)).Items);
            Assert.Equal(("solicitation-invited", "约稿邀请", "solicitation", issued.SolicitationId, $"/api/intake/solicitations/{issued.SolicitationId}"),
                (message.Kind, message.Title, message.ItemType, message.ItemId, message.Link));
            Assert.StartsWith("您收到约稿《养老服务专题约稿》", message.Text);
            Assert.Contains("被采用可另加 5 分", message.Text);
        }
        Assert.Equal(2, await _feedback.RowsAsync("SELECT count(*) FROM feedback_messages WHERE item_id = $1", issued.SolicitationId));
        Assert.Equal(1, await _kit.InboxCountAsync(fed.Id));
    }

    [Fact]
    public async Task A_later_version_of_a_solicitation_sends_no_second_invitation_whatever_the_order()
    {
        var tenant = ReviewKit.NewTenant();
        var liu = Guid.NewGuid();
        var issued = Solicitation([liu]);
        // The closing (version 2) arrives first, then the issue: one invitation, from version 1 only.
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, issued with { Version = 2, ClosedAt = DateTimeOffset.UtcNow }),
            ReviewKit.ConsumerGroup);
        Assert.Equal(0, (await _feedback.InboxAsync(tenant, liu)).Total);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, issued), ReviewKit.ConsumerGroup);

        Assert.Equal(["solicitation-invited"], await _feedback.KindsAsync(tenant, liu));
    }

    [Fact]
    public async Task A_quota_reminder_reaches_its_person_once_when_replayed_and_never_another_tenant()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var liu = Guid.NewGuid();
        var reminder = new QuotaReminderDue(liu, "2026-11", 1,
            [new QuotaShortfall(QuotaShortfall.MemberAdopted, 1, 0), new QuotaShortfall(QuotaShortfall.SpecialCommitteeSubmitted, 2, 1)],
            DateTimeOffset.UtcNow);
        var fed = await _kit.Feeder.PublishAsync(tenant, reminder);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);

        var message = Assert.Single((await _feedback.InboxAsync(tenant, liu)).Items);
        Assert.Equal(("quota-reminder", "2026年11月：委员年度被采用要求 1 篇，目前完成 0 篇；专委会成员年度报送要求 2 篇，目前完成 1 篇。本年还剩 1 个月，请抓紧。"),
            (message.Kind, message.Text));
        Assert.Equal(0, (await _feedback.InboxAsync(other, liu)).Total);
    }

    [Fact]
    public async Task A_quota_reminder_with_nothing_behind_adds_no_message()
    {
        var tenant = ReviewKit.NewTenant();
        var person = Guid.NewGuid();
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.PublishAsync(tenant, new QuotaReminderDue(person, "2026-11", 1, [], DateTimeOffset.UtcNow)),
            ReviewKit.ConsumerGroup);
        Assert.Equal(0, (await _feedback.InboxAsync(tenant, person)).Total);
    }
}
