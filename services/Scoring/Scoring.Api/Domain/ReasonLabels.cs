using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>积分明细 in words: what a member reads beside each entry's reason. An unknown reason shows as itself.</summary>
public static class ReasonLabels
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        [ScoringRules.SubmittedReason] = "报送",
        [ScoringRules.AdoptedReason(AdoptionLevel.OwnBody)] = "本级采用",
        [ScoringRules.AdoptedReason(AdoptionLevel.ParentBody)] = "上级采用",
        [ScoringRules.AdoptedReason(AdoptionLevel.National)] = "全国政协采用",
        [ScoringRules.AdoptedReason(AdoptionLevel.PartyCentre)] = "党派中央采用",
        [ScoringRules.InstructionReason(InstructionLevel.District)] = "区级领导批示",
        [ScoringRules.InstructionReason(InstructionLevel.Municipal)] = "市级领导批示",
        [ScoringRules.InstructionReason(InstructionLevel.Provincial)] = "省部级领导批示",
        [ScoringRules.InstructionReason(InstructionLevel.National)] = "国家级领导批示",
        [ScoringRules.TrainingReason] = "参加培训",
        [ScoringRules.GoldenIdeaReason] = "入选金点子",
        [ScoringRules.SolicitationBonusReason] = "约稿加分",
    };

    public static string Of(string reason) => Labels.GetValueOrDefault(reason, reason);

    /// <summary>An entry as a statement line: a correction says so and which rules made it.</summary>
    public static string Of(string reason, bool correction, int ruleVersion) =>
        correction ? $"更正：{Of(reason)}（按第{ruleVersion}版计分标准重算）" : Of(reason);
}
