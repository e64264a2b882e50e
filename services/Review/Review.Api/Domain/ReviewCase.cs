using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>Withdrawn: the writer took the item back (SubmissionWithdrawn); final, whatever came before.</summary>
public enum ReviewCaseStatus { Open, Returned, Adopted, Rejected, Withdrawn }

public enum DecisionAction { Pass, Return, Reject, Adopt }

/// <summary>A decision taken on a case at one stage; the case's history.</summary>
public sealed class ReviewDecision
{
    public Guid Id { get; init; }
    public Guid CaseId { get; init; }
    public string TenantId { get; init; } = "";
    public string Stage { get; init; } = "";
    public DecisionAction Action { get; init; }
    public AdoptionLevel? AdoptionLevel { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
}

/// <summary>The review of one submitted item as it moves through the tenant's workflow.</summary>
public sealed class ReviewCase : AggregateRoot
{
    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public string Title { get; private set; } = "";
    public Guid AuthorPersonId { get; private set; }
    public Guid UnitId { get; private set; }
    public int StageIndex { get; private set; }
    public ReviewCaseStatus Status { get; private set; }
    public int Round { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public List<ReviewDecision> Decisions { get; private set; } = [];
    /// <summary>A 主席直通车 item's only readers (authors, the chair, named staff), as its last submission named them;
    /// empty for every other item.</summary>
    public List<Guid> RestrictedTo { get; private set; } = [];
    public DateTimeOffset? WithdrawnAt { get; private set; }
    /// <summary>The authors' and units' shares as intake last submitted them: every event the case raises carries
    /// them, so scoring and the member record credit co-authors without asking intake.</summary>
    public List<AuthorShare> Authors { get; private set; } = [];
    public List<UnitShare> Units { get; private set; } = [];
    /// <summary>The text version last submitted (polishing during review raises it through SubmissionEdited).</summary>
    public int ContentVersion { get; private set; } = 1;
    /// <summary>The tenant's workflow version the case opened with (0: the platform default); it keeps following it.</summary>
    public int WorkflowVersion { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Decisions taken so far, over every round: the order of the case's events for their consumers.</summary>
    public int Sequence => Decisions.Count;

    private ReviewCase() { }

    public static ReviewCase Open(string tenantId, SubmissionSubmitted submitted, DateTimeOffset now, int workflowVersion = 0) => new()
    {
        WorkflowVersion = workflowVersion,
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        SubmissionId = submitted.SubmissionId,
        Title = submitted.Title,
        AuthorPersonId = submitted.AuthorPersonId,
        UnitId = submitted.UnitId,
        Status = ReviewCaseStatus.Open,
        Round = 1,
        OpenedAt = now,
        UpdatedAt = now,
        RestrictedTo = submitted.RestrictedTo?.Distinct().ToList() ?? [],
        Authors = SharesOf(submitted).Authors,
        Units = SharesOf(submitted).Units,
        ContentVersion = submitted.ContentVersion,
    };

    /// <summary>An event from before co-authors carries no shares: the lead author and the unit take all.</summary>
    private static (List<AuthorShare> Authors, List<UnitShare> Units) SharesOf(SubmissionSubmitted e) => (
        e.Authors is { Count: > 0 } a ? a.OrderBy(x => x.Order).ToList() : [new AuthorShare(e.AuthorPersonId, 1, 1m)],
        e.Units is { Count: > 0 } u ? u.ToList() : [new UnitShare(e.UnitId, 1m)]);

    public bool IsRestricted => RestrictedTo.Count > 0;

    /// <summary>撤回: the item was taken back. Final: a case withdrawn stays so, whatever it was or arrives later.</summary>
    public bool Withdraw(DateTimeOffset withdrawnAt, DateTimeOffset now)
    {
        if (Status == ReviewCaseStatus.Withdrawn) return false;
        Status = ReviewCaseStatus.Withdrawn;
        WithdrawnAt = withdrawnAt;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A returned item came back revised: review starts again at the first stage.</summary>
    public bool Reopen(SubmissionSubmitted resubmitted, DateTimeOffset now)
    {
        if (Status != ReviewCaseStatus.Returned) return false;
        Title = resubmitted.Title;
        RestrictedTo = resubmitted.RestrictedTo?.Distinct().ToList() ?? [];
        (Authors, Units) = SharesOf(resubmitted);
        ContentVersion = resubmitted.ContentVersion;
        Status = ReviewCaseStatus.Open;
        StageIndex = 0;
        Round++;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Applies a decision at the current stage and raises what it means for the writer's item, or says
    /// why it cannot be taken.</summary>
    public Outcome<ReviewDecision> Decide(ReviewWorkflow workflow, DecisionAction action, AdoptionLevel? level, string? comment, DateTimeOffset now)
    {
        if (Status != ReviewCaseStatus.Open)
            return Refused("case-not-open", $"The case is {Status}, not open for decisions.");
        var isLast = workflow.IsLast(StageIndex);
        switch (action)
        {
            case DecisionAction.Pass when isLast:
                return Refused("last-stage", "This is the final stage: adopt or reject the item here.");
            case DecisionAction.Adopt when !isLast:
                return Refused("not-deciding-stage",
                    $"Adoption is decided at {workflow.Stages[^1].Name}; the case is at {workflow.Stages[StageIndex].Name}.");
            case DecisionAction.Adopt when level is null:
                return Refused("adoption-level-required", "An adoption needs its level (e.g. own-body).");
            case DecisionAction.Return or DecisionAction.Reject when string.IsNullOrWhiteSpace(comment):
                return Refused("comment-required", "Returning or rejecting an item needs a comment for its writer.");
        }

        var decision = new ReviewDecision
        {
            Id = Guid.CreateVersion7(),
            CaseId = Id,
            TenantId = TenantId,
            Stage = workflow.Stages[StageIndex].Name,
            Action = action,
            AdoptionLevel = action == DecisionAction.Adopt ? level : null,
            Comment = comment,
            DecidedAt = now,
        };
        Decisions.Add(decision);
        UpdatedAt = now;
        switch (action)
        {
            case DecisionAction.Pass:
                StageIndex++;
                break;
            case DecisionAction.Return:
                Status = ReviewCaseStatus.Returned;
                Raise(new SubmissionReturned(SubmissionId, Id, comment!, now, Sequence));
                break;
            case DecisionAction.Reject:
                Status = ReviewCaseStatus.Rejected;
                Raise(new SubmissionRejected(SubmissionId, Id, comment!, now, Sequence));
                break;
            case DecisionAction.Adopt:
                Status = ReviewCaseStatus.Adopted;
                Raise(new SubmissionAdopted(SubmissionId, Id, level!.Value, AuthorPersonId, UnitId, now, Sequence));
                break;
        }
        return decision;
    }

    private static DomainError Refused(string code, string detail) => new(code, "当前审核阶段不能作出该决定", detail);
}
