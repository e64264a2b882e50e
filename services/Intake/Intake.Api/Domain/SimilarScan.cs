namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// That an item's near-duplicates were computed, and for which text (its content version) and when — also when none
/// were found. The matches are computed after the submit commits (see <see cref="SimilarItems"/>), so a reader
/// can tell "not computed yet" (no scan) from "no matches".
/// </summary>
public sealed class SimilarScan
{
    public string TenantId { get; private set; } = "";
    public Guid SubmissionId { get; private set; }
    public int ContentVersion { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }

    private SimilarScan() { }

    public static SimilarScan Of(Submission submission, DateTimeOffset now) => new()
    {
        TenantId = submission.TenantId, SubmissionId = submission.Id, ContentVersion = submission.ContentVersion, ComputedAt = now,
    };

    public void Redo(Submission submission, DateTimeOffset now)
    {
        ContentVersion = submission.ContentVersion;
        ComputedAt = now;
    }
}
