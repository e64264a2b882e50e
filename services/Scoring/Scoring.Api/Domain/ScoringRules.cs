using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// 计分标准: the default rule set (version 1), the domain's published table. Every number is worth that much to an
/// item's authors together, each author getting it × their share. Instruction points were in the table from the
/// start and only had no event to score, so adding them changes no entry already booked: still version 1.
/// Tenant-specific, versioned rule sets come later.
/// </summary>
/// <param name="GoldenIdea">
/// 入选金点子. The published table has no such row, so the default is 0: the entry still records the fact (who, which
/// idea, when) so that a tenant's own versioned rules, recomputing from the ledger's source events, can price it
/// without replaying intake. A 0 changes nobody's total, hence still version 1.
/// </param>
public sealed record ScoringRules(int Version, decimal Submitted, decimal AdoptedOwnBody, decimal AdoptedParentBody,
    decimal AdoptedNational, decimal TrainingAttended, decimal InstructionDistrict, decimal InstructionMunicipal,
    decimal InstructionProvincial, decimal InstructionNational, decimal GoldenIdea)
{
    public static readonly ScoringRules Default = new(1, Submitted: 1, AdoptedOwnBody: 5, AdoptedParentBody: 10,
        AdoptedNational: 20, TrainingAttended: 1, InstructionDistrict: 5, InstructionMunicipal: 10, InstructionProvincial: 20,
        InstructionNational: 30, GoldenIdea: 0);

    public const string SubmittedReason = "submitted";
    public const string TrainingReason = "training-attended";
    /// <summary>金点子: the source is the golden idea, so an item flagged once counts once per author.</summary>
    public const string GoldenIdeaReason = "golden-idea";

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
