using SheqingMinyi.Review.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed class ReviewRowLevelSecurityTests(ReviewFactory factory)
    : RowLevelSecurityTests<Program, ReviewDbContext>(factory), IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    protected override string[] Tables => ["review_cases", "review_decisions", "outbox_messages", "audit_entries", "submission_withdrawals", "review_workflows", "submission_content_versions", "adoptions", "forwardings", "stored_files", "leader_instructions"];

    protected override async Task SeedAsync(string tenant)
    {
        await WorkflowKit.SetAsync(factory, tenant, new { name = "初审", role = "staff-editor", checklistRequired = false }, new { name = "审定", role = "leader", checklistRequired = false });
        var opened = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "请补充数据" });
        await _kit.Feeder.PublishAsync(tenant, new SheqingMinyi.IntegrationEvents.SubmissionWithdrawn(opened.SubmissionId, [], null, DateTimeOffset.UtcNow, 2));
        await _kit.WaitForCaseAsync(tenant, opened.SubmissionId, c => c.Status == "withdrawn");
        var edited = await _kit.Feeder.PublishAsync(tenant, new SheqingMinyi.IntegrationEvents.SubmissionEdited(opened.SubmissionId, 2, null, "editor", null, DateTimeOffset.UtcNow, 3));
        await Eventually.GetAsync(() => _kit.InboxCountAsync(edited.Id), n => n == 1, what: "the edit consumed");
        var adopted = await _kit.OpenCaseAsync(tenant); // the two-stage workflow above: 初审, then 审定 adopts
        await _kit.DecideOkAsync(tenant, adopted.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, adopted.Id, new { action = "adopt", adoptionLevel = "own-body" });
        var parent = $"p{Guid.NewGuid():N}"[..12]; // 转报 to a parent body: a forwardings row
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "上级政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenant, "区政协", parent);
        var forwarded = await ForwardingTests.ForwardAsync(_kit.Client(tenant), adopted.Id, new { }, await _kit.ETagAsync(tenant, adopted.Id));
        Assert.Equal(System.Net.HttpStatusCode.OK, forwarded.StatusCode);
        var evidence = await EvidenceKit.UploadAsync(_kit.Client(tenant));
        var recorded = await ReviewKit.PostJsonAsync(_kit.Client(tenant), $"/submissions/{adopted.SubmissionId}/instructions", new
        {
            leaderTitle = "区委书记", level = "district", nature = "肯定性", instructedOn = "2026-01-05", summary = "建议很好，请相关部门研究落实。",
            evidenceFileId = evidence.Id,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, recorded.StatusCode);
    }
}
