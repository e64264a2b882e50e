using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Messaging;

public enum ProcessOutcome { Applied, Duplicate }

/// <summary>
/// Applies one delivered event exactly once: the inbox row, the handler's changes and any events it raises are
/// committed in one transaction, so a redelivery finds the inbox row and changes nothing.
/// </summary>
public sealed class EventProcessor<TContext>(
    IServiceScopeFactory scopes, EventSubscriptions subscriptions, IOptions<MessagingOptions> options, ILogger<EventProcessor<TContext>> logger)
    where TContext : DbContext
{
    public string Consumer => options.Value.ConsumerGroup;

    public async Task<ProcessOutcome> ProcessAsync(EventEnvelope envelope, CancellationToken ct)
    {
        using var activity = MessagingTelemetry.Source.StartActivity($"consume {envelope.Type}", ActivityKind.Consumer, envelope.ParentContext);
        activity?.SetTag("messaging.system", "redis-streams");
        activity?.SetTag("messaging.consumer.group.name", Consumer);
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        activity?.SetTag("sqmy.tenant", envelope.TenantId);

        await using var scope = scopes.CreateAsyncScope();
        // Only tenants identity announced (services register KnownTenants; the consumer retries, then dead-letters).
        if (!KnownTenants.IsExempt(envelope.Type) && scope.ServiceProvider.GetService<KnownTenants>() is { } known
            && !await known.IsKnownAsync(envelope.TenantId, ct))
            throw new UnknownTenantException(envelope.TenantId);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(envelope.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var context = new EventContext(envelope.Id, envelope.TenantId, activity?.TraceId.ToString() ?? envelope.ParentContext.TraceId.ToString(), envelope.OccurredAt);

        var outcome = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            context.AfterCommit.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO inbox_messages (consumer, event_id, type, processed_at) VALUES ({Consumer}, {envelope.Id}, {envelope.Type}, now()) ON CONFLICT DO NOTHING", ct);
            if (claimed == 0)
                return ProcessOutcome.Duplicate;
            await subscriptions.DispatchAsync(scope.ServiceProvider, envelope, context, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return ProcessOutcome.Applied;
        });
        foreach (var action in context.AfterCommit)
            await RunAfterCommitAsync(action, envelope, ct);
        (outcome == ProcessOutcome.Applied ? MessagingTelemetry.Consumed : MessagingTelemetry.Duplicates).Add(1);
        activity?.SetTag("sqmy.outcome", outcome.ToString());
        return outcome;
    }

    /// <summary>
    /// Work after the commit (a leaderboard in Redis) gets no second delivery: the event is applied, a redelivery
    /// is a duplicate. So a failure is tried again with backoff, about half a minute in all, which outlasts a Redis
    /// restart (a board once lost a point when Redis was killed as the entry committed); then it is given up.
    /// </summary>
    private async Task RunAfterCommitAsync(Func<CancellationToken, Task> action, EventEnvelope envelope, CancellationToken ct)
    {
        var delay = AfterCommitFirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                if (attempt >= AfterCommitAttempts)
                {
                    logger.LogWarning(ex, "After-commit work of {Type} {Id} failed {Attempts} times; given up", envelope.Type, envelope.Id, attempt);
                    return;
                }
                logger.LogInformation("After-commit work of {Type} {Id} failed ({Error}); trying again in {Delay} ms",
                    envelope.Type, envelope.Id, ex.Message, delay.TotalMilliseconds);
            }
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, AfterCommitMaxRetry.Ticks));
        }
    }

    private const int AfterCommitAttempts = 10;
    private static readonly TimeSpan AfterCommitFirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AfterCommitMaxRetry = TimeSpan.FromSeconds(5);

    /// <summary>Records an event that failed every attempt, so an operator can see and replay it. Once per event
    /// and consumer while unreplayed: a crash between this and the acknowledgement does not record it twice.</summary>
    public async Task DeadLetterAsync(EventEnvelope envelope, Exception error, int attempts, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(envelope.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (await db.Set<DeadLetter>().AnyAsync(d => d.Consumer == Consumer && d.EventId == envelope.Id && d.ReplayedAt == null, ct))
            return;
        db.Set<DeadLetter>().Add(new DeadLetter
        {
            Id = Guid.CreateVersion7(),
            Consumer = Consumer,
            EventId = envelope.Id,
            TenantId = envelope.TenantId,
            Type = envelope.Type,
            Payload = AsJson(envelope.Payload),
            TraceParent = envelope.TraceParent,
            Error = error.ToString() is { Length: > 4000 } text ? text[..4000] : error.ToString(),
            Attempts = attempts,
            FailedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        MessagingTelemetry.DeadLettered.Add(1);
    }

    /// <summary>The payload column is jsonb: a payload that is not JSON is kept as a JSON string.</summary>
    private static string AsJson(string payload)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(payload);
            return payload;
        }
        catch (System.Text.Json.JsonException)
        {
            return System.Text.Json.JsonSerializer.Serialize(payload);
        }
    }
}
