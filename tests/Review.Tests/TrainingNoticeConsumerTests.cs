using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 培训活动变更/取消 in the registrants' inboxes: each registrant once per change however often it is delivered or
/// republished, never a stale change arriving late nor a change after the cancellation, never in another tenant.
/// </summary>
public sealed class TrainingNoticeConsumerTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private readonly FeedbackKit _feedback = new(factory);
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private static TrainingEventChanged Changed(Guid training, IReadOnlyList<Guid> registrants, int version, int day, string? place = "市政协三楼会议室") =>
        new(training, "民情信息写作专题培训", new DateTimeOffset(2026, 12, day, 9, 0, 0, Beijing), new DateTimeOffset(2026, 12, day, 11, 30, 0, Beijing),
            place, registrants, new DateTimeOffset(2026, 11, 20, 10, 0, 0, Beijing).AddHours(version), version);

    private static TrainingEventCancelled Cancelled(Guid training, IReadOnlyList<Guid> registrants, int version) =>
        new(training, "民情信息写作专题培训", "主讲专家临时有公务", registrants, new DateTimeOffset(2026, 11, 22, 10, 0, 0, Beijing), version);

    private async Task FeedAsync(string tenant, params object[] events)
    {
        foreach (var e in events)
        {
            var fed = e switch
            {
                TrainingEventChanged c => await _kit.Feeder.PublishAsync(tenant, c),
                TrainingEventCancelled c => await _kit.Feeder.PublishAsync(tenant, c),
                _ => throw new ArgumentException(e.GetType().Name),
            };
            await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        }
    }

    [Fact]
    public async Task A_change_reaches_each_registrant_once_however_often_it_is_delivered_and_never_another_tenant()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var (liu, chen, training) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var change = Changed(training, [liu, chen, liu], version: 2, day: 5);

        var fed = await _kit.Feeder.PublishAsync(tenant, change);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);
        await FeedAsync(tenant, change); // republished under a new event id

        foreach (var person in new[] { liu, chen })
        {
            var message = Assert.Single((await _feedback.InboxAsync(tenant, person)).Items);
            Assert.Equal(("training-changed", "培训活动变更", "training", training, $"/api/training/events/{training}"),
                (message.Kind, message.Title, message.ItemType, message.ItemId, message.Link));
            Assert.Equal("您报名的培训活动《民情信息写作专题培训》时间或地点有变更：时间 2026年12月5日 09:00 至 11:30，地点 市政协三楼会议室。请按新的安排参加。",
                message.Text);
        }
        Assert.Equal(2, await _feedback.RowsAsync("SELECT count(*) FROM feedback_messages WHERE item_id = $1", training));
        Assert.Equal(0, (await _feedback.InboxAsync(other, liu)).Total);
        Assert.Equal(1, await _kit.InboxCountAsync(fed.Id));
    }

    [Fact]
    public async Task A_cancellation_names_its_reason_once_and_a_change_arriving_after_it_adds_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, training) = (Guid.NewGuid(), Guid.NewGuid());
        var cancelled = Cancelled(training, [liu], version: 4);

        var fed = await _kit.Feeder.PublishAsync(tenant, cancelled);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);
        await FeedAsync(tenant, cancelled, Changed(training, [liu], version: 3, day: 6)); // republished; an earlier change late

        var message = Assert.Single((await _feedback.InboxAsync(tenant, liu)).Items);
        Assert.Equal(("training-cancelled", "培训活动取消", "您报名的培训活动《民情信息写作专题培训》已取消。取消原因：主讲专家临时有公务。", $"/api/training/events/{training}"),
            (message.Kind, message.Title, message.Text, message.Link));
    }

    [Fact]
    public async Task An_older_change_arriving_after_a_newer_one_tells_nobody_the_old_time_and_a_later_registrant_still_hears_of_it()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, chen, training) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await FeedAsync(tenant, Changed(training, [liu, chen], version: 3, day: 8, place: null), Changed(training, [liu], version: 2, day: 6));

        foreach (var person in new[] { liu, chen })
        {
            var message = Assert.Single((await _feedback.InboxAsync(tenant, person)).Items);
            Assert.Contains("时间 2026年12月8日 09:00 至 11:30，地点 另行通知", message.Text);
        }
        // A further change with a registrant who joined since: everyone hears of it, once.
        var wang = Guid.NewGuid();
        await FeedAsync(tenant, Changed(training, [liu, chen, wang], version: 4, day: 9));
        Assert.Equal(["training-changed", "training-changed"], await _feedback.KindsAsync(tenant, liu));
        Assert.Equal(["training-changed"], await _feedback.KindsAsync(tenant, wang));
        Assert.Contains("2026年12月9日", (await _feedback.InboxAsync(tenant, wang)).Items.Single().Text);
    }
}
