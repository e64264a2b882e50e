using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain;

/// <summary>信息稿件的状态. draft → submitted → returned → (resubmitted) → adopted / not-adopted.</summary>
public enum SubmissionStatus
{
    Draft,
    Submitted,
    Returned,
    Adopted,
    NotAdopted,
}

/// <summary>信息稿件: one information report, owned by its tenant, written by a person for a unit.</summary>
public sealed class Submission : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Guid AuthorPersonId { get; private set; }
    public Guid UnitId { get; private set; }
    public SubmissionStatus Status { get; private set; }
    /// <summary>Levels at which the item has been adopted (采用), e.g. own-body then parent-body.</summary>
    public List<string> AdoptionLevels { get; private set; } = [];
    public string? ReviewComment { get; private set; }
    public int SubmitCount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public uint Version { get; private set; }
    /// <summary>Sequence of the last review outcome applied; an outcome with a lower one is stale and changes no state.</summary>
    public int ReviewSequence { get; private set; }

    private Submission() { }

    public static Submission CreateDraft(string tenantId, string title, string body, Guid authorPersonId, Guid unitId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Title = title.Trim(),
        Body = body,
        AuthorPersonId = authorPersonId,
        UnitId = unitId,
        Status = SubmissionStatus.Draft,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public bool IsEditable => Status is SubmissionStatus.Draft or SubmissionStatus.Returned;

    public Outcome Edit(string title, string body, DateTimeOffset now)
    {
        if (NotEditable() is { } refused) return refused;
        Title = title.Trim();
        Body = body;
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>Submits a draft (or a returned item) for review; raises SubmissionSubmitted.</summary>
    public Outcome Submit(DateTimeOffset now)
    {
        if (NotEditable() is { } refused) return refused;
        Status = SubmissionStatus.Submitted;
        SubmitCount++;
        SubmittedAt = now;
        UpdatedAt = now;
        ReviewComment = null;
        Raise(new SubmissionSubmitted(Id, Title, AuthorPersonId, UnitId, now));
        return Outcome.Done;
    }

    /// <summary>An adoption always adds its level (levels accumulate in any order); it sets the status only if it is
    /// the newest outcome. Returns false when the outcome was stale.</summary>
    public bool MarkAdopted(string level, DateTimeOffset now, int sequence)
    {
        if (!AdoptionLevels.Contains(level))
        {
            AdoptionLevels.Add(level);
            UpdatedAt = now;
        }
        return ApplyOutcome(sequence, SubmissionStatus.Adopted, ReviewComment, now);
    }

    public bool MarkReturned(string comment, DateTimeOffset now, int sequence) =>
        ApplyOutcome(sequence, SubmissionStatus.Returned, comment, now);

    public bool MarkNotAdopted(string comment, DateTimeOffset now, int sequence) =>
        ApplyOutcome(sequence, SubmissionStatus.NotAdopted, comment, now);

    /// <summary>Sequence 0 comes from producers that predate sequencing: applied only while nothing sequenced was.</summary>
    private bool ApplyOutcome(int sequence, SubmissionStatus status, string? comment, DateTimeOffset now)
    {
        if (sequence < ReviewSequence || (sequence == ReviewSequence && sequence != 0)) return false;
        ReviewSequence = sequence;
        Status = status;
        ReviewComment = comment;
        UpdatedAt = now;
        return true;
    }

    private DomainError? NotEditable() => IsEditable ? null : new DomainError("invalid-state", "当前状态不允许此操作",
        $"A submission in state '{Status}' cannot be edited or submitted.");
}
