using System.Net;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>A reply's attachments reach the item's writers (and staff) through the handling; nobody else, nothing else.</summary>
public sealed class HandlingAttachmentTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly HandlingKit _kit = new(factory);

    [Fact]
    public async Task The_authors_and_staff_download_a_reply_attachment_others_get_404_or_403()
    {
        var (tenant, other) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var lead = await _kit.DepartmentAsync(tenant, "区民政局");
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        var adopted = await _kit.AdoptedAsync(tenant, liu, chen);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id);
        var department = _kit.DepartmentClient(tenant, lead.Id);
        var bytes = EvidenceKit.Pdf(4096);
        var scan = await EvidenceKit.UploadAsync(department, bytes);
        var unrelated = await EvidenceKit.UploadAsync(_kit.Staff(tenant), EvidenceKit.Png(), "image/png");
        await HandlingKit.StepOkAsync(department, handling.Id, "accept");
        await HandlingKit.StepOkAsync(department, handling.Id, "reply", new { category = "B", text = "见附件。", attachmentFileIds = new[] { scan.Id } });
        var path = $"/handlings/{handling.Id}/attachments/{scan.Id}";

        foreach (var reader in new[] { _kit.Writer(tenant, liu), _kit.Writer(tenant, chen), _kit.Staff(tenant) })
        {
            var response = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.ETag);
        }
        // Today's file store stays staff-only for writers.
        Assert.Equal(HttpStatusCode.Forbidden, (await _kit.Writer(tenant, liu).GetAsync($"/files/{scan.Id}")).StatusCode);

        await (await _kit.Writer(tenant, Guid.NewGuid()).GetAsync(path)).ReadProblemAsync(404); // not an author
        await (await _kit.Writer(tenant, liu).GetAsync($"/handlings/{handling.Id}/attachments/{unrelated.Id}")).ReadProblemAsync(404); // not attached
        await (await _kit.Writer(other, liu).GetAsync(path)).ReadProblemAsync(404); // another tenant, same person id
        await (await factory.ClientFor(other).GetAsync(path)).ReadProblemAsync(404); // another tenant's staff
        await (await department.GetAsync(path)).ReadProblemAsync(403);
        await (await factory.ClientFor(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.ReviewRead]).GetAsync(path)).ReadProblemAsync(403);
    }
}
