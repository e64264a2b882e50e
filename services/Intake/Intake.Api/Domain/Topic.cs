using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Intake.Domain;

/// <summary>Where a topic came from: 选题研讨 (a topic-selection seminar) or 领导出题 (a leader).</summary>
public enum TopicSource
{
    Seminar,
    Leader,
}

/// <summary>proposed → solicited (a solicitation was issued from it) or dropped.</summary>
public enum TopicStatus
{
    Proposed,
    Solicited,
    Dropped,
}

/// <summary>选题: a topic on the office's list, which may become a solicitation.</summary>
public sealed class Topic : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 5_000;
    public const int SourceReferenceMaxLength = 200;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public TopicSource Source { get; private set; }
    /// <summary>Which seminar or which leader's instruction, as the office writes it.</summary>
    public string? SourceReference { get; private set; }
    public TopicStatus Status { get; private set; }
    public Guid? SolicitationId { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    private Topic() { }

    public static Topic Propose(string tenantId, string title, string? description, TopicSource source, string? sourceReference,
        Guid? createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Title = title.Trim(),
        Description = description?.Trim() ?? "",
        Source = source,
        SourceReference = string.IsNullOrWhiteSpace(sourceReference) ? null : sourceReference.Trim(),
        Status = TopicStatus.Proposed,
        CreatedBy = createdBy,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A topic a topic-selection seminar (training-events) sent to the list: its id is the seminar's, so it is kept once.</summary>
    public static Topic FromSeminar(Guid id, string tenantId, string title, string? description, string seminarTitle, DateTimeOffset now)
    {
        var topic = Propose(tenantId, title.Length > TitleMaxLength ? title[..TitleMaxLength] : title, description, TopicSource.Seminar,
            seminarTitle.Length > SourceReferenceMaxLength ? seminarTitle[..SourceReferenceMaxLength] : seminarTitle, null, now);
        topic.Id = id;
        return topic;
    }

    /// <summary>Only a proposed topic can become a solicitation (once).</summary>
    public DomainError? CannotBeSolicited() => Status == TopicStatus.Proposed ? null : NotProposed();

    public Outcome MarkSolicited(Guid solicitationId, DateTimeOffset now)
    {
        if (CannotBeSolicited() is { } refused) return refused;
        Status = TopicStatus.Solicited;
        SolicitationId = solicitationId;
        UpdatedAt = now;
        return Outcome.Done;
    }

    public Outcome Drop(DateTimeOffset now)
    {
        if (Status != TopicStatus.Proposed) return NotProposed();
        Status = TopicStatus.Dropped;
        UpdatedAt = now;
        return Outcome.Done;
    }

    private DomainError NotProposed() => new("topic-not-proposed", Status == TopicStatus.Solicited ? "该选题已发布约稿" : "该选题已放弃",
        $"Topic '{Id}' is {Status}; only a proposed topic can be solicited or dropped.");
}
