using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain;

/// <summary>A department's reply in one round: category, text, evidence files; OnTime when given by the deadline then.</summary>
public sealed record HandlingReply(int Round, ReplyCategory Category, string Text, List<Guid> AttachmentFileIds, Guid DepartmentId,
    string RepliedBy, DateTimeOffset RepliedAt, DateOnly Deadline, bool OnTime);

/// <summary>What a department may ask staff for: to hand the item to another department (转办) or for more time (延期).</summary>
public enum HandlingRequestKind
{
    Transfer,
    Extension,
}

public enum HandlingRequestDecision
{
    Pending,
    Approved,
    Refused,
}

/// <summary>A department's request and staff's decision on it, both kept.</summary>
public sealed record HandlingRequest(Guid Id, HandlingRequestKind Kind, string Reason, Guid? ToDepartmentId, DateOnly? NewDeadline,
    Guid DepartmentId, string RequestedBy, DateTimeOffset RequestedAt)
{
    public HandlingRequestDecision Decision { get; init; } = HandlingRequestDecision.Pending;
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionComment { get; init; }
}

/// <summary>A writer's rating of a round's reply.</summary>
public sealed record HandlingRatingRecord(int Round, HandlingRating Rating, string? Comment, Guid PersonId, DateTimeOffset RatedAt);

/// <summary>Chinese labels of the handling's values, for the views.</summary>
public static class HandlingLabels
{
    public static string Of(HandlingStatus status) => status switch
    {
        HandlingStatus.Assigned => "已交办",
        HandlingStatus.Accepted => "已签收",
        HandlingStatus.InProgress => "办理中",
        HandlingStatus.Replied => "已答复",
        _ => "已办结",
    };

    public static string Of(ReplyCategory category) => category switch
    {
        ReplyCategory.A => "已解决",
        ReplyCategory.B => "正在解决",
        ReplyCategory.C => "列入计划",
        _ => "暂不具备条件",
    };

    public static string Of(HandlingRating rating) => rating switch
    {
        HandlingRating.Satisfied => "满意",
        HandlingRating.BasicallySatisfied => "基本满意",
        _ => "不满意",
    };

    public static string Of(HandlingRequestKind kind) => kind == HandlingRequestKind.Transfer ? "转办" : "延期";
}
