namespace SheqingMinyi.Scoring.Tests;

/// <summary>The boards in Redis are a cache of the ledger: kept up to date as entries commit, rebuilt when lost.</summary>
public sealed class LeaderboardCacheTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);
    private static readonly string[] Periods = ["2026", "2026-Q4", "2026-11"];

    private async Task<Dictionary<string, List<(long, Guid, decimal)>>> ReadBoardsAsync(string tenant)
    {
        var boards = new Dictionary<string, List<(long, Guid, decimal)>>();
        foreach (var period in Periods)
            boards[period] = [.. (await _kit.BoardAsync(tenant, period)).Entries.Select(e => (e.Rank, e.PersonId, e.Points))];
        return boards;
    }

    [Fact]
    public async Task Boards_built_before_the_events_take_each_entry_once_as_it_commits()
    {
        var tenant = ScoringKit.NewTenant();
        foreach (var period in Periods) Assert.Empty((await _kit.BoardAsync(tenant, period)).Entries); // built, empty

        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.SubmittedAsync(tenant, author, submissionId);
        var adopted = await _kit.AdoptedAsync(tenant, author, submissionId);
        foreach (var period in Periods)
            await _kit.WaitForBoardAsync(tenant, period, b => b.Of(author)?.Points == 6m);

        // A redelivery must not add the entry to the built boards a second time.
        await _kit.Feeder.WaitConsumedAsync(await _kit.Feeder.RedeliverAsync(adopted), ScoringKit.ConsumerGroup);
        foreach (var period in Periods)
            Assert.Equal(6m, (await _kit.BoardAsync(tenant, period)).Of(author)!.Points);
    }

    [Fact]
    public async Task Deleted_board_keys_are_rebuilt_from_the_ledger_with_the_same_totals()
    {
        var tenant = ScoringKit.NewTenant();
        var (first, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var second = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, second, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, second, 1);
        var before = await ReadBoardsAsync(tenant);
        Assert.All(before.Values, board => Assert.Equal([(1L, first, 6m), (2L, second, 1m)], board));

        Assert.True(await _kit.DeleteLeaderboardKeysAsync() > 0, "there were board keys to delete");

        Assert.Equal(before, await ReadBoardsAsync(tenant));
    }

    [Fact]
    public async Task A_rebuilt_board_keeps_taking_new_entries_once()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        await _kit.BoardAsync(tenant, "2026");
        await _kit.DeleteLeaderboardKeysAsync();
        Assert.Equal(6m, (await _kit.BoardAsync(tenant, "2026")).Of(author)!.Points); // rebuilt

        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, author, 3);

        var board = await _kit.WaitForBoardAsync(tenant, "2026", b => b.Of(author)?.Points != 6m);
        Assert.Equal(7m, board.Of(author)!.Points);
    }
}
