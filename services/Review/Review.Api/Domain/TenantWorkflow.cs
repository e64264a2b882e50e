namespace SheqingMinyi.Review.Domain;

/// <summary>
/// 审核流程: one version of a tenant's workflow, as its admin set it. Versions are never changed, only added (N+1):
/// open cases keep the version they opened with, so a change applies to new cases only.
/// </summary>
public sealed class TenantWorkflow
{
    public const int MaxStages = 6, MaxNameLength = 16, MaxReviewers = 10, MaxTimeLimitDays = 60;

    public string TenantId { get; private set; } = "";
    public int Version { get; private set; }
    public List<ReviewStage> Stages { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    private TenantWorkflow() { }

    public static TenantWorkflow Create(string tenantId, int version, IEnumerable<ReviewStage> stages, DateTimeOffset now, string createdBy) =>
        new() { TenantId = tenantId, Version = version, Stages = [.. stages], CreatedAt = now, CreatedBy = createdBy };

    public ReviewWorkflow ToWorkflow() => new(Stages, Version);
}
