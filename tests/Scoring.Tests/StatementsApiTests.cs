using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Who reads which statement, and bad periods.</summary>
public sealed class StatementsApiTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task A_member_reads_their_own_statement_only_and_no_unit_s()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, item) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var other = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, other, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, other, 1);
        var member = factory.ClientFor(tenant, ["member"], author);

        var own = await member.GetAsync($"/statements/persons/{author}?period=2026-11");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.NotNull(own.Headers.ETag);
        var statement = await _kit.StatementAsync(tenant, "persons", author, "2026-11");
        Assert.Equal((6m, "2026-11"), (statement.Total, statement.Period));
        Assert.Equal([("报送", item, 1, 1m), ("本级采用", item, 1, 5m)],
            statement.Entries.OrderBy(e => e.Points).Select(e => (e.Label, e.ItemId!.Value, e.RuleVersion, e.Points)));
        var problem = await (await member.GetAsync($"/statements/persons/{other}?period=2026")).ReadProblemAsync(403);
        Assert.Equal("not-own", problem.GetProperty("code").GetString());
        var unit = (await _kit.LedgerAsync(tenant, author)).Items[0].UnitId!.Value;
        await (await member.GetAsync($"/statements/units/{unit}?period=2026")).ReadProblemAsync(403);
        await (await member.GetAsync($"/statements/units/{Guid.NewGuid()}?period=2026")).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Unknown_persons_and_units_are_404_and_a_bad_period_a_400_naming_it()
    {
        var tenant = ScoringKit.NewTenant();
        await (await _kit.Client(tenant).GetAsync($"/statements/persons/{Guid.NewGuid()}?period=2026")).ReadProblemAsync(404);
        await (await _kit.Client(tenant).GetAsync($"/statements/units/{Guid.NewGuid()}?period=2026")).ReadProblemAsync(404);
        var bad = await (await _kit.Client(tenant).GetAsync($"/statements/persons/{Guid.NewGuid()}?period=2026-13")).ReadProblemAsync(400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("period", out _));
    }
}
