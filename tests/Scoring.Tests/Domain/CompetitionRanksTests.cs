using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Tests.Domain;

public sealed class CompetitionRanksTests
{
    [Fact]
    public void Equal_points_share_a_rank_and_the_next_rank_skips_as_a_bulletin_prints_it()
    {
        var ranked = CompetitionRanks.Of([("c", "丙", 1m), ("a", "甲", 6m), ("b", "乙", 6m), ("d", "丁", 0.5m)]);

        Assert.Equal([(1L, "a"), (1L, "b"), (3L, "c"), (4L, "d")], ranked.Select(r => (r.Rank, r.Id)));
    }

    [Fact]
    public void The_top_keeps_everyone_tied_with_its_last_place()
    {
        var ranked = CompetitionRanks.Of([("a", null, 9m), ("b", null, 5m), ("c", null, 5m), ("d", null, 5m), ("e", null, 1m)]);

        Assert.Equal(["a", "b", "c", "d"], CompetitionRanks.Top(ranked, 2).Select(r => r.Id));
        Assert.Equal(["a"], CompetitionRanks.Top(ranked, 1).Select(r => r.Id));
        Assert.Equal(5, CompetitionRanks.Top(ranked, 10).Count);
    }
}
