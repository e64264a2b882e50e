using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>"A tenant changes its rules and the boards, statements and the next bulletin follow"; a bulletin stored
/// before the change keeps the points it was read out with.</summary>
public sealed class RuleChangeFollowThroughTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task After_a_rule_change_the_board_the_statement_and_a_new_bulletin_show_the_new_points_and_the_old_bulletin_the_old()
    {
        var tenant = ScoringKit.NewTenant();
        var (unit, zhang, li, item, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(unit, "沙坪坝区委会", "district-committee"));
        await _kit.FeedAsync(tenant, new PersonRegistered(zhang, "张三", unit, ["member"], ["member"]));
        await _kit.FeedAsync(tenant, new PersonRegistered(li, "李四", unit, ["member"], ["member"]));
        UnitShare[] units = [new(unit, 1m)];
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, "关于社区养老的建议", zhang, unit, ScoringKit.November2026, [new(zhang, 1, 1m)], units));
        await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, zhang, unit, ScoringKit.November2026.AddDays(2), 1,
            [new(zhang, 1, 1m)], units));
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(other, "关于停车难的建议", li, unit, ScoringKit.November2026, [new(li, 1, 1m)], units));

        // Defaults: 张 1 + 5, 李 1, the unit 7.
        var before = await GenerateAsync(tenant);
        Assert.Equal((6m, 1m, 7m), Points(before));
        Assert.Equal(6m, await _kit.ScoreAsync(tenant, zhang, "2026-11"));

        var etag = (await _kit.Admin(tenant).GetAsync("/rules")).Headers.ETag!.Tag;
        var change = await _kit.PutRulesAsync(tenant, new { effectiveFrom = "2026-01-01", submitted = 2, adoptedOwnBody = 9 }, etag);
        Assert.True(change.StatusCode == HttpStatusCode.OK, $"{change.StatusCode}: {await change.Content.ReadAsStringAsync()}");
        Assert.NotEqual(etag, change.Headers.ETag?.Tag ?? (await _kit.Admin(tenant).GetAsync("/rules")).Headers.ETag!.Tag);

        // 张 2 + 9, 李 2, the unit 13: on the board, in the statement and in a bulletin generated now.
        var board = await _kit.BoardAsync(tenant, "2026-11");
        Assert.Equal([(zhang, 11m), (li, 2m)], board.Entries.Select(e => (e.PersonId, e.Points)));
        var statement = await _kit.StatementAsync(tenant, "persons", zhang, "2026-11");
        Assert.Equal(11m, statement.Total);
        Assert.Equal(11m, statement.Entries.Sum(e => e.Points));
        Assert.Equal(13m, (await _kit.StatementAsync(tenant, "units", unit, "2026-11")).Total);
        var after = await GenerateAsync(tenant);
        Assert.Equal((11m, 2m, 13m), Points(after));

        // The bulletin of before the change is a stored snapshot: read again, it still says 6, 1 and 7.
        var stored = await _kit.Client(tenant).GetFromJsonAsync<JsonElement>($"/bulletins/{before.GetProperty("id").GetGuid()}");
        Assert.Equal((6m, 1m, 7m), Points(stored));
        Assert.NotEqual(before.GetProperty("id").GetGuid(), after.GetProperty("id").GetGuid());

        (decimal Zhang, decimal Li, decimal Unit) Points(JsonElement bulletin)
        {
            var content = bulletin.GetProperty("content");
            var top = content.GetProperty("topPersons").EnumerateArray().ToDictionary(p => p.GetProperty("personId").GetGuid(), p => p.GetProperty("points").GetDecimal());
            var row = Assert.Single(content.GetProperty("units").EnumerateArray(), u => u.GetProperty("unitId").GetGuid() == unit);
            return (top[zhang], top[li], row.GetProperty("points").GetDecimal());
        }
    }

    private async Task<JsonElement> GenerateAsync(string tenant)
    {
        var response = await _kit.Client(tenant).PostAsJsonAsync("/bulletins", new { period = "2026-11" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
