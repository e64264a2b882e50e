namespace SheqingMinyi.Review.Domain;

/// <summary>
/// A supervision notice raised for a handling (督办): Kind before, due or overdue, for one deadline. Its key is the
/// handling, kind and deadline, so each is raised once across passes, restarts and replicas; an extension's new
/// deadline gets its own.
/// </summary>
public sealed class HandlingNotice
{
    public const string Before = "before", Due = "due", Overdue = "overdue";

    public string TenantId { get; init; } = "";
    public Guid HandlingId { get; init; }
    public string Kind { get; init; } = "";
    public DateOnly Deadline { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
}
