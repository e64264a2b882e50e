using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.BuildingBlocks.Messaging;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>
/// Work after the commit (scoring's leaderboard update) is the one effect a redelivery cannot bring back: the inbox
/// makes a redelivery a duplicate. bench faults once saw a board a point short after Redis was killed just as a
/// ledger entry committed; so a failing after-commit action is tried again until it gets through.
/// </summary>
public sealed class AfterCommitTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    /// <summary>Adds a widget and, after the commit, "updates a cache" that is unreachable for its first two tries.</summary>
    public sealed class WidgetWithFlakyCache(MessagingTestDbContext db, FlakyCache cache) : IEventHandler<WidgetCreated>
    {
        public Task HandleAsync(WidgetCreated e, EventContext context, CancellationToken ct)
        {
            db.Widgets.Add(new Widget { Id = Guid.NewGuid(), TenantId = context.TenantId, EventId = context.EventId, Name = e.Name });
            context.OnCommitted(_ => cache.UpdateAsync(context.EventId));
            return Task.CompletedTask;
        }
    }

    public sealed class FlakyCache(int failures)
    {
        public int Attempts;
        public readonly List<Guid> Updated = [];

        public Task UpdateAsync(Guid eventId)
        {
            if (++Attempts <= failures) throw new RedisConnectionException(ConnectionFailureType.SocketFailure, "cache is restarting");
            Updated.Add(eventId);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task After_commit_work_that_fails_while_the_cache_restarts_is_done_once_it_is_back()
    {
        var cache = new FlakyCache(failures: 2);
        await using var services = fixture.Services(fixture.Options(), (subscriptions, s) =>
        {
            s.AddSingleton(cache);
            s.AddScoped<WidgetWithFlakyCache>();
            subscriptions.Add<WidgetCreated, WidgetWithFlakyCache>();
        });
        var processor = services.GetRequiredService<EventProcessor<MessagingTestDbContext>>();
        var envelope = new EventEnvelope(Guid.NewGuid(), "tenant-a", nameof(WidgetCreated),
            JsonSerializer.Serialize(new WidgetCreated("flaky-cache"), JsonDefaults.Options), null, null, DateTimeOffset.UtcNow);

        Assert.Equal(ProcessOutcome.Applied, await processor.ProcessAsync(envelope, CancellationToken.None));

        Assert.Equal(3, cache.Attempts);
        Assert.Equal([envelope.Id], cache.Updated);
        Assert.Equal(1, await fixture.CountAsync("SELECT count(*) FROM widgets WHERE event_id = $1", envelope.Id));
        // A redelivery is a duplicate: nothing runs again, after the commit or before it.
        Assert.Equal(ProcessOutcome.Duplicate, await processor.ProcessAsync(envelope, CancellationToken.None));
        Assert.Equal(3, cache.Attempts);
    }
}
