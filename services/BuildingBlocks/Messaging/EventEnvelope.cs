using Microsoft.Extensions.Hosting;
using System.Diagnostics;
using System.Text.Json;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>An integration event as it travels: identity, tenant, type, JSON payload and W3C trace context.</summary>
public sealed record EventEnvelope(
    Guid Id, string TenantId, string Type, string Payload, string? TraceParent, string? TraceState, DateTimeOffset OccurredAt)
{
    public T Deserialize<T>() => JsonSerializer.Deserialize<T>(Payload, JsonDefaults.Options)
        ?? throw new JsonException($"Event {Id} of type {Type} has an empty payload.");

    /// <summary>The producer's span, so the consumer's span continues the same trace.</summary>
    public ActivityContext ParentContext =>
        ActivityContext.TryParse(TraceParent, TraceState, out var context) ? context : default;
}

/// <summary>Integration event types are named by their CLR type's short name (e.g. SubmissionSubmitted).</summary>
public static class EventTypeNames
{
    public static string Of<T>() => typeof(T).Name;
    public static string Of(Type type) => type.Name;
}
