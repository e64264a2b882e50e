using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PdfSharp.Pdf.IO;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>采用证明 / 批示证明: the item's authors download a one-page PDF in Chinese naming the adoption or instruction; nobody else.</summary>
public sealed class ProofTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private async Task<(string Tenant, Guid Liu, Guid Chen, Guid SubmissionId)> AdoptedByTwoAsync()
    {
        var tenant = ReviewKit.NewTenant();
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenant, "民建重庆市委", null);
        var liu = await _kit.KnownPersonAsync(tenant, name: "刘飞龙");
        var chen = await _kit.KnownPersonAsync(tenant, name: "陈静");
        var submitted = ReviewKit.NewSubmission(title: "关于社区老年食堂建设的建议") with
        {
            AuthorPersonId = liu, Authors = [new AuthorShare(liu, 1, 0.5m), new AuthorShare(chen, 2, 0.5m)],
        };
        await _kit.AdoptedAsync(tenant, submitted);
        return (tenant, liu, chen, submitted.SubmissionId);
    }

    private static async Task<(byte[] Bytes, PdfSharp.Pdf.PdfDocument Pdf)> PdfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        return (bytes, PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import));
    }

    [Fact]
    public async Task Each_author_downloads_the_adoption_proof_a_one_page_pdf_set_in_a_chinese_font_naming_the_adoption()
    {
        var (tenant, liu, chen, submissionId) = await AdoptedByTwoAsync();
        var ladder = await _kit.Client(tenant).GetFromJsonAsync<JsonElement>($"/submissions/{submissionId}/adoptions");
        var adoptionId = ladder.GetProperty("adoptions")[0].GetProperty("id").GetGuid();

        foreach (var author in new[] { liu, chen })
        {
            var (bytes, pdf) = await PdfAsync(await factory.ClientFor(tenant, [PlatformRoles.Member], author).GetAsync($"/proofs/adoptions/{adoptionId}"));
            Assert.Equal(1, pdf.PageCount);
            Assert.Equal($"采用证明 {adoptionId}", pdf.Info.Title);
            Assert.Equal("民建重庆市委", pdf.Info.Author);
            Assert.Contains(adoptionId.ToString(), pdf.Info.Keywords);
            Assert.Contains(submissionId.ToString(), pdf.Info.Subject);
            // The text is set in the embedded CJK font, not a fallback without Chinese.
            Assert.Contains("NotoSerifCJK", Encoding.Latin1.GetString(bytes));
        }
    }

    [Fact]
    public async Task The_instruction_proof_names_the_instruction_and_non_authors_get_404()
    {
        var (tenant, liu, _, submissionId) = await AdoptedByTwoAsync();
        var recorded = await ReviewKit.PostJsonAsync(_kit.Client(tenant), $"/submissions/{submissionId}/instructions", new
        {
            leaderTitle = "市委副书记", level = "municipal", nature = "肯定性", instructedOn = HandlingKit.Today, summary = "所提建议很有价值，请市民政局研究吸纳。",
        });
        var instructionId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var path = $"/proofs/instructions/{instructionId}";

        var (_, pdf) = await PdfAsync(await factory.ClientFor(tenant, [PlatformRoles.Member], liu).GetAsync(path));
        Assert.Equal((1, $"批示证明 {instructionId}"), (pdf.PageCount, pdf.Info.Title));

        await (await factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid()).GetAsync(path)).ReadProblemAsync(404);
        await (await factory.ClientFor(tenant, [PlatformRoles.Director], Guid.NewGuid()).GetAsync(path)).ReadProblemAsync(404); // staff, not an author
        await (await factory.ClientFor(ReviewKit.NewTenant(), [PlatformRoles.Member], liu).GetAsync(path)).ReadProblemAsync(404); // same person id, other tenant
        await (await factory.ClientFor(tenant, [PlatformRoles.Member], liu).GetAsync($"/proofs/adoptions/{instructionId}")).ReadProblemAsync(404);
        await (await factory.ClientFor(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.ReviewRead]).GetAsync(path)).ReadProblemAsync(403);
    }
}
