namespace SheqingMinyi.Intake.Domain;

/// <summary>信息类型. The API spells them kebab-case: work-suggestion, situation-report, work-news.</summary>
public enum SubmissionType
{
    /// <summary>工作建议</summary>
    WorkSuggestion,
    /// <summary>情况反映</summary>
    SituationReport,
    /// <summary>工作动态</summary>
    WorkNews,
}

/// <summary>报送渠道: how the item came in.</summary>
public enum SubmissionChannel
{
    /// <summary>门户: written by a member or officer on the platform.</summary>
    Portal,
    /// <summary>合作系统: sent by a partner system through the gateway (its client id kept).</summary>
    Partner,
    /// <summary>委员数字名片: turned from a clue sent to the member's card (the clue kept).</summary>
    Clue,
    /// <summary>主席直通车: straight to the chair; seen only by the chair, named staff and its authors; a reply deadline.</summary>
    ChairDirect,
    /// <summary>报送点: collected by a reporting point (which one kept).</summary>
    ReportingPoint,
    /// <summary>履职活动转化: from a duty activity (kind and reference kept).</summary>
    DutyActivity,
    /// <summary>下级转报: a child body's adopted item forwarded up to this one (origin kept); never created through the API.</summary>
    Forwarded,
}

/// <summary>履职活动: 调研 / 视察 / 走访 / 协商 / 轮值接待.</summary>
public enum DutyActivityKind
{
    Research,
    Inspection,
    Visit,
    Consultation,
    Reception,
}

public static class SubmissionKindNames
{
    public static string Chinese(SubmissionType type) => type switch
    {
        SubmissionType.WorkSuggestion => "工作建议",
        SubmissionType.SituationReport => "情况反映",
        _ => "工作动态",
    };

    public static string Chinese(SubmissionChannel channel) => channel switch
    {
        SubmissionChannel.Portal => "门户",
        SubmissionChannel.Partner => "合作系统",
        SubmissionChannel.Clue => "委员数字名片",
        SubmissionChannel.ChairDirect => "主席直通车",
        SubmissionChannel.ReportingPoint => "报送点",
        SubmissionChannel.Forwarded => "下级转报",
        _ => "履职活动转化",
    };

    public static string Chinese(DutyActivityKind kind) => kind switch
    {
        DutyActivityKind.Research => "调研",
        DutyActivityKind.Inspection => "视察",
        DutyActivityKind.Visit => "走访",
        DutyActivityKind.Consultation => "协商",
        _ => "轮值接待",
    };
}
