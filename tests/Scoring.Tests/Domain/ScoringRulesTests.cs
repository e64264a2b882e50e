using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Tests.Domain;

/// <summary>计分标准 version 1: what each action is worth and the reason it is booked under.</summary>
public sealed class ScoringRulesTests
{
    [Fact]
    public void The_default_rules_are_version_1_with_the_published_points()
    {
        var rules = ScoringRules.Default;
        Assert.Equal(1, ScoringRules.DefaultVersion);
        Assert.Equal((5m, 3m, ScoringRules.ShareMode, (int?)null), (rules.SolicitationBonus, rules.ExcellentSelection, rules.CoAuthorMode, rules.SubmittedMonthlyCap));
        Assert.Equal((1m, 5m, 10m, 20m, 1m),
            (rules.Submitted, rules.AdoptedOwnBody, rules.AdoptedParentBody, rules.AdoptedNational, rules.TrainingAttended));
        Assert.Equal(("submitted", "training-attended"), (ScoringRules.SubmittedReason, ScoringRules.TrainingReason));
    }

    [Fact]
    public void A_golden_idea_is_booked_at_zero_until_a_tenant_prices_it()
    {
        Assert.Equal((0m, "golden-idea", "入选金点子"),
            (ScoringRules.Default.GoldenIdea, ScoringRules.GoldenIdeaReason, ReasonLabels.Of(ScoringRules.GoldenIdeaReason)));
        Assert.Equal(2m, (ScoringRules.Default with { GoldenIdea = 2 }).GoldenIdea);
    }

    [Theory]
    [InlineData(AdoptionLevel.OwnBody, "adopted-own-body", 5)]
    [InlineData(AdoptionLevel.ParentBody, "adopted-parent-body", 10)]
    [InlineData(AdoptionLevel.National, "adopted-national", 20)]
    [InlineData(AdoptionLevel.PartyCentre, "adopted-party-centre", 20)]
    public void Each_adoption_level_has_its_reason_and_points(AdoptionLevel level, string reason, int points)
    {
        Assert.Equal(reason, ScoringRules.AdoptedReason(level));
        Assert.Equal(points, ScoringRules.Default.ForAdoption(level));
    }

    [Theory]
    [InlineData(InstructionLevel.District, "instruction-district", 5)]
    [InlineData(InstructionLevel.Municipal, "instruction-municipal", 10)]
    [InlineData(InstructionLevel.Provincial, "instruction-provincial", 20)]
    [InlineData(InstructionLevel.National, "instruction-national", 30)]
    public void Each_instruction_level_has_its_reason_and_points(InstructionLevel level, string reason, int points)
    {
        Assert.Equal(reason, ScoringRules.InstructionReason(level));
        Assert.Equal(points, ScoringRules.Default.ForInstruction(level));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringRules.InstructionReason((InstructionLevel)9));
    }

    [Fact]
    public void Every_reason_has_a_chinese_label()
    {
        var reasons = ScoringRules.PricedReasons.Keys.Where(r => r != ScoringRules.SelectionReason).ToList();
        Assert.All(reasons, r => Assert.NotEqual(r, ReasonLabels.Of(r)));
        Assert.Equal(reasons.Count, reasons.Select(ReasonLabels.Of).Distinct().Count());
        Assert.Equal("入选优秀选编", ReasonLabels.Of("入选优秀选编")); // a reason already in words shows as itself
    }

    [Fact]
    public void Adoption_reasons_are_distinct_so_each_level_counts_once_per_item() =>
        Assert.Equal(4, Enum.GetValues<AdoptionLevel>().Select(ScoringRules.AdoptedReason).Distinct().Count());

    [Fact]
    public void A_level_outside_the_enum_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringRules.AdoptedReason((AdoptionLevel)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringRules.Default.ForAdoption((AdoptionLevel)9));
    }

    [Fact]
    public void A_tenant_rule_set_can_change_the_points_but_not_the_reasons()
    {
        var rules = ScoringRules.Default with { AdoptedOwnBody = 3 };
        Assert.Equal(3m, rules.ForAdoption(AdoptionLevel.OwnBody));
        Assert.Equal(5m, ScoringRules.Default.ForAdoption(AdoptionLevel.OwnBody));
    }

    [Fact]
    public void Every_priced_reason_reads_its_own_number_from_the_rules_json()
    {
        var json = System.Text.Json.JsonDocument.Parse(ScoringRules.Default.ToJson()).RootElement;
        Assert.All(ScoringRules.PricedReasons, r => Assert.Equal(ScoringRules.Default.For(r.Key), json.GetProperty(r.Value).GetDecimal()));
        Assert.Equal(13, ScoringRules.PricedReasons.Count);
    }

    [Fact]
    public void Training_is_priced_by_kind_and_hours_when_the_rules_say_so()
    {
        var rules = ScoringRules.Default with { TrainingByKind = new Dictionary<string, decimal> { ["expert-lecture"] = 2 }, TrainingPerHour = 0.5m };
        Assert.Equal((2m + 1.5m, 1m + 1.5m, 1m), (rules.For(ScoringRules.TrainingReason, "expert-lecture", 3),
            rules.For(ScoringRules.TrainingReason, "talent-visit", 3), ScoringRules.Default.For(ScoringRules.TrainingReason, "expert-lecture", 3)));
    }

    [Fact]
    public void Rules_survive_their_json_round_trip() =>
        Assert.Equal(ScoringRules.Default.ToJson(),
            ScoringRules.FromJson((ScoringRules.Default with { SubmittedMonthlyCap = 3, CoAuthorMode = ScoringRules.FullMode }).ToJson())
                .ToJson().Replace("\"submittedMonthlyCap\":3,", "").Replace("\"full\"", "\"share\""));
}
