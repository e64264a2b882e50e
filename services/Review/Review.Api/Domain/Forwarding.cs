using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>forwarded → adopted (上级采用) or not-adopted (不予采用), as the parent tenant decided.</summary>
public enum ForwardingStatus { Forwarded, Adopted, NotAdopted }

/// <summary>
/// 转报记录: an item this tenant adopted at its own level, forwarded to the parent tenant, and what became of it there.
/// One per item. The parent's copy is the parent's: this row keeps only the parent's name, its decision and date.
/// </summary>
public sealed class Forwarding : AggregateRoot
{
    public const int NoteMaxLength = 500;
    public const int CommentMaxLength = 2000;

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public Guid CaseId { get; private set; }
    public string ParentTenantId { get; private set; } = "";
    public string ParentTenantName { get; private set; } = "";
    public string? Note { get; private set; }
    public DateTimeOffset ForwardedAt { get; private set; }
    public string ForwardedBy { get; private set; } = "";
    public ForwardingStatus Status { get; private set; }
    public DateOnly? DecidedOn { get; private set; }
    public string? DecisionComment { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    private Forwarding() { }

    /// <summary>Forwards the case's item; raises SubmissionForwarded (intake hands the text up to the parent).</summary>
    public static Forwarding Forward(ReviewCase reviewCase, string parentTenantId, string parentTenantName, string? note, string forwardedBy,
        DateTimeOffset now)
    {
        var forwarding = new Forwarding
        {
            Id = Guid.CreateVersion7(),
            TenantId = reviewCase.TenantId,
            SubmissionId = reviewCase.SubmissionId,
            CaseId = reviewCase.Id,
            ParentTenantId = parentTenantId,
            ParentTenantName = parentTenantName,
            Note = note,
            ForwardedAt = now,
            ForwardedBy = forwardedBy,
            Status = ForwardingStatus.Forwarded,
            UpdatedAt = now,
        };
        forwarding.Raise(new SubmissionForwarded(reviewCase.SubmissionId, reviewCase.Id, parentTenantId, now,
            reviewCase.Authors.ToList(), reviewCase.Units.ToList()));
        return forwarding;
    }

    /// <summary>The parent's decision, applied once: a repeat (or a second decision after the first) changes nothing
    /// and answers false. An adoption after a rejection there (the parent reopened it) still counts.</summary>
    public bool Decide(bool adopted, DateOnly decidedOn, string? comment, DateTimeOffset now)
    {
        var status = adopted ? ForwardingStatus.Adopted : ForwardingStatus.NotAdopted;
        if (Status == ForwardingStatus.Adopted || Status == status) return false;
        Status = status;
        DecidedOn = decidedOn;
        DecisionComment = comment is { Length: > CommentMaxLength } ? comment[..CommentMaxLength] : comment;
        UpdatedAt = now;
        return true;
    }
}
