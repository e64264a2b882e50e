namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// 疑似重复: an earlier item of the tenant whose text is near the submitted item's, with its score, recorded when the
/// item was (last) submitted. See <see cref="SimilarItems"/> for how the score is measured.
/// </summary>
public sealed class SimilarItem
{
    public string TenantId { get; private set; } = "";
    /// <summary>The item submitted.</summary>
    public Guid SubmissionId { get; private set; }
    /// <summary>The earlier item it resembles.</summary>
    public Guid SimilarSubmissionId { get; private set; }
    /// <summary>0–1, three decimals; at least <see cref="SimilarItems.Threshold"/>.</summary>
    public decimal Score { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }

    private SimilarItem() { }

    public static SimilarItem Of(Submission submission, Guid similarId, decimal score, DateTimeOffset now) => new()
    {
        TenantId = submission.TenantId, SubmissionId = submission.Id, SimilarSubmissionId = similarId, Score = score, ComputedAt = now,
    };

    public void Rescore(decimal score, DateTimeOffset now)
    {
        Score = score;
        ComputedAt = now;
    }
}
