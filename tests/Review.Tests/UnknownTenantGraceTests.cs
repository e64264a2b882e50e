using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>As the platform runs it: events about a tenant not announced yet wait for it (Messaging:UnknownTenantGrace).</summary>
public sealed class GraceReviewFactory : ReviewFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Messaging:UnknownTenantGrace"] = "00:01:00" };
}

/// <summary>A grace short enough to run out inside a test.</summary>
public sealed class ShortGraceReviewFactory : ReviewFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Messaging:UnknownTenantGrace"] = "00:00:03" };
}

/// <summary>
/// The services start alongside identity, so the first events about a tenant may come before its announcement: they
/// are retried without spending their delivery attempts while young, applied once the tenant is announced, and
/// dead-lettered as before once the grace has run out.
/// </summary>
public sealed class UnknownTenantGraceTests(GraceReviewFactory factory) : IClassFixture<GraceReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task An_event_that_comes_before_its_tenant_is_announced_waits_past_its_attempts_and_is_applied_once_announced()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var fed = await _kit.Feeder.PublishAsync(tenant, submitted, registerTenant: false);

        // Five attempts at a retry every 500 ms would have dead-lettered it after about 2.5 s.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var db = await StreamFeeder.RedisAsync();
        var pending = Assert.Single(await db.StreamPendingMessagesAsync(_kit.Feeder.StreamKey(fed.Type), ReviewKit.ConsumerGroup, 10, StackExchange.Redis.RedisValue.Null));
        Assert.Equal(fed.EntryId, pending.MessageId);
        Assert.InRange(pending.DeliveryCount, 0, 2); // set back after each refusal
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM dead_letters WHERE event_id = $1", fed.Id));
        Assert.Equal(0, await _kit.CaseCountAsync(submitted.SubmissionId));

        await _kit.Feeder.PublishAsync(tenant, new TenantRegistered(tenant, "晚到的政协", DateTimeOffset.UtcNow), registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        Assert.Equal("初审", (await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId)).Stage);
        Assert.Equal(1, await _kit.CaseCountAsync(submitted.SubmissionId));
        Assert.Equal(1, await _kit.InboxCountAsync(fed.Id));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM dead_letters WHERE event_id = $1", fed.Id));
    }
}

public sealed class UnknownTenantGraceExpiryTests(ShortGraceReviewFactory factory) : IClassFixture<ShortGraceReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    [Fact]
    public async Task An_event_whose_tenant_never_comes_is_dead_lettered_with_the_reason_once_the_grace_has_run_out()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var published = DateTimeOffset.UtcNow;
        var fed = await _kit.Feeder.PublishAsync(tenant, submitted, registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup, TimeSpan.FromSeconds(30));

        Assert.True(DateTimeOffset.UtcNow - published >= TimeSpan.FromSeconds(3), "dead-lettered before the grace ran out");
        var error = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT error FROM dead_letters WHERE event_id = $1", fed.Id);
        Assert.Contains($"未知租户 '{tenant}'", error);
        // The attempts it spent after the grace, the usual five.
        Assert.Equal(5L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT attempts::bigint FROM dead_letters WHERE event_id = $1", fed.Id));
        Assert.Equal(0, await _kit.CaseCountAsync(submitted.SubmissionId));
    }
}
