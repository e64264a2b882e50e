using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Leaderboard periods are a year, a quarter or a month; top is 1..100. Anything else is a 400.</summary>
public sealed class PeriodValidationTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Theory]
    [InlineData("2026")]
    [InlineData("2026-Q4")]
    [InlineData("2026-11")]
    [InlineData("2026-01")]
    [InlineData("2026-Q1")]
    public async Task A_year_quarter_or_month_is_accepted(string period)
    {
        var board = await _kit.BoardAsync(ScoringKit.NewTenant(), period);
        Assert.Equal(period, board.Period);
        Assert.Empty(board.Entries);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("26")]
    [InlineData("abc")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026-1")]
    [InlineData("1999")]
    [InlineData("2026-11-01")]
    public async Task A_malformed_period_is_a_validation_error_on_period(string period)
    {
        var tenant = ScoringKit.NewTenant();

        var board = await (await _kit.Client(tenant).GetAsync($"/leaderboards/persons?period={period}")).ReadProblemAsync(400);
        var rank = await (await _kit.RankAsync(tenant, Guid.NewGuid(), period)).ReadProblemAsync(400);

        Assert.Equal("validation-failed", board.GetProperty("code").GetString());
        Assert.True(board.GetProperty("errors").TryGetProperty("period", out _), board.ToString());
        Assert.Equal("validation-failed", rank.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("%D9%A2%D9%A0%D9%A2%D9%A6")] // ٢٠٢٦: Arabic-Indic digits match \d but int.Parse refuses them
    [InlineData("2026%0A")]                  // "2026\n": $ matches before a final newline
    public async Task A_period_that_only_looks_like_a_year_is_a_validation_error(string encodedPeriod)
    {
        var response = await _kit.Client(ScoringKit.NewTenant()).GetAsync($"/leaderboards/persons?period={encodedPeriod}");

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task A_top_outside_1_to_100_is_a_validation_error_on_top(int top)
    {
        var response = await _kit.Client(ScoringKit.NewTenant()).GetAsync($"/leaderboards/persons?period=2026&top={top}");

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("top", out _), problem.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task A_top_of_1_or_100_is_accepted(int top)
    {
        var response = await _kit.Client(ScoringKit.NewTenant()).GetAsync($"/leaderboards/persons?period=2026&top={top}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
