using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain.Publications;

/// <summary>How a publication credits an item: its authors in order with equal shares (1/n, as at submit) and its unit.</summary>
public static class ItemShares
{
    public static PublishedItem Of(Submission item, int order)
    {
        var share = Math.Round(1m / item.AuthorPersonIds.Count, 4);
        return new PublishedItem(item.Id, order, [.. item.AuthorPersonIds.Select((p, i) => new AuthorShare(p, i + 1, share))],
            [new UnitShare(item.UnitId, 1m)]);
    }

    /// <summary>采用: an item adopted at some level (an archived adopted item still counts).</summary>
    public static bool IsAdopted(Submission item) =>
        item.AdoptionLevels.Count > 0 && item.Status is SubmissionStatus.Adopted or SubmissionStatus.Archived;
}
