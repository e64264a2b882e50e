using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Tests.Domain;

/// <summary>The submission aggregate without HTTP or a database: what it allows and the events it raises.</summary>
public sealed class SubmissionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static Submission Draft() => Submission.CreateDraft("spb-zx", Content(" 关于加装电梯的建议 ", "正文"), [Guid.NewGuid()],
        Guid.NewGuid(), Provenance.Portal, solicitationId: null, createdBy: null, T0).Draft;

    private static SubmissionContent Content(string title, string body) => new(title, body, SubmissionType.SituationReport, []);

    [Fact]
    public void Submitting_a_draft_raises_SubmissionSubmitted_with_what_review_copies()
    {
        var submission = Draft();
        Assert.Empty(submission.TakeRaisedEvents()); // a draft announces nothing

        Assert.True(submission.Submit(T0.AddHours(1)).Succeeded);

        var submitted = Assert.IsType<SubmissionSubmitted>(Assert.Single(submission.TakeRaisedEvents()));
        Assert.Equal((submission.Id, "关于加装电梯的建议", submission.AuthorPersonId, submission.UnitId, T0.AddHours(1)),
            (submitted.SubmissionId, submitted.Title, submitted.AuthorPersonId, submitted.UnitId, submitted.SubmittedAt));
        Assert.Equal((SubmissionStatus.Submitted, 1), (submission.Status, submission.SubmitCount));
    }

    [Fact]
    public void A_submitted_item_can_be_neither_edited_nor_submitted_again_and_nothing_is_raised()
    {
        var submission = Draft();
        submission.Submit(T0);
        submission.TakeRaisedEvents();

        var edit = submission.Edit(Content("新标题", "新正文"), null, null, T0.AddHours(1));
        var again = submission.Submit(T0.AddHours(1));

        Assert.Equal(("invalid-state", "invalid-state"), (edit.Error?.Code, again.Error?.Code));
        Assert.Equal(("关于加装电梯的建议", 1, T0), (submission.Title, submission.SubmitCount, submission.UpdatedAt));
        Assert.Empty(submission.TakeRaisedEvents());
    }

    [Fact]
    public void A_returned_item_is_edited_and_submitted_again_with_the_new_title()
    {
        var submission = Draft();
        submission.Submit(T0);
        submission.MarkReturned("请补充", T0.AddDays(1), sequence: 1);
        submission.TakeRaisedEvents();

        var edit = submission.Edit(Content("修改稿", "补充后的正文"), null, "按意见补充", T0.AddDays(2));
        Assert.True(submission.Submit(T0.AddDays(2)).Succeeded);

        Assert.Equal((2, "writer", "按意见补充"), (edit.Value?.Number, edit.Value?.EditorRole, edit.Value?.Reason));
        var raised = submission.TakeRaisedEvents();
        var edited = Assert.IsType<SubmissionEdited>(raised[0]);
        var submitted = Assert.IsType<SubmissionSubmitted>(raised[1]);
        Assert.Equal((2, 2), (edited.ContentVersion, submitted.ContentVersion));
        Assert.True(edited.Sequence < submitted.Sequence);
        Assert.Equal("修改稿", submitted.Title);
        Assert.Equal(2, submission.SubmitCount);
    }
}
