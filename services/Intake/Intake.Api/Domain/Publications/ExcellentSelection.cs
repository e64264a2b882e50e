using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain.Publications;

public enum ExcellentSelectionStatus
{
    Draft,
    Published,
}

/// <summary>
/// 优秀选编: the office's half-yearly compilation of excellent adopted items (2026年上半年优秀社情民意信息选编), one per
/// tenant, year and half. Publishing freezes it and raises ExcellentSelectionPublished (scoring credits the authors).
/// </summary>
public sealed class ExcellentSelection : AggregateRoot
{
    public const int TitleMaxLength = 100, MaxItems = 200;

    public Guid Id { get; private set; }
    public int Year { get; private set; }
    /// <summary>1: 上半年, 2: 下半年.</summary>
    public int Half { get; private set; }
    public string Title { get; private set; } = "";
    public ExcellentSelectionStatus Status { get; private set; }
    public List<Guid> SubmissionIds { get; private set; } = [];
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>2026年上半年优秀社情民意信息选编</summary>
    public static string DefaultTitle(int year, int half) => $"{year}年{(half == 1 ? "上" : "下")}半年优秀社情民意信息选编";

    private ExcellentSelection() { }

    public static ExcellentSelection Create(string tenantId, int year, int half, string? title, Guid? createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, Year = year, Half = half,
        Title = string.IsNullOrWhiteSpace(title) ? DefaultTitle(year, half) : title.Trim(),
        Status = ExcellentSelectionStatus.Draft, CreatedBy = createdBy, CreatedAt = now, UpdatedAt = now,
    };

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

    public Outcome Publish(IReadOnlyDictionary<Guid, Submission> items, DateTimeOffset now)
    {
        if (Frozen() is { } refused) return refused;
        if (SubmissionIds.Count == 0)
            return new DomainError("selection-empty", "选编还没有稿件，不能印发", $"Selection '{Id}' has no items; add at least one before publishing.");
        Status = ExcellentSelectionStatus.Published;
        PublishedAt = now;
        UpdatedAt = now;
        Raise(new ExcellentSelectionPublished(Id, Year, Half, [.. SubmissionIds.Select((id, i) =>
        {
            var shares = ItemShares.Of(items[id], i + 1);
            return new SelectedItem(id, shares.Authors, shares.Units);
        })], now));
        return Outcome.Done;
    }

    public DomainError? Frozen() => Status == ExcellentSelectionStatus.Published
        ? new DomainError("selection-published", "选编已印发，不能再修改", $"Selection '{Id}' was published at {PublishedAt:O}; its items are frozen.")
        : null;
}
