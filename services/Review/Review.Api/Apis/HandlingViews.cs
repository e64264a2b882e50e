using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Apis;

/// <summary>Category is the letter departments write (A 已解决, B 正在解决, C 列入计划, D 暂不具备条件).</summary>
public sealed record ReplyView(int Round, string Category, string CategoryLabel, string Text, IReadOnlyList<Guid> AttachmentFileIds,
    Guid DepartmentId, DateTimeOffset RepliedAt, DateOnly Deadline, bool OnTime)
{
    public static ReplyView From(HandlingReply r) => new(r.Round, r.Category.ToString(), HandlingLabels.Of(r.Category), r.Text, r.AttachmentFileIds,
        r.DepartmentId, r.RepliedAt, r.Deadline, r.OnTime);
}

public sealed record RequestView(Guid Id, HandlingRequestKind Kind, string KindLabel, string Reason, Guid? ToDepartmentId, DateOnly? NewDeadline,
    Guid DepartmentId, DateTimeOffset RequestedAt, HandlingRequestDecision Decision, DateTimeOffset? DecidedAt, string? DecisionComment)
{
    public static RequestView From(HandlingRequest r) => new(r.Id, r.Kind, HandlingLabels.Of(r.Kind), r.Reason, r.ToDepartmentId, r.NewDeadline,
        r.DepartmentId, r.RequestedAt, r.Decision, r.DecidedAt, r.DecisionComment);
}

public sealed record RatingView(int Round, HandlingRating Rating, string RatingLabel, string? Comment, Guid PersonId, DateTimeOffset RatedAt)
{
    public static RatingView From(HandlingRatingRecord r) => new(r.Round, r.Rating, HandlingLabels.Of(r.Rating), r.Comment, r.PersonId, r.RatedAt);
}

/// <summary>A handling as every reader sees it; its ETag is the row version, which the changes send back as If-Match.</summary>
public sealed record HandlingView(Guid Id, Guid SubmissionId, Guid CaseId, string Title, Guid? InstructionId, Guid LeadDepartmentId,
    string LeadDepartmentName, IReadOnlyList<Guid> CoDepartmentIds, DateOnly Deadline, DateOnly AssignedOn, DateOnly AdoptedOn,
    Guid? SupervisorPersonId, string? Note, HandlingStatus Status, string StatusLabel, int Round, IReadOnlyList<Guid> AuthorPersonIds,
    IReadOnlyList<ReplyView> Replies, IReadOnlyList<RequestView> Requests, IReadOnlyList<RatingView> Ratings,
    DateTimeOffset AssignedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, bool Overdue, int OverdueDays) : IVersioned
{
    public uint Version { get; init; }

    public static HandlingView From(Handling h, DateOnly today)
    {
        var overdueDays = h.IsOpen && today > h.Deadline ? today.DayNumber - h.Deadline.DayNumber : 0;
        return new(h.Id, h.SubmissionId, h.CaseId, h.Title, h.InstructionId, h.LeadDepartmentId, h.LeadDepartmentName, h.CoDepartmentIds,
            h.Deadline, h.AssignedOn, h.AdoptedOn, h.SupervisorPersonId, h.Note, h.Status, HandlingLabels.Of(h.Status), h.Round,
            h.AuthorPersonIds, [.. h.Replies.Select(ReplyView.From)], [.. h.Requests.Select(RequestView.From)],
            [.. h.Ratings.Select(RatingView.From)], h.AssignedAt, h.UpdatedAt, h.ClosedAt, overdueDays > 0, overdueDays)
        { Version = h.Version };
    }
}
