using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Person leaderboards: totals, ranks, names, and the periods an entry counts towards.</summary>
public sealed class LeaderboardTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task The_year_board_shows_the_author_with_6_points_at_rank_1()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);

        var board = await _kit.BoardAsync(tenant, "2026");

        Assert.Equal("2026", board.Period);
        var entry = Assert.Single(board.Entries);
        Assert.Equal((1L, author, 6m), (entry.Rank, entry.PersonId, entry.Points));
    }

    [Fact]
    public async Task A_registered_person_shows_with_a_name()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        Assert.Null((await _kit.BoardAsync(tenant, "2026")).Of(author)!.Name);

        await _kit.RegisteredAsync(tenant, author, "张明");

        var board = await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(author)?.Name is not null);
        Assert.Equal("张明", board.Of(author)!.Name);
        Assert.Equal(6m, board.Of(author)!.Points);
    }

    [Fact]
    public async Task A_rename_updates_the_name_on_the_board()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        await _kit.RegisteredAsync(tenant, author, "张明");
        await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(author)?.Name == "张明");

        await _kit.UpdatedAsync(tenant, author, "张明华");

        await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(author)?.Name == "张明华");
    }

    [Fact]
    public async Task Authors_are_ranked_by_points()
    {
        var tenant = ScoringKit.NewTenant();
        var (adoptedAuthor, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var onlySubmitted = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, onlySubmitted, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, onlySubmitted, 1);
        var nationalAuthor = Guid.NewGuid();
        await _kit.AdoptedAsync(tenant, nationalAuthor, Guid.NewGuid(), IntegrationEvents.AdoptionLevel.National);
        await _kit.WaitForLedgerAsync(tenant, nationalAuthor, 1);

        var board = await _kit.BoardAsync(tenant, "2026");

        Assert.Equal([(1L, nationalAuthor, 20m), (2L, adoptedAuthor, 6m), (3L, onlySubmitted, 1m)],
            board.Entries.Select(e => (e.Rank, e.PersonId, e.Points)));
        Assert.Equal([nationalAuthor], (await _kit.BoardAsync(tenant, "2026", top: 1)).Entries.Select(e => e.PersonId));
    }

    [Fact]
    public async Task A_person_s_rank_and_points_can_be_read_alone()
    {
        var tenant = ScoringKit.NewTenant();
        var (leader, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var second = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, second, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, second, 1);
        await _kit.RegisteredAsync(tenant, second, "李华");
        await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(second)?.Name == "李华");

        var response = await _kit.RankAsync(tenant, second, "2026");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await response.Content.ReadFromJsonAsync<BoardEntryDto>(ScoringKit.Json);
        Assert.Equal(new BoardEntryDto(2, second, "李华", 1m), row);
        var first = await (await _kit.RankAsync(tenant, leader, "2026-11")).Content.ReadFromJsonAsync<BoardEntryDto>(ScoringKit.Json);
        Assert.Equal((1L, 6m), (first!.Rank, first.Points));
    }

    [Fact]
    public async Task A_person_without_points_in_the_period_is_not_found()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);

        var unknown = await (await _kit.RankAsync(tenant, Guid.NewGuid(), "2026")).ReadProblemAsync(404);
        var otherYear = await (await _kit.RankAsync(tenant, author, "2025")).ReadProblemAsync(404);

        Assert.Equal("not-found", unknown.GetProperty("code").GetString());
        Assert.Equal("not-found", otherYear.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Month_and_quarter_boards_count_the_same_entries_as_the_year()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);

        foreach (var period in new[] { "2026", "2026-Q4", "2026-11" })
        {
            var board = await _kit.BoardAsync(tenant, period);
            Assert.Equal(period, board.Period);
            Assert.Equal((1L, 6m), (board.Of(author)!.Rank, board.Of(author)!.Points));
        }
        foreach (var period in new[] { "2026-Q3", "2026-10", "2026-12", "2025", "2027" })
            Assert.Empty((await _kit.BoardAsync(tenant, period)).Entries);
    }

    [Fact]
    public async Task Entries_in_different_months_add_up_in_their_quarter_and_year()
    {
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), ScoringKit.Beijing(2026, 10, 3, 9));
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), ScoringKit.Beijing(2026, 12, 28, 9));
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), ScoringKit.Beijing(2026, 2, 1, 9));
        await _kit.WaitForLedgerAsync(tenant, author, 3);

        var points = new Dictionary<string, decimal?>();
        foreach (var period in new[] { "2026", "2026-Q1", "2026-Q4", "2026-10", "2026-11", "2026-12", "2026-02" })
            points[period] = (await _kit.BoardAsync(tenant, period)).Of(author)?.Points;

        Assert.Equal(new Dictionary<string, decimal?>
        {
            ["2026"] = 3, ["2026-Q1"] = 1, ["2026-Q4"] = 2, ["2026-10"] = 1, ["2026-11"] = null, ["2026-12"] = 1, ["2026-02"] = 1,
        }, points);
    }

    [Fact]
    public async Task An_entry_just_after_midnight_on_new_year_in_Beijing_counts_for_the_new_year()
    {
        // 2026-12-31T16:30Z is 2027-01-01 00:30 in Beijing.
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        await _kit.WaitForLedgerAsync(tenant, author, 1);

        foreach (var period in new[] { "2027", "2027-Q1", "2027-01" })
            Assert.Equal(1m, (await _kit.BoardAsync(tenant, period)).Of(author)?.Points);
        foreach (var period in new[] { "2026", "2026-Q4", "2026-12" })
            Assert.Null((await _kit.BoardAsync(tenant, period)).Of(author));
    }

    [Fact]
    public async Task Without_a_period_the_board_is_the_current_year_in_Beijing()
    {
        var tenant = ScoringKit.NewTenant();
        var now = DateTimeOffset.UtcNow;
        var author = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), now);
        await _kit.WaitForLedgerAsync(tenant, author, 1);

        var board = await _kit.BoardAsync(tenant, period: null);

        Assert.Equal($"{now.ToOffset(TimeSpan.FromHours(8)).Year}", board.Period);
        Assert.Equal(1m, board.Of(author)?.Points);
    }
}
