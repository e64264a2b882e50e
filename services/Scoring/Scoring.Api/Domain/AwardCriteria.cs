using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>Who may be a candidate for a person or item award: the top <see cref="Top"/> by the year's points, each with at
/// least <see cref="MinPoints"/> (equal points at the last place are all candidates).</summary>
public sealed record TopCriterion(int Top, decimal MinPoints);

/// <summary>先进集体 per unit category: how many units of each category are 一等, 二等 and 三等 (by points, best first), each
/// with at least MinPoints.</summary>
public sealed record CollectiveCriterion(string Category, int First, int Second, int Third, decimal MinPoints);

/// <summary>分类考核: a unit category's tiers, best first; a unit takes the first tier whose MinPoints it reaches, else 不合格.</summary>
public sealed record AssessmentTier(string Name, decimal MinPoints);
public sealed record CategoryAssessment(string Category, IReadOnlyList<AssessmentTier> Tiers);

/// <summary>
/// A tenant's 评选表彰 criteria (the seed's 贡献奖, 优秀社情民意信息, 优秀特约信息员, 先进集体 一/二/三等 per category) and its
/// 分类考核 thresholds. The defaults are a starting point for the tenant to change; every decision records the criteria it used.
/// </summary>
public sealed record AwardCriteria
{
    public const string Contribution = "contribution", ExcellentInformation = "excellent-information", ExcellentOfficer = "excellent-officer",
        AdvancedCollective = "advanced-collective";

    public static readonly IReadOnlyList<string> Awards = [Contribution, ExcellentInformation, ExcellentOfficer, AdvancedCollective];

    public static readonly AwardCriteria Default = new();

    public TopCriterion ContributionAward { get; init; } = new(10, 20);
    public TopCriterion ExcellentInformationAward { get; init; } = new(10, 15);
    public TopCriterion ExcellentOfficerAward { get; init; } = new(5, 10);
    public IReadOnlyList<CollectiveCriterion> Collectives { get; init; } =
    [
        new("district-committee", 1, 2, 3, 10), new("grassroots-organisation", 1, 2, 3, 10), new("special-committee", 1, 1, 2, 5),
    ];
    public IReadOnlyList<CategoryAssessment> Assessments { get; init; } =
    [
        new("district-committee", [new("优秀", 100), new("良好", 50), new("合格", 10)]),
        new("grassroots-organisation", [new("优秀", 60), new("良好", 30), new("合格", 5)]),
        new("special-committee", [new("优秀", 40), new("良好", 20), new("合格", 5)]),
    ];

    public static string NameOf(string award) => award switch
    {
        Contribution => "反映社情民意信息工作贡献奖",
        ExcellentInformation => "优秀社情民意信息",
        ExcellentOfficer => "优秀特约信息员",
        AdvancedCollective => "先进集体",
        _ => award,
    };

    public static string TierName(int tier) => tier switch { 1 => "一等", 2 => "二等", 3 => "三等", _ => "" };

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);
    public static AwardCriteria FromJson(string json) => JsonSerializer.Deserialize<AwardCriteria>(json, JsonDefaults.Options) ?? Default;
}
