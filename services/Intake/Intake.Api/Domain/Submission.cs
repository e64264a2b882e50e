using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// 信息稿件的状态. draft → submitted → returned → (resubmitted) → adopted / not-adopted; withdrawn (by the writer,
/// before a decision); archived (a finished item put away).
/// </summary>
public enum SubmissionStatus
{
    Draft,
    Submitted,
    Returned,
    Adopted,
    NotAdopted,
    Withdrawn,
    Archived,
}

/// <summary>The text and classification a writer gives an item.</summary>
public sealed record SubmissionContent(string Title, string Body, SubmissionType Type, IReadOnlyList<string> Themes);

/// <summary>信息稿件: one information report, owned by its tenant, written by one or more persons for a unit.</summary>
public sealed class Submission : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;
    public const int MaxAuthors = 10;
    public const int MaxThemes = 10;

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public SubmissionType Type { get; private set; }
    /// <summary>Theme tags (from the tenant's tag list).</summary>
    public List<string> Themes { get; private set; } = [];
    /// <summary>The authors in their order; the first is the lead author.</summary>
    public List<Guid> AuthorPersonIds { get; private set; } = [];
    /// <summary>The lead author (the first of <see cref="AuthorPersonIds"/>).</summary>
    public Guid AuthorPersonId { get; private set; }
    /// <summary>The submitting unit.</summary>
    public Guid UnitId { get; private set; }
    public Provenance Provenance { get; private set; } = Provenance.Portal;
    /// <summary>The solicitation (约稿) this item answers, if any.</summary>
    public Guid? SolicitationId { get; private set; }
    public SubmissionStatus Status { get; private set; }
    /// <summary>Levels at which the item has been adopted (采用), e.g. own-body then parent-body.</summary>
    public List<string> AdoptionLevels { get; private set; } = [];
    public string? ReviewComment { get; private set; }
    public int SubmitCount { get; private set; }
    /// <summary>The number of the current text version (1 at creation).</summary>
    public int ContentVersion { get; private set; }
    /// <summary>How many integration events intake raised for this item; each event carries its number.</summary>
    public int EventSequence { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public uint Version { get; private set; }
    /// <summary>Sequence of the last review outcome applied; an outcome with a lower one is stale and changes no state.</summary>
    public int ReviewSequence { get; private set; }

    private Submission() { }

    /// <summary>A new draft and its version 1. <paramref name="authorPersonIds"/> in order, lead first, no repeats.</summary>
    public static (Submission Draft, SubmissionVersion First) CreateDraft(string tenantId, SubmissionContent content,
        IReadOnlyList<Guid> authorPersonIds, Guid unitId, Provenance provenance, Guid? solicitationId, Guid? createdBy, DateTimeOffset now)
    {
        if (authorPersonIds.Count == 0) throw new ArgumentException("An item has at least one author.", nameof(authorPersonIds));
        var draft = new Submission
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            AuthorPersonIds = authorPersonIds.Distinct().ToList(),
            AuthorPersonId = authorPersonIds[0],
            UnitId = unitId,
            Provenance = provenance,
            SolicitationId = solicitationId,
            Status = SubmissionStatus.Draft,
            CreatedAt = now,
        };
        draft.SetContent(content, now);
        draft.ContentVersion = 1;
        return (draft, SubmissionVersion.Of(draft, 1, createdBy, EditorRoles.Writer, null, now));
    }

    /// <summary>
    /// 下级转报: a child body's item arriving at this (the parent) tenant, submitted at once so review opens a case in this
    /// tenant's own workflow. It has no authors and no unit here (AuthorPersonId and UnitId Guid.Empty): nobody of this
    /// tenant is credited for it; the original's authors are credited in their own tenant when the decision comes back.
    /// </summary>
    public static (Submission Copy, SubmissionVersion First) ReceiveForwarded(string tenantId, SubmissionContent content, Provenance origin,
        DateTimeOffset now)
    {
        var copy = new Submission
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Provenance = origin,
            Status = SubmissionStatus.Draft,
            CreatedAt = now,
        };
        copy.SetContent(content, now);
        copy.ContentVersion = 1;
        copy.Submit(now);
        return (copy, SubmissionVersion.Of(copy, 1, null, EditorRoles.Writer, null, now));
    }

    public bool IsForwardedCopy => Provenance.Channel == SubmissionChannel.Forwarded;

    public bool IsEditable => Status is SubmissionStatus.Draft or SubmissionStatus.Returned;
    public bool IsAuthor(Guid personId) => AuthorPersonIds.Contains(personId);

    /// <summary>A writer's revision: a new version (the Value), or none (Value null) if nothing in the text or its
    /// classification changed.</summary>
    public Outcome<SubmissionVersion> Edit(SubmissionContent content, Guid? editorPersonId, string? reason, DateTimeOffset now)
    {
        if (NotEditable() is { } refused) return refused;
        return new(NewVersion(content, editorPersonId, EditorRoles.Writer, reason, now), null);
    }

    /// <summary>编辑润色: an editor's change of the text while the item is under review (submitted): a new version in the
    /// editor's role (the Value), or none (Value null) if the text did not change. Type and themes stay the writer's.</summary>
    public Outcome<SubmissionVersion> Polish(string title, string body, Guid? editorPersonId, string reason, DateTimeOffset now)
    {
        if (Status != SubmissionStatus.Submitted)
            return new DomainError("invalid-state", "只有审核中的稿件可以润色", $"A submission in state '{Status}' cannot be polished; only one under review (submitted) can.");
        return new(NewVersion(new SubmissionContent(title, body, Type, Themes), editorPersonId, EditorRoles.Editor, reason, now), null);
    }

    /// <summary>Replaces the authors (in order, lead first, no repeats) and the submitting unit, while the item is a
    /// draft or returned. The text stays; its version does not change.</summary>
    public Outcome ChangeAuthors(IReadOnlyList<Guid> authorPersonIds, Guid unitId, DateTimeOffset now)
    {
        if (NotEditable() is { } refused) return refused;
        if (authorPersonIds.Count is 0 or > MaxAuthors || authorPersonIds.Distinct().Count() != authorPersonIds.Count)
            throw new ArgumentException($"1–{MaxAuthors} distinct authors.", nameof(authorPersonIds));
        if (AuthorPersonIds.SequenceEqual(authorPersonIds) && UnitId == unitId) return Outcome.Done;
        AuthorPersonIds = authorPersonIds.ToList();
        AuthorPersonId = authorPersonIds[0];
        UnitId = unitId;
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>Submits a draft (or a returned item) for review; raises SubmissionSubmitted with every author's share, and
    /// at the first submission of an answer to a solicitation SolicitationAnswered (with that solicitation's bonus). A
    /// chair-direct item gets its reply deadline when first submitted, and names who may see it (<paramref name="chair"/>).</summary>
    public Outcome Submit(DateTimeOffset now, decimal solicitationBonus = 0, ChairChannel? chair = null)
    {
        if (NotEditable() is { } refused) return refused;
        IReadOnlyList<Guid>? restrictedTo = null;
        if (Provenance.Channel == SubmissionChannel.ChairDirect)
        {
            if (Provenance.ReplyDueOn is null)
                Provenance = Provenance with { ReplyDueOn = ChairChannel.ReplyDueOn(now, chair?.ReplyDays ?? ChairChannel.DefaultReplyDays) };
            restrictedTo = [.. AuthorPersonIds.Concat(chair?.AllowedPersons ?? []).Distinct()];
        }
        Status = SubmissionStatus.Submitted;
        SubmitCount++;
        SubmittedAt = now;
        UpdatedAt = now;
        ReviewComment = null;
        // A forwarded copy credits nobody here: no shares, and its origin instead.
        var share = AuthorPersonIds.Count == 0 ? 0m : Math.Round(1m / AuthorPersonIds.Count, 4);
        var origin = IsForwardedCopy ? new SubmissionOrigin(Provenance.OriginTenantId!, Provenance.OriginSubmissionId!.Value) : null;
        Raise(new SubmissionSubmitted(Id, Title, AuthorPersonId, UnitId, now,
            AuthorPersonIds.Select((p, i) => new AuthorShare(p, i + 1, share)).ToList(), origin is null ? [new UnitShare(UnitId, 1m)] : [],
            ApiName(Type), Themes.ToList(), ApiName(Provenance.Channel), SolicitationId, ContentVersion, NextSequence(), restrictedTo, origin));
        if (SolicitationId is { } answered && SubmitCount == 1)
            Raise(new SolicitationAnswered(answered, Id, AuthorPersonIds.ToList(), solicitationBonus, now));
        return Outcome.Done;
    }

    /// <summary>撤回: the writer (or staff) takes the item back before a decision; raises SubmissionWithdrawn.</summary>
    public Outcome Withdraw(string? reason, DateTimeOffset now)
    {
        if (Status is not (SubmissionStatus.Draft or SubmissionStatus.Submitted or SubmissionStatus.Returned))
            return new DomainError("invalid-state", "稿件已有审核结论或已撤回、归档，不能撤回",
                $"A submission in state '{Status}' cannot be withdrawn; only draft, submitted or returned ones can.");
        Status = SubmissionStatus.Withdrawn;
        UpdatedAt = now;
        Raise(new SubmissionWithdrawn(Id, AuthorPersonIds.ToList(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), now, NextSequence(),
            Provenance.Channel == SubmissionChannel.ChairDirect));
        return Outcome.Done;
    }

    /// <summary>归档: a decided item (adopted or not) is put away.</summary>
    public Outcome Archive(DateTimeOffset now)
    {
        if (Status is not (SubmissionStatus.Adopted or SubmissionStatus.NotAdopted))
            return new DomainError("invalid-state", "只有已有审核结论的稿件可以归档",
                $"A submission in state '{Status}' cannot be archived; only adopted or not-adopted ones can.");
        Status = SubmissionStatus.Archived;
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>An adoption always adds its level (levels accumulate in any order: the adoption ladder announces a
    /// later level with the Sequence of the adopting decision); it sets the status only if it is the newest outcome.
    /// Returns false when it changed nothing (a stale outcome of a level already listed).</summary>
    public bool MarkAdopted(string level, DateTimeOffset now, int sequence)
    {
        var added = !AdoptionLevels.Contains(level);
        if (added)
        {
            AdoptionLevels.Add(level);
            UpdatedAt = now;
        }
        return ApplyOutcome(sequence, SubmissionStatus.Adopted, ReviewComment, now) | added;
    }

    public bool MarkReturned(string comment, DateTimeOffset now, int sequence) =>
        ApplyOutcome(sequence, SubmissionStatus.Returned, comment, now);

    public bool MarkNotAdopted(string comment, DateTimeOffset now, int sequence) =>
        ApplyOutcome(sequence, SubmissionStatus.NotAdopted, comment, now);

    /// <summary>Sequence 0 comes from producers that predate sequencing: applied only while nothing sequenced was.</summary>
    private bool ApplyOutcome(int sequence, SubmissionStatus status, string? comment, DateTimeOffset now)
    {
        if (Status is SubmissionStatus.Withdrawn or SubmissionStatus.Archived) return false; // the writer took it back, or it is put away
        if (sequence < ReviewSequence || (sequence == ReviewSequence && sequence != 0)) return false;
        ReviewSequence = sequence;
        Status = status;
        ReviewComment = comment;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A new text version (the next number) if the content changed, raising SubmissionEdited; null if it did not.</summary>
    private SubmissionVersion? NewVersion(SubmissionContent content, Guid? editorPersonId, string editorRole, string? reason, DateTimeOffset now)
    {
        if (content.Title.Trim() == Title && content.Body == Body && content.Type == Type && content.Themes.SequenceEqual(Themes)) return null;
        SetContent(content, now);
        ContentVersion++;
        var version = SubmissionVersion.Of(this, ContentVersion, editorPersonId, editorRole, reason, now);
        Raise(new SubmissionEdited(Id, ContentVersion, editorPersonId, editorRole, version.Reason, now, NextSequence()));
        return version;
    }

    private void SetContent(SubmissionContent content, DateTimeOffset now)
    {
        Title = content.Title.Trim();
        Body = content.Body;
        Type = content.Type;
        Themes = content.Themes.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        UpdatedAt = now;
    }

    private int NextSequence() => ++EventSequence;

    private static string ApiName<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private DomainError? NotEditable() => IsEditable ? null : new DomainError("invalid-state", "当前状态不允许此操作",
        $"A submission in state '{Status}' cannot be edited or submitted.");
}
