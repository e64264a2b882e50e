using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>计分标准: the default rule set (version 1). Tenant-specific, versioned rule sets come later.</summary>
public sealed record ScoringRules(int Version, decimal Submitted, decimal AdoptedOwnBody, decimal AdoptedParentBody,
    decimal AdoptedNational, decimal TrainingAttended)
{
    public static readonly ScoringRules Default = new(1, Submitted: 1, AdoptedOwnBody: 5, AdoptedParentBody: 10,
        AdoptedNational: 20, TrainingAttended: 1);

    public const string SubmittedReason = "submitted";
    public const string TrainingReason = "training-attended";

    public static string AdoptedReason(AdoptionLevel level) => level switch
    {
        AdoptionLevel.OwnBody => "adopted-own-body",
        AdoptionLevel.ParentBody => "adopted-parent-body",
        AdoptionLevel.National => "adopted-national",
        AdoptionLevel.PartyCentre => "adopted-party-centre",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public decimal ForAdoption(AdoptionLevel level) => level switch
    {
        AdoptionLevel.OwnBody => AdoptedOwnBody,
        AdoptionLevel.ParentBody => AdoptedParentBody,
        AdoptionLevel.National or AdoptionLevel.PartyCentre => AdoptedNational,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
