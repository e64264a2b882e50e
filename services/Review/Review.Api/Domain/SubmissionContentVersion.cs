namespace SheqingMinyi.Review.Domain;

/// <summary>The highest text version review has seen of a submission (SubmissionEdited), whether or not its case exists yet.</summary>
public sealed class SubmissionContentVersion
{
    public string TenantId { get; private set; } = "";
    public Guid SubmissionId { get; private set; }
    public int ContentVersion { get; private set; }

    private SubmissionContentVersion() { }

    public static SubmissionContentVersion Record(string tenantId, Guid submissionId, int version) =>
        new() { TenantId = tenantId, SubmissionId = submissionId, ContentVersion = version };

    public void Raise(int version) => ContentVersion = Math.Max(ContentVersion, version);
}
