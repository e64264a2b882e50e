using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Tests.Domain;

/// <summary>ReviewCase.Decide without HTTP or a database: each transition and each refusal.</summary>
public sealed class ReviewCaseDecideTests
{
    private static readonly ReviewWorkflow Workflow = ReviewWorkflow.Default;
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));

    private static ReviewCase NewCase() =>
        ReviewCase.Open("spb-zx", new SubmissionSubmitted(Guid.NewGuid(), "关于加强社区养老服务的建议", Guid.NewGuid(), Guid.NewGuid(), T0), T0);

    private static ReviewCase CaseAt(int stageIndex)
    {
        var reviewCase = NewCase();
        for (var i = 0; i < stageIndex; i++)
            Assert.NotNull(reviewCase.Decide(Workflow, DecisionAction.Pass, null, null, T0).Value);
        return reviewCase;
    }

    /// <summary>A refusal with the code, leaving the case as it was.</summary>
    private static void AssertRefused(ReviewCase reviewCase, DecisionAction action, AdoptionLevel? level, string? comment, string code)
    {
        var (stage, status, decisions, updated) = (reviewCase.StageIndex, reviewCase.Status, reviewCase.Decisions.Count, reviewCase.UpdatedAt);
        reviewCase.TakeRaisedEvents(); // what earlier decisions raised
        var outcome = reviewCase.Decide(Workflow, action, level, comment, T0.AddHours(1));
        Assert.Null(outcome.Value);
        Assert.Equal(code, outcome.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error.Detail));
        Assert.Empty(reviewCase.TakeRaisedEvents());
        Assert.Equal((stage, status, decisions, updated), (reviewCase.StageIndex, reviewCase.Status, reviewCase.Decisions.Count, reviewCase.UpdatedAt));
    }

    [Fact]
    public void A_new_case_is_open_at_the_first_stage_in_round_one()
    {
        var reviewCase = NewCase();
        Assert.Equal((0, ReviewCaseStatus.Open, 1), (reviewCase.StageIndex, reviewCase.Status, reviewCase.Round));
        Assert.Equal("spb-zx", reviewCase.TenantId);
        Assert.Empty(reviewCase.Decisions);
    }

    [Fact]
    public void Pass_moves_to_the_next_stage_and_records_the_stage_it_was_taken_at()
    {
        var reviewCase = NewCase();
        var later = T0.AddHours(2);

        var first = reviewCase.Decide(Workflow, DecisionAction.Pass, null, "同意", later).Value!;
        var second = reviewCase.Decide(Workflow, DecisionAction.Pass, null, null, later).Value!;

        Assert.Equal((2, ReviewCaseStatus.Open), (reviewCase.StageIndex, reviewCase.Status));
        Assert.Equal(("初审", "复审"), (first.Stage, second.Stage));
        Assert.Equal(("同意", later, reviewCase.Id, "spb-zx"), (first.Comment, first.DecidedAt, first.CaseId, first.TenantId));
        Assert.Equal(later, reviewCase.UpdatedAt);
        Assert.Equal([first, second], reviewCase.Decisions);
    }

    [Fact]
    public void Pass_ignores_an_adoption_level()
    {
        var decision = NewCase().Decide(Workflow, DecisionAction.Pass, AdoptionLevel.National, null, T0).Value!;
        Assert.Null(decision.AdoptionLevel);
    }

    [Theory]
    [InlineData(AdoptionLevel.OwnBody)]
    [InlineData(AdoptionLevel.PartyCentre)]
    public void Adopt_at_the_final_stage_with_a_level_adopts(AdoptionLevel level)
    {
        var reviewCase = CaseAt(2);
        var decision = reviewCase.Decide(Workflow, DecisionAction.Adopt, level, null, T0).Value!;
        Assert.Equal((ReviewCaseStatus.Adopted, 2), (reviewCase.Status, reviewCase.StageIndex));
        Assert.Equal(("审定", DecisionAction.Adopt, (AdoptionLevel?)level), (decision.Stage, decision.Action, decision.AdoptionLevel));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Return_with_a_comment_returns_the_case_at_any_stage(int stageIndex)
    {
        var reviewCase = CaseAt(stageIndex);
        var decision = reviewCase.Decide(Workflow, DecisionAction.Return, null, "请补充", T0).Value!;
        Assert.Equal((ReviewCaseStatus.Returned, stageIndex), (reviewCase.Status, reviewCase.StageIndex));
        Assert.Equal("请补充", decision.Comment);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Reject_with_a_comment_rejects_the_case_at_any_stage(int stageIndex)
    {
        var reviewCase = CaseAt(stageIndex);
        Assert.NotNull(reviewCase.Decide(Workflow, DecisionAction.Reject, null, "重复", T0).Value);
        Assert.Equal(ReviewCaseStatus.Rejected, reviewCase.Status);
    }

    [Fact]
    public void Pass_at_the_final_stage_is_refused_as_last_stage() =>
        AssertRefused(CaseAt(2), DecisionAction.Pass, null, null, "last-stage");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Adopt_before_the_final_stage_is_refused_as_not_deciding_stage(int stageIndex) =>
        AssertRefused(CaseAt(stageIndex), DecisionAction.Adopt, AdoptionLevel.OwnBody, null, "not-deciding-stage");

    [Fact]
    public void Adopt_without_a_level_is_refused_as_adoption_level_required() =>
        AssertRefused(CaseAt(2), DecisionAction.Adopt, null, null, "adoption-level-required");

    [Theory]
    [InlineData(DecisionAction.Return, null)]
    [InlineData(DecisionAction.Return, "")]
    [InlineData(DecisionAction.Reject, " \t ")]
    public void Return_or_reject_without_a_comment_is_refused_as_comment_required(DecisionAction action, string? comment) =>
        AssertRefused(CaseAt(1), action, null, comment, "comment-required");

    [Theory]
    [InlineData(DecisionAction.Adopt)]
    [InlineData(DecisionAction.Reject)]
    [InlineData(DecisionAction.Return)]
    public void Every_decision_on_a_closed_case_is_refused_as_case_not_open(DecisionAction closing)
    {
        var reviewCase = CaseAt(2);
        Assert.NotNull(reviewCase.Decide(Workflow, closing, AdoptionLevel.OwnBody, "结论", T0).Value);
        foreach (var action in Enum.GetValues<DecisionAction>())
            AssertRefused(reviewCase, action, AdoptionLevel.OwnBody, "再议", "case-not-open");
    }

    [Fact]
    public void Reopening_a_returned_case_starts_round_two_at_the_first_stage()
    {
        var reviewCase = CaseAt(1);
        reviewCase.Decide(Workflow, DecisionAction.Return, null, "请补充", T0);
        var resubmitted = new SubmissionSubmitted(reviewCase.SubmissionId, "修改稿", reviewCase.AuthorPersonId, reviewCase.UnitId, T0.AddDays(1));

        Assert.True(reviewCase.Reopen(resubmitted, T0.AddDays(1)));

        Assert.Equal((ReviewCaseStatus.Open, 0, 2, "修改稿"), (reviewCase.Status, reviewCase.StageIndex, reviewCase.Round, reviewCase.Title));
        Assert.Equal(2, reviewCase.Decisions.Count); // history stays
        Assert.NotNull(reviewCase.Decide(Workflow, DecisionAction.Pass, null, null, T0.AddDays(1)).Value);
    }

    [Fact]
    public void Reopening_a_case_that_was_not_returned_does_nothing()
    {
        var reviewCase = CaseAt(1);
        var resubmitted = new SubmissionSubmitted(reviewCase.SubmissionId, "修改稿", reviewCase.AuthorPersonId, reviewCase.UnitId, T0);

        Assert.False(reviewCase.Reopen(resubmitted, T0.AddDays(1)));

        Assert.Equal((ReviewCaseStatus.Open, 1, 1, "关于加强社区养老服务的建议"),
            (reviewCase.Status, reviewCase.StageIndex, reviewCase.Round, reviewCase.Title));
    }

    [Fact]
    public void A_pass_raises_the_stage_passed_and_a_closing_decision_raises_its_outcome_with_the_cases_sequence()
    {
        var reviewCase = CaseAt(2);
        var passes = reviewCase.TakeRaisedEvents().Select(e => Assert.IsType<CaseStagePassed>(e)).ToList();
        Assert.Equal(["初审→复审:1", "复审→审定:2"], passes.Select(p => $"{p.Stage}→{p.NextStage}:{p.Sequence}"));
        Assert.All(passes, p => Assert.Equal<AuthorShare>(reviewCase.Authors, p.Authors));
        Assert.All(passes, p => Assert.Equal<UnitShare>(reviewCase.Units, p.Units));

        reviewCase.Decide(Workflow, DecisionAction.Reject, null, "不予采用", T0.AddHours(3));

        var rejected = Assert.IsType<SubmissionRejected>(Assert.Single(reviewCase.TakeRaisedEvents()));
        Assert.Equal((reviewCase.SubmissionId, reviewCase.Id, "不予采用", T0.AddHours(3), 3),
            (rejected.SubmissionId, rejected.CaseId, rejected.Comment, rejected.RejectedAt, rejected.Sequence));
        Assert.Empty(reviewCase.TakeRaisedEvents()); // handed over once
    }

    [Fact]
    public void Adopt_raises_nothing_itself_since_the_adoption_ladder_announces_each_level_it_records()
    {
        var reviewCase = CaseAt(2);
        reviewCase.TakeRaisedEvents(); // the passes that brought it to 审定
        reviewCase.Decide(Workflow, DecisionAction.Adopt, AdoptionLevel.ParentBody, null, T0.AddHours(3));
        Assert.Equal((ReviewCaseStatus.Adopted, 3), (reviewCase.Status, reviewCase.Sequence));
        Assert.Empty(reviewCase.TakeRaisedEvents());
    }

    [Fact]
    public void Outcomes_of_a_later_round_carry_a_higher_sequence()
    {
        var reviewCase = CaseAt(1);
        reviewCase.TakeRaisedEvents(); // the pass
        reviewCase.Decide(Workflow, DecisionAction.Return, null, "请补充", T0);
        var first = Assert.IsType<SubmissionReturned>(Assert.Single(reviewCase.TakeRaisedEvents()));
        reviewCase.Reopen(new SubmissionSubmitted(reviewCase.SubmissionId, "修改稿", reviewCase.AuthorPersonId, reviewCase.UnitId, T0), T0.AddDays(1));

        reviewCase.Decide(Workflow, DecisionAction.Reject, null, "不予采用", T0.AddDays(2));

        var second = Assert.IsType<SubmissionRejected>(Assert.Single(reviewCase.TakeRaisedEvents()));
        Assert.Equal((2, 3), (first.Sequence, second.Sequence));
        Assert.Equal("不予采用", second.Comment);
    }
}
