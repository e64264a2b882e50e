using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SheqingMinyi.BuildingBlocks.Messaging;

internal static class MessagingTelemetry
{
    public const string Name = "SheqingMinyi.Messaging";
    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    public static readonly Counter<long> Published = Meter.CreateCounter<long>("sqmy.outbox.published");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("sqmy.outbox.publish_failures");
    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("sqmy.inbox.consumed");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("sqmy.inbox.duplicates");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("sqmy.inbox.dead_lettered");
    public static readonly Histogram<double> OutboxLag = Meter.CreateHistogram<double>("sqmy.outbox.lag", "s");
}
