using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// Events are applied only for tenants identity announced (TenantRegistered → known_tenants). An event for an
/// unknown tenant is retried (its announcement may still be on its way, on another stream) and then dead-lettered
/// with the reason, changing nothing; once the tenant is announced the same event is applied.
/// </summary>
public sealed class KnownTenantTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    [Fact]
    public async Task An_event_for_an_unknown_tenant_is_dead_lettered_with_the_reason_and_applied_once_the_tenant_is_announced()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var fed = await _kit.Feeder.PublishAsync(tenant, submitted, registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);

        var error = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT error FROM dead_letters WHERE event_id = $1", fed.Id);
        Assert.Contains($"未知租户 '{tenant}'", error);
        Assert.Contains($"Unknown tenant '{tenant}'", error);
        Assert.Equal(5L, await CountAsync("SELECT attempts::bigint FROM dead_letters WHERE event_id = $1", fed.Id));
        Assert.Equal(0, await _kit.CaseCountAsync(submitted.SubmissionId));
        Assert.Equal(0, await _kit.InboxCountAsync(fed.Id));

        // Identity announces the tenant (its own stream, its own consumer); the same envelope then opens the case.
        var announced = await _kit.Feeder.PublishAsync(tenant, new TenantRegistered(tenant, "新登记的政协", DateTimeOffset.UtcNow), registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(announced, ReviewKit.ConsumerGroup);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM known_tenants WHERE id = $1 AND name = '新登记的政协'", tenant));
        await _kit.Feeder.RedeliverAsync(fed, registerTenant: false);

        var reviewCase = await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);
        Assert.Equal("初审", reviewCase.Stage);
        Assert.Equal(1, await _kit.InboxCountAsync(fed.Id));
    }

    [Fact]
    public async Task Announcing_a_tenant_twice_or_out_of_order_is_harmless()
    {
        var tenant = ReviewKit.NewTenant();
        var early = DateTimeOffset.UtcNow.AddDays(-2);
        var renamed = await _kit.Feeder.PublishAsync(tenant, new TenantRegistered(tenant, "改名后的政协", early.AddDays(1)), registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(renamed, ReviewKit.ConsumerGroup);
        // The older announcement arrives late, and the newer one is delivered again.
        var stale = await _kit.Feeder.PublishAsync(tenant, new TenantRegistered(tenant, "原来的政协", early), registerTenant: false);
        await _kit.Feeder.WaitConsumedAsync(stale, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(renamed, registerTenant: false), ReviewKit.ConsumerGroup);

        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM known_tenants WHERE id = $1", tenant));
        Assert.Equal("改名后的政协", await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT name FROM known_tenants WHERE id = $1", tenant));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM dead_letters WHERE tenant_id = $1", tenant));
        Assert.Equal(1, await _kit.InboxCountAsync(renamed.Id));
        Assert.Equal(1, await _kit.InboxCountAsync(stale.Id));

        // The tenant is known: its events are applied at the first delivery.
        var submitted = ReviewKit.NewSubmission();
        var fed = await _kit.Feeder.PublishAsync(tenant, submitted, registerTenant: false);
        await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM dead_letters WHERE event_id = $1", fed.Id));
    }
}
