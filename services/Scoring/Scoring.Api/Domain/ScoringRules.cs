using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// 计分标准: the default rule set (version 1), the domain's published table. Every number is worth that much to an
/// item's authors together, each author getting it × their share. Instruction points were in the table from the
/// start and only had no event to score, so adding them changes no entry already booked: still version 1.
/// Tenant-specific, versioned rule sets come later.
/// </summary>
public sealed record ScoringRules(int Version, decimal Submitted, decimal AdoptedOwnBody, decimal AdoptedParentBody,
    decimal AdoptedNational, decimal TrainingAttended, decimal InstructionDistrict, decimal InstructionMunicipal,
    decimal InstructionProvincial, decimal InstructionNational)
{
    public static readonly ScoringRules Default = new(1, Submitted: 1, AdoptedOwnBody: 5, AdoptedParentBody: 10,
        AdoptedNational: 20, TrainingAttended: 1, InstructionDistrict: 5, InstructionMunicipal: 10, InstructionProvincial: 20,
        InstructionNational: 30);

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

    /// <summary>批示: the reason names the level; the source is the instruction, so each one counts once per person.</summary>
    public static string InstructionReason(InstructionLevel level) => level switch
    {
        InstructionLevel.District => "instruction-district",
        InstructionLevel.Municipal => "instruction-municipal",
        InstructionLevel.Provincial => "instruction-provincial",
        InstructionLevel.National => "instruction-national",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public decimal ForInstruction(InstructionLevel level) => level switch
    {
        InstructionLevel.District => InstructionDistrict,
        InstructionLevel.Municipal => InstructionMunicipal,
        InstructionLevel.Provincial => InstructionProvincial,
        InstructionLevel.National => InstructionNational,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
