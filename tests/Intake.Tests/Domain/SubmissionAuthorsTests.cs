using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Tests.Domain;

/// <summary>Changing an item's authors and unit in the aggregate: when it may, and what a later submission carries.</summary>
public sealed class SubmissionAuthorsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static Submission Draft() => Submission.CreateDraft("spb-zx", new("稿件", "正文", SubmissionType.SituationReport, []), [Guid.NewGuid()],
        Guid.NewGuid(), Provenance.Portal, solicitationId: null, createdBy: null, T0).Draft;

    [Fact]
    public void A_returned_item_takes_new_authors_and_its_resubmission_credits_them_in_order()
    {
        var submission = Draft();
        submission.Submit(T0);
        submission.MarkReturned("请补充", T0.AddDays(1), sequence: 1);
        submission.TakeRaisedEvents();
        var (lead, co, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        Assert.True(submission.ChangeAuthors([lead, co], unit, T0.AddDays(2)).Succeeded);
        Assert.Empty(submission.TakeRaisedEvents()); // nothing to announce until it is submitted
        submission.Submit(T0.AddDays(2));

        var submitted = Assert.IsType<SubmissionSubmitted>(Assert.Single(submission.TakeRaisedEvents()));
        Assert.Equal((lead, unit), (submitted.AuthorPersonId, submitted.UnitId));
        Assert.Equal([new AuthorShare(lead, 1, 0.5m), new AuthorShare(co, 2, 0.5m)], submitted.Authors);
        Assert.Equal([new UnitShare(unit, 1m)], submitted.Units);
    }

    [Fact]
    public void A_submitted_item_keeps_its_authors()
    {
        var submission = Draft();
        var before = (submission.AuthorPersonIds.ToList(), submission.UnitId);
        submission.Submit(T0);

        var outcome = submission.ChangeAuthors([Guid.NewGuid()], Guid.NewGuid(), T0.AddHours(1));

        Assert.Equal("invalid-state", outcome.Error?.Code);
        Assert.Equal(before.Item1, submission.AuthorPersonIds);
        Assert.Equal(before.UnitId, submission.UnitId);
    }
}
