using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Tests.Domain;

/// <summary>编辑润色 on the aggregate: only under review, a new version in the editor role, SubmissionEdited raised.</summary>
public sealed class PolishTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static Submission Draft() => Submission.CreateDraft("spb-zx",
        new SubmissionContent("关于加装电梯的建议", "正文", SubmissionType.WorkSuggestion, ["养老"]), [Guid.NewGuid()],
        Guid.NewGuid(), Provenance.Portal, solicitationId: null, createdBy: null, T0).Draft;

    [Fact]
    public void Polishing_an_item_under_review_makes_the_next_version_in_the_editor_role_and_raises_SubmissionEdited()
    {
        var submission = Draft();
        submission.Submit(T0);
        submission.TakeRaisedEvents();
        var editor = Guid.NewGuid();

        var polished = submission.Polish("关于老旧小区加装电梯的建议", "润色后的正文", editor, " 规范标题 ", T0.AddHours(1));

        var version = Assert.IsType<SubmissionVersion>(polished.Value);
        Assert.Equal((2, "关于老旧小区加装电梯的建议", "润色后的正文", EditorRoles.Editor, editor, "规范标题"),
            (version.Number, version.Title, version.Body, version.EditorRole, version.EditorPersonId, version.Reason));
        Assert.Equal((2, SubmissionStatus.Submitted, SubmissionType.WorkSuggestion), (submission.ContentVersion, submission.Status, submission.Type));
        Assert.Equal(["养老"], submission.Themes);
        var edited = Assert.IsType<SubmissionEdited>(Assert.Single(submission.TakeRaisedEvents()));
        Assert.Equal((submission.Id, 2, editor, EditorRoles.Editor, "规范标题", T0.AddHours(1), 2),
            (edited.SubmissionId, edited.ContentVersion, edited.EditorPersonId, edited.EditorRole, edited.Reason, edited.EditedAt, edited.Sequence));
    }

    [Fact]
    public void Polishing_to_the_same_text_makes_no_version_and_raises_nothing()
    {
        var submission = Draft();
        submission.Submit(T0);
        submission.TakeRaisedEvents();

        var polished = submission.Polish("关于加装电梯的建议", "正文", Guid.NewGuid(), "无改动", T0.AddHours(1));

        Assert.True(polished.Succeeded);
        Assert.Null(polished.Value);
        Assert.Equal(1, submission.ContentVersion);
        Assert.Empty(submission.TakeRaisedEvents());
    }

    [Fact]
    public void A_draft_cannot_be_polished_and_nothing_changes()
    {
        var submission = Draft();

        var polished = submission.Polish("新标题", "新正文", Guid.NewGuid(), "润色", T0.AddHours(1));

        Assert.Equal("invalid-state", polished.Error?.Code);
        Assert.Equal(("关于加装电梯的建议", "正文", 1), (submission.Title, submission.Body, submission.ContentVersion));
        Assert.Empty(submission.TakeRaisedEvents());
    }
}
