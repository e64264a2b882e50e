using System.Text.Json;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Review.Domain.Feedback;

/// <summary>
/// What each of review's outcome events tells the item's writers, in Chinese: returned, passed a stage, rejected, adopted
/// at a level, forwarded, instructed, assigned, the handling's progress, replied, rated — and the 督办 leader hears of a
/// handling gone past its deadline (逾期督办). Events that concern nobody's inbox (a reviewer assigned, a copy forwarded
/// from a child body, which has no authors here, an overdue handling with no supervising leader) give no note.
/// </summary>
public static class FeedbackNotes
{
    /// <summary>The event types review stages that may concern the writers (read by the inbox writer).</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>
    {
        nameof(SubmissionReturned), nameof(CaseStagePassed), nameof(SubmissionRejected), nameof(SubmissionAdopted), nameof(SubmissionForwarded),
        nameof(LeaderInstructionRecorded), nameof(HandlingAssigned), nameof(HandlingStatusChanged), nameof(HandlingReplied), nameof(HandlingRated),
        nameof(HandlingOverdue),
    };

    /// <summary>The item's title, and a forwarding's parent body, as review holds them (null when unknown).</summary>
    public sealed record Lookups(Func<Guid, string?> TitleOf, Func<Guid, string?> ParentNameOf);

    public static FeedbackNote? Describe(string type, string payload, Lookups lookups)
    {
        string Item(Guid submissionId) => lookups.TitleOf(submissionId) is { Length: > 0 } t ? $"《{t}》" : "";
        return type switch
        {
            nameof(SubmissionReturned) => Returned(Read<SubmissionReturned>(payload), Item),
            nameof(CaseStagePassed) => StagePassed(Read<CaseStagePassed>(payload), Item),
            nameof(SubmissionRejected) => Rejected(Read<SubmissionRejected>(payload), Item),
            nameof(SubmissionAdopted) => Adopted(Read<SubmissionAdopted>(payload), Item),
            nameof(SubmissionForwarded) => Forwarded(Read<SubmissionForwarded>(payload), Item, lookups.ParentNameOf),
            nameof(LeaderInstructionRecorded) => Instructed(Read<LeaderInstructionRecorded>(payload), Item),
            nameof(HandlingAssigned) => Assigned(Read<HandlingAssigned>(payload), Item),
            nameof(HandlingStatusChanged) => Progress(Read<HandlingStatusChanged>(payload), Item),
            nameof(HandlingReplied) => Replied(Read<HandlingReplied>(payload), Item),
            nameof(HandlingRated) => Rated(Read<HandlingRated>(payload), Item),
            nameof(HandlingOverdue) => Overdue(Read<HandlingOverdue>(payload), Item),
            _ => null,
        };
    }

    private static FeedbackNote Returned(SubmissionReturned e, Func<Guid, string> item) =>
        OnItem("returned", "信息被退回修改", $"您的信息{item(e.SubmissionId)}被退回修改。审核意见：{e.Comment}", e.Authors, e.SubmissionId, e.ReturnedAt);

    private static FeedbackNote StagePassed(CaseStagePassed e, Func<Guid, string> item) =>
        OnItem("stage-passed", $"信息通过{e.Stage}", $"您的信息{item(e.SubmissionId)}已通过{e.Stage}，进入{e.NextStage}。", e.Authors, e.SubmissionId, e.PassedAt);

    private static FeedbackNote Rejected(SubmissionRejected e, Func<Guid, string> item) =>
        OnItem("rejected", "信息未予采用", $"您的信息{item(e.SubmissionId)}未予采用。审核意见：{e.Comment}", e.Authors, e.SubmissionId, e.RejectedAt);

    /// <summary>An event from before co-authors names the lead author only.</summary>
    private static FeedbackNote Adopted(SubmissionAdopted e, Func<Guid, string> item) =>
        OnItem("adopted", $"信息获{Label(e.Level)}", $"您的信息{item(e.SubmissionId)}已获{Label(e.Level)}（{Day(e.AdoptedAt)}）{Publication(e)}。",
            e.Authors ?? [new AuthorShare(e.AuthorPersonId, 1, 1m)], e.SubmissionId, e.AdoptedAt);

    private static FeedbackNote Forwarded(SubmissionForwarded e, Func<Guid, string> item, Func<Guid, string?> parentNameOf) =>
        OnItem("forwarded", "信息已转报", $"您的信息{item(e.SubmissionId)}已转报{parentNameOf(e.SubmissionId) ?? "上级机关"}。", e.Authors, e.SubmissionId, e.ForwardedAt);

    private static FeedbackNote Instructed(LeaderInstructionRecorded e, Func<Guid, string> item) =>
        OnItem("instructed", "信息获领导批示",
            $"您的信息{item(e.SubmissionId)}获{e.LeaderTitle}{Label(e.Level)}批示（{e.InstructedOn:yyyy年M月d日}，{e.Nature}）：{e.Summary}",
            e.Authors, e.SubmissionId, e.RecordedAt);

    private static FeedbackNote Assigned(HandlingAssigned e, Func<Guid, string> item) =>
        OnHandling("assigned", "信息已交办",
            $"您的信息{item(e.SubmissionId)}已交办：主办 {e.Lead.Name}{CoHandling(e.CoHandling)}，办理期限 {e.Deadline:yyyy年M月d日}。",
            e.Authors, e.SubmissionId, e.HandlingId, e.AssignedAt);

    private static FeedbackNote Replied(HandlingReplied e, Func<Guid, string> item) =>
        OnHandling("replied", "承办单位已答复",
            $"{e.Lead.Name}就您的信息{item(e.SubmissionId)}作出{RoundText(e.Round)}答复（{e.Category}类 {HandlingLabels.Of(e.Category)}），请评价：{e.Text}",
            e.Authors, e.SubmissionId, e.HandlingId, e.RepliedAt);

    /// <summary>The handling's progress writers care about; reopened and closed are told with the rating that caused them,
    /// and a refused request changes nothing for the writers.</summary>
    private static FeedbackNote? Progress(HandlingStatusChanged e, Func<Guid, string> item)
    {
        var (kind, title, text) = e.Change switch
        {
            "accepted" => ("handling-accepted", "承办单位已签收", $"{e.Lead.Name}已签收您的信息{item(e.SubmissionId)}，办理期限 {e.Deadline:yyyy年M月d日}。"),
            "in-progress" => ("handling-started", "承办单位正在办理", $"{e.Lead.Name}已开始办理您的信息{item(e.SubmissionId)}。"),
            "transferred" => ("handling-transferred", "信息已转办", $"您的信息{item(e.SubmissionId)}已转由 {e.Lead.Name} 主办，办理期限 {e.Deadline:yyyy年M月d日}。"),
            "extended" => ("handling-extended", "办理期限已延长", $"您的信息{item(e.SubmissionId)}的办理期限已延至 {e.Deadline:yyyy年M月d日}。"),
            _ => (null, null, null),
        };
        return kind is null ? null : OnHandling(kind, title!, text!, e.Authors, e.SubmissionId, e.HandlingId, e.ChangedAt);
    }

    private static FeedbackNote Rated(HandlingRated e, Func<Guid, string> item)
    {
        var label = HandlingLabels.Of(e.Rating);
        return e.Reopened
            ? OnHandling("reopened", "答复不满意，已重新办理",
                $"您的信息{item(e.SubmissionId)}的{RoundText(e.Round)}答复被评价为“{label}”，已退回承办单位重新办理（第{e.Round + 1}轮）。{Comment(e.Comment)}",
                e.Authors, e.SubmissionId, e.HandlingId, e.RatedAt)
            : OnHandling("rated", "答复已评价，办理结束",
                $"您的信息{item(e.SubmissionId)}的{RoundText(e.Round)}答复被评价为“{label}”，该件已办结。{Comment(e.Comment)}", e.Authors, e.SubmissionId, e.HandlingId, e.RatedAt);
    }

    /// <summary>逾期督办: escalated to the supervising leader named at assignment (the writers are not told of it).</summary>
    private static FeedbackNote? Overdue(HandlingOverdue e, Func<Guid, string> item) =>
        e.SupervisorPersonId is not { } leader || leader == Guid.Empty ? null
            : new FeedbackNote("handling-overdue", "交办件逾期，请督办",
                $"{e.Lead.Name}承办的信息{item(e.SubmissionId)}已超过办理期限（{e.Deadline:yyyy年M月d日}）仍未答复，请督促办理。",
                [leader], e.SubmissionId, FeedbackItemType.Handling, e.HandlingId, $"/api/review/handlings/{e.HandlingId}", e.RaisedAt);

    private static FeedbackNote OnItem(string kind, string title, string text, IReadOnlyList<AuthorShare>? authors, Guid submissionId, DateTimeOffset at) =>
        new(kind, title, text, Recipients(authors), submissionId, FeedbackItemType.Submission, submissionId, $"/api/intake/submissions/{submissionId}", at);

    private static FeedbackNote OnHandling(string kind, string title, string text, IReadOnlyList<AuthorShare>? authors, Guid submissionId, Guid handlingId,
        DateTimeOffset at) =>
        new(kind, title, text, Recipients(authors), submissionId, FeedbackItemType.Handling, handlingId, $"/api/review/handlings/{handlingId}", at);

    private static IReadOnlyList<Guid> Recipients(IReadOnlyList<AuthorShare>? authors) =>
        [.. (authors ?? []).OrderBy(a => a.Order).Select(a => a.PersonId).Where(p => p != Guid.Empty).Distinct()];

    private static T Read<T>(string payload) => JsonSerializer.Deserialize<T>(payload, JsonDefaults.Options)!;

    public static string Label(AdoptionLevel level) => level switch
    {
        AdoptionLevel.OwnBody => "本级采用",
        AdoptionLevel.ParentBody => "上级采用",
        AdoptionLevel.National => "全国政协采用",
        _ => "党派中央采用",
    };

    public static string Label(InstructionLevel level) => level switch
    {
        InstructionLevel.District => "区级领导",
        InstructionLevel.Municipal => "市级领导",
        InstructionLevel.Provincial => "省部级领导",
        _ => "国家级领导",
    };

    private static string Day(DateTimeOffset at) => $"{BodyCalendar.Today(at):yyyy年M月d日}";

    private static string Publication(SubmissionAdopted e) =>
        e.PublicationName is { Length: > 0 } name ? $"，刊于{name}{(e.Issue is { Length: > 0 } issue ? $" {issue}" : "")}" : "";

    private static string CoHandling(IReadOnlyList<DepartmentRef> co) => co.Count == 0 ? "" : $"，协办 {string.Join("、", co.Select(d => d.Name))}";

    private static string RoundText(int round) => round <= 1 ? "" : $"第{round}轮";

    private static string Comment(string? comment) => comment is { Length: > 0 } c ? $"评价意见：{c}" : "";
}
