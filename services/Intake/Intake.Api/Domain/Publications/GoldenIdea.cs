using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Intake.Domain.Publications;

/// <summary>The meeting a golden idea is brought to.</summary>
public enum GoldenIdeaMeeting
{
    /// <summary>周周议</summary>
    Weekly,
    /// <summary>半月谈</summary>
    HalfMonthly,
    /// <summary>月月研</summary>
    Monthly,
}

/// <summary>How far a golden idea got.</summary>
public enum GoldenIdeaStatus
{
    /// <summary>已提出</summary>
    Proposed,
    /// <summary>跟进中</summary>
    Following,
    /// <summary>已落实</summary>
    Implemented,
    /// <summary>已办结</summary>
    Closed,
}

/// <summary>
/// 金点子: a submitted or adopted item the office brings to a regular meeting (周周议/半月谈/月月研) and follows up
/// until implemented or closed. One per item in a tenant.
/// </summary>
public sealed class GoldenIdea : AggregateRoot
{
    public const int NoteMaxLength = 500;

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public string Title { get; private set; } = "";
    public GoldenIdeaMeeting Meeting { get; private set; }
    public DateOnly MeetingOn { get; private set; }
    public string? Note { get; private set; }
    public GoldenIdeaStatus Status { get; private set; }
    public string? FollowUpNote { get; private set; }
    public Guid? FlaggedBy { get; private set; }
    public DateTimeOffset FlaggedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>1 when flagged, +1 per follow-up (carried by GoldenIdeaFollowedUp).</summary>
    public int EventVersion { get; private set; }
    public uint Version { get; private set; }

    public static string Label(GoldenIdeaMeeting meeting) => meeting switch
    {
        GoldenIdeaMeeting.Weekly => "周周议",
        GoldenIdeaMeeting.HalfMonthly => "半月谈",
        _ => "月月研",
    };

    public static string Label(GoldenIdeaStatus status) => status switch
    {
        GoldenIdeaStatus.Proposed => "已提出",
        GoldenIdeaStatus.Following => "跟进中",
        GoldenIdeaStatus.Implemented => "已落实",
        _ => "已办结",
    };

    /// <summary>Only items that went to review and were not turned down: submitted (under review) or adopted.</summary>
    public static bool MayFlag(Submission item) => item.Status == SubmissionStatus.Submitted || ItemShares.IsAdopted(item);

    private GoldenIdea() { }

    public static GoldenIdea Flag(Submission item, GoldenIdeaMeeting meeting, DateOnly meetingOn, string? note, Guid? flaggedBy, DateTimeOffset now)
    {
        var idea = new GoldenIdea
        {
            Id = Guid.CreateVersion7(), TenantId = item.TenantId, SubmissionId = item.Id, Title = item.Title, Meeting = meeting,
            MeetingOn = meetingOn, Note = Blank(note), Status = GoldenIdeaStatus.Proposed, FlaggedBy = flaggedBy, FlaggedAt = now,
            UpdatedAt = now, EventVersion = 1,
        };
        var shares = ItemShares.Of(item, 1);
        idea.Raise(new GoldenIdeaFlagged(idea.Id, item.Id, ApiEnums.Name(meeting), meetingOn, idea.Note, shares.Authors, shares.Units, now));
        return idea;
    }

    /// <summary>A follow-up: the new status and what happened; the same status and note again changes nothing.</summary>
    public void FollowUp(Submission item, GoldenIdeaStatus status, string? note, DateTimeOffset now)
    {
        note = Blank(note);
        if (status == Status && note == FollowUpNote) return;
        Status = status;
        FollowUpNote = note;
        UpdatedAt = now;
        EventVersion++;
        var shares = ItemShares.Of(item, 1);
        Raise(new GoldenIdeaFollowedUp(Id, SubmissionId, ApiEnums.Name(status), note, shares.Authors, shares.Units, now, EventVersion));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
