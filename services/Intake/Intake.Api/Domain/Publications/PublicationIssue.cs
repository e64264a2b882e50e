using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain.Publications;

public enum PublicationIssueStatus
{
    Draft,
    Published,
}

/// <summary>
/// 刊期: one issue of a publication the office prints (《社情民意》2026年第12期), an ordered list of adopted items. While
/// a draft its items may be replaced; publishing freezes them and raises PublicationIssuePublished.
/// </summary>
public sealed class PublicationIssue : AggregateRoot
{
    public const string DefaultPublication = "社情民意";
    public const int PublicationNameMaxLength = 30, MaxItems = 50, MinYear = 2000, MaxYear = 2100, MaxNumber = 999;

    public Guid Id { get; private set; }
    public string PublicationName { get; private set; } = DefaultPublication;
    public int Year { get; private set; }
    public int Number { get; private set; }
    public PublicationIssueStatus Status { get; private set; }
    /// <summary>The items in their printed order; an item appears once per issue.</summary>
    public List<Guid> SubmissionIds { get; private set; } = [];
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>《社情民意》2026年第12期</summary>
    public string Title => TitleOf(PublicationName, Year, Number);

    public static string TitleOf(string publication, int year, int number) => $"《{publication}》{year}年第{number}期";

    private PublicationIssue() { }

    public static PublicationIssue Create(string tenantId, string publicationName, int year, int number, Guid? createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, PublicationName = publicationName.Trim(), Year = year, Number = number,
        Status = PublicationIssueStatus.Draft, CreatedBy = createdBy, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>Replaces the ordered list (the caller checked each id is an adopted item of the tenant, no repeats).</summary>
    public Outcome SetItems(IReadOnlyList<Guid> submissionIds, DateTimeOffset now)
    {
        if (Frozen() is { } refused) return refused;
        if (submissionIds.Count > MaxItems || submissionIds.Distinct().Count() != submissionIds.Count)
            throw new ArgumentException($"At most {MaxItems} distinct items.", nameof(submissionIds));
        if (SubmissionIds.SequenceEqual(submissionIds)) return Outcome.Done;
        SubmissionIds = [.. submissionIds];
        UpdatedAt = now;
        return Outcome.Done;
    }

    /// <summary>印发: needs at least one item; <paramref name="items"/> are this issue's items, loaded by the caller.</summary>
    public Outcome Publish(IReadOnlyDictionary<Guid, Submission> items, DateTimeOffset now)
    {
        if (Frozen() is { } refused) return refused;
        if (SubmissionIds.Count == 0)
            return new DomainError("issue-empty", "本期还没有稿件，不能印发", $"Issue '{Id}' has no items; add at least one before publishing.");
        Status = PublicationIssueStatus.Published;
        PublishedAt = now;
        UpdatedAt = now;
        Raise(new PublicationIssuePublished(Id, Title, [.. SubmissionIds.Select((id, i) => ItemShares.Of(items[id], i + 1))], now));
        return Outcome.Done;
    }

    /// <summary>The refusal once published (its items are frozen); null while a draft.</summary>
    public DomainError? Frozen() => Status == PublicationIssueStatus.Published
        ? new DomainError("issue-published", "本期已印发，不能再修改", $"Issue '{Id}' was published at {PublishedAt:O}; its items are frozen.")
        : null;
}
