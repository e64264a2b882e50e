using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;
using UglyToad.PdfPig;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// What an adoption proof says, read back from the PDF's text: what (the item and its authors), when, by whom, and the
/// issue of the body's own publication that carried an own-body adoption (刊期, from intake's PublicationIssuePublished,
/// whichever comes first, recorded once however often it is delivered).
/// </summary>
public sealed class ProofTextTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private async Task<string> ProofTextAsync(string tenant, Guid author, Guid adoptionId)
    {
        var response = await factory.ClientFor(tenant, [PlatformRoles.Member], author).GetAsync($"/proofs/adoptions/{adoptionId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        // The words of each page in reading order, joined without spaces: exactly the characters written, no look-alikes.
        return string.Concat(pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private async Task PublishAsync(string tenant, PublicationIssuePublished issue)
    {
        var fed = await _kit.Feeder.PublishAsync(tenant, issue);
        await _kit.Feeder.WaitConsumedAsync(fed, ReviewKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(fed), ReviewKit.ConsumerGroup);
    }

    [Fact]
    public async Task An_own_body_adoption_proof_prints_what_when_by_whom_and_the_issue_that_carried_it()
    {
        var tenant = ReviewKit.NewTenant();
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, tenant, "民建重庆市委", null);
        var liu = await _kit.KnownPersonAsync(tenant, name: "刘飞龙");
        var submitted = ReviewKit.NewSubmission(title: "关于社区老年食堂建设的建议") with { AuthorPersonId = liu, Authors = [new AuthorShare(liu, 1, 1m)] };
        await _kit.AdoptedAsync(tenant, submitted);
        var ladder = await _kit.Client(tenant).GetFromJsonAsync<JsonElement>($"/submissions/{submitted.SubmissionId}/adoptions");
        var adoption = ladder.GetProperty("adoptions")[0];
        var adoptionId = adoption.GetProperty("id").GetGuid();
        var adoptedOn = DateOnly.Parse(adoption.GetProperty("adoptedOn").GetString()!);

        // Before any issue carried it, the publication is unknown.
        var before = await ProofTextAsync(tenant, liu, adoptionId);
        Assert.True(before.Contains("刊发载体：—"), before);

        // The issue went out (delivered twice; another item's issue beside it), then a later issue carried it again.
        var first = new PublicationIssuePublished(Guid.NewGuid(), "《社情民意》2026年第12期",
            [new PublishedItem(Guid.NewGuid(), 1, [], []), new PublishedItem(submitted.SubmissionId, 2, [new AuthorShare(liu, 1, 1m)], [])], DateTimeOffset.UtcNow.AddDays(-1));
        await PublishAsync(tenant, first);
        await PublishAsync(tenant, new PublicationIssuePublished(Guid.NewGuid(), "《社情民意》2026年第13期",
            [new PublishedItem(submitted.SubmissionId, 1, [], [])], DateTimeOffset.UtcNow));
        // Another tenant's issue naming the same item changes nothing here.
        await PublishAsync(ReviewKit.NewTenant(), new PublicationIssuePublished(Guid.NewGuid(), "《别家刊物》第1期",
            [new PublishedItem(submitted.SubmissionId, 1, [], [])], DateTimeOffset.UtcNow.AddDays(-5)));

        var text = await ProofTextAsync(tenant, liu, adoptionId);
        // The text as written, character for character: 用 (U+7528) and 民 (U+6C11), not the radicals ⽤ (U+2F64) and ⺠ (U+2EA0).
        Assert.StartsWith($"采用证明兹证明，刘飞龙撰写的社情民意信息《关于社区老年食堂建设的建议》，于{adoptedOn:yyyy年M月d日}被民建重庆市委采用。特此证明。", text);
        Assert.Contains($"采用级别：本级采用采用日期：{adoptedOn:yyyy年M月d日}刊发载体：《社情民意》2026年第12期采用方式：本级审定采用作者：刘飞龙", text);
        Assert.DoesNotContain(text, c => c is >= '\u2E80' and <= '\u2FDF');
        Assert.Contains("刘飞龙", text); // by whom it was written
        Assert.Contains("《关于社区老年食堂建设的建议》", text); // what
        Assert.Contains($"{adoptedOn:yyyy年M月d日}", text); // when
        Assert.Contains("民建重庆市委采用", text); // adopted by whom
        Assert.Contains("本级采用", text);
        Assert.Contains("刊发载体：《社情民意》2026年第12期", text); // the first issue that carried it
        Assert.DoesNotContain("刊发载体：—", text);
        Assert.DoesNotContain("别家刊物", text);
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM item_publications WHERE tenant_id = $1 AND submission_id = $2",
            tenant, submitted.SubmissionId));
    }
}
