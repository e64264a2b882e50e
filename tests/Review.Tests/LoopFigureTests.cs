using System.Net.Http.Json;

using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record SatisfactionDto(int Rated, int Satisfied, int BasicallySatisfied, int Dissatisfied, decimal? SatisfiedShare,
    decimal? BasicallySatisfiedShare, decimal? DissatisfiedShare);

public sealed record LoopFiguresDto(string Period, DateOnly From, DateOnly To, int Handlings, int ItemsHandled, int Replied, int Closed, int OverdueNow,
    decimal? MedianDaysAdoptionToReply, decimal? RepliedOnTimeShare, SatisfactionDto Satisfaction);

/// <summary>闭环成效: a tenant's loop figures for a period, from its handlings.</summary>
public sealed class LoopFigureTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly HandlingKit _kit = new(factory);

    [Fact]
    public async Task The_figures_count_handlings_replies_on_time_median_days_and_satisfaction_of_the_period()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var department = _kit.DepartmentClient(tenant, lead.Id);
        var writers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var handlings = new List<HandlingDto>();
        foreach (var writer in writers)
            handlings.Add(await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant, writer)).SubmissionId, lead.Id));
        // Adopted 4, 10 and 20 days ago; the fourth stays unreplied and overdue.
        await _kit.ExecuteAsync("UPDATE handlings SET adopted_on = $2 WHERE id = $1", handlings[0].Id, HandlingKit.Today.AddDays(-4));
        await _kit.ExecuteAsync("UPDATE handlings SET adopted_on = $2 WHERE id = $1", handlings[1].Id, HandlingKit.Today.AddDays(-10));
        await _kit.ExecuteAsync("UPDATE handlings SET adopted_on = $2 WHERE id = $1", handlings[2].Id, HandlingKit.Today.AddDays(-20));
        await HandlingKit.RepliedAsync(department, handlings[0].Id, "A");
        await HandlingKit.RepliedAsync(department, handlings[1].Id, "B");
        await _kit.ExecuteAsync("UPDATE handlings SET deadline = $2 WHERE id = $1", handlings[2].Id, HandlingKit.Today.AddDays(-1));
        await HandlingKit.RepliedAsync(department, handlings[2].Id, "C"); // late
        await _kit.ExecuteAsync("UPDATE handlings SET deadline = $2 WHERE id = $1", handlings[3].Id, HandlingKit.Today.AddDays(-1));
        await HandlingKit.StepOkAsync(_kit.Writer(tenant, writers[0]), handlings[0].Id, "rating", new { rating = "satisfied" });
        await HandlingKit.StepOkAsync(_kit.Writer(tenant, writers[1]), handlings[1].Id, "rating", new { rating = "basically-satisfied" });
        await HandlingKit.StepOkAsync(_kit.Writer(tenant, writers[2]), handlings[2].Id, "rating", new { rating = "dissatisfied", comment = "未解决" });

        var year = HandlingKit.Today.Year;
        var figures = (await _kit.Staff(tenant).GetFromJsonAsync<LoopFiguresDto>($"/handlings/figures?period={year}", ReviewKit.Json))!;

        Assert.Equal((year.ToString(), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)), (figures.Period, figures.From, figures.To));
        Assert.Equal((4, 4, 3, 2, 1), (figures.Handlings, figures.ItemsHandled, figures.Replied, figures.Closed, figures.OverdueNow));
        Assert.Equal(10m, figures.MedianDaysAdoptionToReply);
        Assert.Equal(0.6667m, figures.RepliedOnTimeShare);
        Assert.Equal(new SatisfactionDto(3, 1, 1, 1, 0.3333m, 0.3333m, 0.3333m), figures.Satisfaction);
        var month = HandlingKit.Today.ToString("yyyy-MM");
        Assert.Equal(4, (await _kit.Staff(tenant).GetFromJsonAsync<LoopFiguresDto>($"/handlings/figures?period={month}", ReviewKit.Json))!.Handlings);
        var lastYear = (await _kit.Staff(tenant).GetFromJsonAsync<LoopFiguresDto>($"/handlings/figures?period={year - 1}-Q4", ReviewKit.Json))!;
        Assert.Equal((0, null, null, 0), (lastYear.Handlings, lastYear.MedianDaysAdoptionToReply, lastYear.RepliedOnTimeShare, lastYear.Satisfaction.Rated));
        Assert.Equal(0, (await _kit.Staff(ReviewKit.NewTenant()).GetFromJsonAsync<LoopFiguresDto>("/handlings/figures", ReviewKit.Json))!.Handlings);
    }
}
