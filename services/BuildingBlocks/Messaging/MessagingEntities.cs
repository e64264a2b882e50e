namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>An event waiting to be published, written in the same transaction as the change that raised it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>An event a consumer has applied; its key makes a second delivery a no-op.</summary>
public sealed class InboxMessage
{
    public string Consumer { get; set; } = "";
    public Guid EventId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset ProcessedAt { get; set; }
}

/// <summary>An event a consumer could not apply after every attempt; an operator can read and replay it.</summary>
public sealed class DeadLetter
{
    public Guid Id { get; set; }
    public string Consumer { get; set; } = "";
    public Guid EventId { get; set; }
    public string TenantId { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? TraceParent { get; set; }
    public string Error { get; set; } = "";
    public int Attempts { get; set; }
    public DateTimeOffset FailedAt { get; set; }
    public DateTimeOffset? ReplayedAt { get; set; }
}
