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
    /// <summary>When the case reached its current stage (opened, passed on, sent back, resubmitted): its due date runs from here.</summary>
    public DateTimeOffset StageStartedAt { get; private set; }
    /// <summary>The reviewer assigned at the current stage; cleared when the case moves to another stage.</summary>
    public Guid? AssigneePersonId { get; private set; }
    /// <summary>五关 marks per stage and round, kept as the case's record.</summary>
    public List<StageChecklist> Checklists { get; private set; } = [];
    /// <summary>A copy forwarded up from a child tenant (下级转报): that tenant and its item's id; null otherwise. Such a
    /// case credits nobody here (no authors, no units); its decision goes back to the origin.</summary>
    public string? OriginTenantId { get; private set; }
    public Guid? OriginSubmissionId { get; private set; }
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
        StageStartedAt = now,
        RestrictedTo = submitted.RestrictedTo?.Distinct().ToList() ?? [],
        Authors = SharesOf(submitted).Authors,
        Units = SharesOf(submitted).Units,
        ContentVersion = submitted.ContentVersion,
        OriginTenantId = submitted.Origin?.TenantId,
        OriginSubmissionId = submitted.Origin?.SubmissionId,
    };

    /// <summary>An event from before co-authors carries no shares: the lead author and the unit take all.</summary>
    private static (List<AuthorShare> Authors, List<UnitShare> Units) SharesOf(SubmissionSubmitted e) => e.Origin is not null ? ([], []) : (
        e.Authors is { Count: > 0 } a ? a.OrderBy(x => x.Order).ToList() : [new AuthorShare(e.AuthorPersonId, 1, 1m)],
        e.Units is { Count: > 0 } u ? u.ToList() : [new UnitShare(e.UnitId, 1m)]);

    public bool IsRestricted => RestrictedTo.Count > 0;

    public bool IsForwardedCopy => OriginTenantId is not null;

    /// <summary>Something shown with the case changed (its forwarding): a new version, so its ETag changes.</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now;

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
        ContentVersion = Math.Max(ContentVersion, resubmitted.ContentVersion); // an edit seen meanwhile may be newer
        Status = ReviewCaseStatus.Open;
        StageIndex = 0;
        Round++;
        EnterStage(now);
        return true;
    }

    /// <summary>The text was edited during review: keeps the highest version seen (order-independent, idempotent).</summary>
    public bool SeeContentVersion(int contentVersion, DateTimeOffset now)
    {
        if (contentVersion <= ContentVersion) return false;
        ContentVersion = contentVersion;
        UpdatedAt = now;
        return true;
    }

    private void EnterStage(DateTimeOffset now)
    {
        StageStartedAt = now;
        AssigneePersonId = null;
        UpdatedAt = now;
    }

    /// <summary>分配: names the reviewer of the current stage (the API checks who may assign and whom).</summary>
    public Outcome Assign(ReviewWorkflow workflow, Guid reviewerPersonId, DateTimeOffset now)
    {
        if (Status != ReviewCaseStatus.Open)
            return Refused("case-not-open", $"The case is {Status}, not open for assignment.");
        if (AssigneePersonId == reviewerPersonId) return Outcome.Done; // already: nothing changes, nothing raised
        AssigneePersonId = reviewerPersonId;
        UpdatedAt = now;
        Raise(new CaseAssigned(SubmissionId, Id, workflow[StageIndex].Name, reviewerPersonId, now, Sequence));
        return Outcome.Done;
    }

    /// <summary>五关: records marks for the current stage and round (a failed check needs its comment, checked by the API).</summary>
    public Outcome<StageChecklist> MarkChecklist(ReviewWorkflow workflow, IEnumerable<ChecklistMark> marks, DateTimeOffset now)
    {
        if (Status != ReviewCaseStatus.Open)
            return Refused("case-not-open", $"The case is {Status}, not open for review.");
        var stage = workflow[StageIndex].Name;
        var index = Checklists.FindIndex(c => c.Stage == stage && c.Round == Round);
        var marked = (index >= 0 ? Checklists[index] : new StageChecklist(stage, Round, [])).With(marks);
        // A new list: the jsonb column is compared by value, so the change is seen and saved.
        Checklists = index >= 0 ? [.. Checklists.Select((c, i) => i == index ? marked : c)] : [.. Checklists, marked];
        UpdatedAt = now;
        return marked;
    }

    /// <summary>The current stage's checklist in this round, if any marks were made.</summary>
    public StageChecklist? CurrentChecklist(ReviewWorkflow workflow) =>
        Checklists.FirstOrDefault(c => c.Stage == workflow[StageIndex].Name && c.Round == Round);

    /// <summary>Applies a decision at the current stage and raises what it means for the writer's item, or says
    /// why it cannot be taken. A return with <paramref name="toStage"/> sends the case back to that earlier stage.</summary>
    public Outcome<ReviewDecision> Decide(ReviewWorkflow workflow, DecisionAction action, AdoptionLevel? level, string? comment, DateTimeOffset now,
        string? toStage = null)
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
            case DecisionAction.Return when toStage is not null && !(workflow.IndexOf(toStage) is var target && target >= 0 && target < StageIndex):
                return Refused("invalid-return-stage", $"'{toStage}' is not a stage before {workflow[StageIndex].Name}.");
        }
        // 五关 first, where the stage asks for it: nothing passes or is adopted unchecked.
        if (action is DecisionAction.Pass or DecisionAction.Adopt && workflow[StageIndex].ChecklistRequired
            && CurrentChecklist(workflow)?.AllPassedSince(StageStartedAt) != true)
            return new DomainError("checklist-incomplete", "五关审核未全部通过",
                $"All five checks (政治关, 政策关, 事实关, 格式关, 文字关) must be marked passed at {workflow[StageIndex].Name} in round {Round} first.");

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
                EnterStage(now);
                Raise(new CaseStagePassed(SubmissionId, Id, decision.Stage, workflow[StageIndex].Name, Authors, Units, now, Sequence));
                break;
            case DecisionAction.Return when toStage is not null:
                // 退回上一级审核: the case stays open, at the earlier stage, which checks it again.
                StageIndex = workflow.IndexOf(toStage);
                EnterStage(now);
                Raise(new CaseReturnedToStage(SubmissionId, Id, decision.Stage, toStage, comment!, Authors, Units, now, Sequence));
                break;
            case DecisionAction.Return:
                Status = ReviewCaseStatus.Returned;
                Raise(new SubmissionReturned(SubmissionId, Id, comment!, now, Sequence, Authors, Units, IsRestricted));
                break;
            case DecisionAction.Reject:
                Status = ReviewCaseStatus.Rejected;
                Raise(new SubmissionRejected(SubmissionId, Id, comment!, now, Sequence, Authors, Units, IsRestricted));
                break;
            case DecisionAction.Adopt:
                // SubmissionAdopted is staged by AdoptionLadder.RecordAsync with the level's record, once per level.
                Status = ReviewCaseStatus.Adopted;
                break;
        }
        return decision;
    }

    /// <summary>A level of the adoption ladder was recorded: touches the case so its ETag (covering the ladder) changes.</summary>
    internal void AdoptionRecorded(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>A leader's instruction was recorded: touches the case, as a level of the ladder does.</summary>
    internal void InstructionRecorded(DateTimeOffset now) => UpdatedAt = now;

    private static DomainError Refused(string code, string detail) => new(code, "当前审核阶段不能作出该决定", detail);
}
