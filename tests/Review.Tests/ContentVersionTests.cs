using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>润色 during review: SubmissionEdited raises the case's contentVersion to the highest seen, whatever the
/// order and however often the events arrive.</summary>
public sealed class ContentVersionTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private static SubmissionEdited Edited(Guid submissionId, int version) =>
        new(submissionId, version, Guid.NewGuid(), "editor", "润色", DateTimeOffset.UtcNow, version);

    [Fact]
    public async Task Edits_raise_the_version_to_the_highest_seen_in_any_order_and_replays_change_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var opened = await _kit.OpenCaseAsync(tenant);
        Assert.Equal(1, opened.ContentVersion);

        var three = await _kit.Feeder.PublishAsync(tenant, Edited(opened.SubmissionId, 3));
        await _kit.WaitForCaseAsync(tenant, opened.SubmissionId, c => c.ContentVersion == 3);
        var updated = (await _kit.GetCaseAsync(tenant, opened.Id)).UpdatedAt;
        await _kit.Feeder.PublishAsync(tenant, Edited(opened.SubmissionId, 2));                // older, late
        await _kit.Feeder.PublishAsync(tenant, Edited(opened.SubmissionId, 3), three.Id);      // the same envelope again
        await _kit.Feeder.PublishAsync(tenant, Edited(opened.SubmissionId, 3));                // the same edit, a new envelope
        var marker = await _kit.Feeder.PublishAsync(tenant, Edited(Guid.NewGuid(), 9));        // consumed after the others
        await Eventually.GetAsync(() => _kit.InboxCountAsync(marker.Id), n => n == 1, what: "the marker consumed");

        var read = await _kit.GetCaseAsync(tenant, opened.Id);
        Assert.Equal((3, updated), (read.ContentVersion, read.UpdatedAt));
        Assert.Equal(1, await _kit.InboxCountAsync(three.Id));
    }

    [Fact]
    public async Task An_edit_consumed_before_the_submission_counts_when_the_case_opens()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var edited = await _kit.Feeder.PublishAsync(tenant, Edited(submitted.SubmissionId, 4));
        await Eventually.GetAsync(() => _kit.InboxCountAsync(edited.Id), n => n == 1, what: "the edit consumed");

        var opened = await _kit.OpenCaseAsync(tenant, submitted with { ContentVersion = 2 });

        Assert.Equal(4, opened.ContentVersion);
    }
}
