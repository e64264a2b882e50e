using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>
/// 计分标准: what each fact is worth, as one version of a tenant's rules. Every number is worth that much to an item's
/// authors together: each author gets it × their share, or the whole of it when <see cref="CoAuthorMode"/> is "full";
/// the item's unit always gets it × share (so the unit's part of an item is the item's points once). A 0 turns an item
/// off. <see cref="Default"/> is the domain's published table, version 1 of every tenant that has not set its own.
/// </summary>
public sealed partial record ScoringRules
{
    /// <summary>The version every tenant has until it sets its own (domain.md's table, in force from the start).</summary>
    public const int DefaultVersion = 1;
    public const string ShareMode = "share", FullMode = "full";

    public static readonly ScoringRules Default = new();

    public decimal Submitted { get; init; } = 1;
    public decimal AdoptedOwnBody { get; init; } = 5;
    public decimal AdoptedParentBody { get; init; } = 10;
    public decimal AdoptedNational { get; init; } = 20;
    public decimal AdoptedPartyCentre { get; init; } = 20;
    public decimal InstructionDistrict { get; init; } = 5;
    public decimal InstructionMunicipal { get; init; } = 10;
    public decimal InstructionProvincial { get; init; } = 20;
    public decimal InstructionNational { get; init; } = 30;
    /// <summary>约稿加分: an adopted item that answered a solicitation, once per item.</summary>
    public decimal SolicitationBonus { get; init; } = 5;
    /// <summary>入选优秀选编.</summary>
    public decimal ExcellentSelection { get; init; } = 3;
    /// <summary>A training attended, unless <see cref="TrainingByKind"/> names its kind.</summary>
    public decimal TrainingAttended { get; init; } = 1;
    /// <summary>Training points by the event's kind (e.g. expert-lecture), replacing <see cref="TrainingAttended"/>.</summary>
    public IReadOnlyDictionary<string, decimal> TrainingByKind { get; init; } = new Dictionary<string, decimal>();
    /// <summary>Added per hour attended, when the attendance carries hours.</summary>
    public decimal TrainingPerHour { get; init; }
    /// <summary>入选金点子: not in the published table, so 0 until a tenant prices it (the fact is kept either way).</summary>
    public decimal GoldenIdea { get; init; }
    /// <summary>At most this many items a month earn a person the submitted point (earliest first); null: no cap.</summary>
    public int? SubmittedMonthlyCap { get; init; }
    public bool WithdrawnLosesSubmitted { get; init; }
    public bool RejectedLosesSubmitted { get; init; }
    /// <summary>"share": co-authors split an item's points by share; "full": each author gets them all.</summary>
    public string CoAuthorMode { get; init; } = ShareMode;

    public const string SubmittedReason = "submitted";
    public const string TrainingReason = "training-attended";
    /// <summary>金点子: the source is the golden idea, so an item flagged once counts once per author.</summary>
    public const string GoldenIdeaReason = "golden-idea";
    /// <summary>入选优秀选编 (booked under its Chinese name since the first selections).</summary>
    public const string SelectionReason = "入选优秀选编";
    public const string SolicitationBonusReason = "solicitation-bonus";
    /// <summary>Facts that change an item's submitted point rather than earn one (no person: <see cref="Guid.Empty"/>).</summary>
    public const string WithdrawnMarker = "withdrawn", RejectedMarker = "rejected";

    public static string AdoptedReason(AdoptionLevel level) => level switch
    {
        AdoptionLevel.OwnBody => "adopted-own-body",
        AdoptionLevel.ParentBody => "adopted-parent-body",
        AdoptionLevel.National => "adopted-national",
        AdoptionLevel.PartyCentre => "adopted-party-centre",
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

    public decimal ForAdoption(AdoptionLevel level) => level switch
    {
        AdoptionLevel.OwnBody => AdoptedOwnBody,
        AdoptionLevel.ParentBody => AdoptedParentBody,
        AdoptionLevel.National => AdoptedNational,
        AdoptionLevel.PartyCentre => AdoptedPartyCentre,
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

    /// <summary>The number a reason is priced at (training: before kind and hours), the one place reasons meet numbers.</summary>
    public decimal For(string reason, string? trainingKind = null, decimal? hours = null) => reason switch
    {
        SubmittedReason => Submitted,
        "adopted-own-body" => AdoptedOwnBody,
        "adopted-parent-body" => AdoptedParentBody,
        "adopted-national" => AdoptedNational,
        "adopted-party-centre" => AdoptedPartyCentre,
        "instruction-district" => InstructionDistrict,
        "instruction-municipal" => InstructionMunicipal,
        "instruction-provincial" => InstructionProvincial,
        "instruction-national" => InstructionNational,
        SolicitationBonusReason => SolicitationBonus,
        SelectionReason => ExcellentSelection,
        GoldenIdeaReason => GoldenIdea,
        TrainingReason => (trainingKind is not null && TrainingByKind.TryGetValue(trainingKind, out var byKind) ? byKind : TrainingAttended)
            + (hours ?? 0) * TrainingPerHour,
        _ => 0,
    };

    /// <summary>Each priced reason and the JSON property holding its number (the SQL that prices facts reads them so).</summary>
    public static readonly IReadOnlyDictionary<string, string> PricedReasons = new Dictionary<string, string>
    {
        [SubmittedReason] = "submitted",
        ["adopted-own-body"] = "adoptedOwnBody",
        ["adopted-parent-body"] = "adoptedParentBody",
        ["adopted-national"] = "adoptedNational",
        ["adopted-party-centre"] = "adoptedPartyCentre",
        ["instruction-district"] = "instructionDistrict",
        ["instruction-municipal"] = "instructionMunicipal",
        ["instruction-provincial"] = "instructionProvincial",
        ["instruction-national"] = "instructionNational",
        [SolicitationBonusReason] = "solicitationBonus",
        [SelectionReason] = "excellentSelection",
        [GoldenIdeaReason] = "goldenIdea",
        [TrainingReason] = "trainingAttended",
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static ScoringRules FromJson(string json) => JsonSerializer.Deserialize<ScoringRules>(json, JsonDefaults.Options) ?? Default;
}
