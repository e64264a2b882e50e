using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Tests.Domain;

/// <summary>Reply deadlines in working days, and withdrawing and archiving on the aggregate alone.</summary>
public sealed class ChannelDomainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero); // a Friday, 17:00 in Chongqing

    private static Submission Draft(Provenance? provenance = null) => Submission.CreateDraft("spb-zx",
        new SubmissionContent("关于加装电梯的建议", "正文", SubmissionType.SituationReport, []), [Guid.NewGuid()],
        Guid.NewGuid(), provenance ?? Provenance.Portal, solicitationId: null, createdBy: null, T0).Draft;

    [Theory]
    [InlineData("2026-11-20", 1, "2026-11-23")] // Friday + 1 → Monday
    [InlineData("2026-11-20", 10, "2026-12-04")]
    [InlineData("2026-11-21", 1, "2026-11-23")] // from a Saturday
    [InlineData("2026-11-23", 5, "2026-11-30")]
    [InlineData("2026-11-23", 0, "2026-11-23")]
    public void Working_days_skip_weekends(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), BodyCalendar.AddWorkingDays(DateOnly.Parse(from), days));

    [Fact]
    public void The_deadline_counts_from_the_day_in_Chongqing_not_the_UTC_day()
    {
        var lateThursdayUtc = new DateTimeOffset(2026, 11, 19, 20, 0, 0, TimeSpan.Zero); // Friday 04:00 in Chongqing
        Assert.Equal(new DateOnly(2026, 11, 23), ChairChannel.ReplyDueOn(lateThursdayUtc, 1));
    }

    [Fact]
    public void A_chair_direct_item_keeps_its_first_deadline_when_resubmitted()
    {
        var chair = ChairChannel.Set("spb-zx", [Guid.NewGuid()], [Guid.NewGuid()], 3, T0);
        var item = Draft(new Provenance(SubmissionChannel.ChairDirect));

        item.Submit(T0, chair: chair);
        item.MarkReturned("请补充", T0.AddDays(1), 1);
        item.Submit(T0.AddDays(10), chair: chair);

        Assert.Equal(new DateOnly(2026, 11, 25), item.Provenance.ReplyDueOn);
        var events = item.TakeRaisedEvents().OfType<SubmissionSubmitted>().ToList();
        Assert.All(events, e => Assert.Equal([item.AuthorPersonId, .. chair.ChairPersonIds, .. chair.StaffPersonIds], e.RestrictedTo!));
    }

    [Fact]
    public void Withdrawing_is_final_and_raised_once()
    {
        var item = Draft();
        item.Submit(T0);
        item.TakeRaisedEvents();

        Assert.True(item.Withdraw("  ", T0.AddHours(1)).Succeeded);
        var again = item.Withdraw("再撤一次", T0.AddHours(2));
        var archive = item.Archive(T0.AddHours(2));

        var withdrawn = Assert.IsType<SubmissionWithdrawn>(Assert.Single(item.TakeRaisedEvents()));
        Assert.Null(withdrawn.Reason);
        Assert.Equal(2, withdrawn.Sequence);
        Assert.Equal(("invalid-state", "invalid-state"), (again.Error?.Code, archive.Error?.Code));
        Assert.Equal(SubmissionStatus.Withdrawn, item.Status);
    }

    [Fact]
    public void Only_a_decided_item_is_archived_and_then_it_cannot_be_withdrawn()
    {
        var item = Draft();
        Assert.Equal("invalid-state", item.Archive(T0).Error?.Code);
        item.Submit(T0);
        item.MarkNotAdopted("不予采用", T0.AddDays(1), 1);

        Assert.True(item.Archive(T0.AddDays(2)).Succeeded);
        Assert.Equal("invalid-state", item.Withdraw(null, T0.AddDays(3)).Error?.Code);
        Assert.Equal(SubmissionStatus.Archived, item.Status);
    }
}
