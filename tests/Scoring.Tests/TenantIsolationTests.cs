using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Points, ranks and names of one tenant never show in another's.</summary>
public sealed class TenantIsolationTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task Tenant_B_sees_none_of_tenant_A_s_points()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenantA);

        Assert.Empty((await _kit.BoardAsync(tenantB, "2026")).Entries);
        Assert.Equal(0, (await _kit.LedgerAsync(tenantB, author)).Total);
        await (await _kit.RankAsync(tenantB, author, "2026")).ReadProblemAsync(404);
        Assert.Equal(6m, (await _kit.BoardAsync(tenantA, "2026")).Of(author)!.Points);
    }

    [Fact]
    public async Task The_same_person_id_scores_separately_in_each_tenant()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, submissionId) = await _kit.SubmittedAndAdoptedAsync(tenantA);

        // Same person and submission ids in tenant B: its own ledger, not a duplicate of A's.
        await _kit.SubmittedAsync(tenantB, author, submissionId);
        await _kit.WaitForLedgerAsync(tenantB, author, 1);

        Assert.Equal(1m, (await _kit.BoardAsync(tenantB, "2026")).Of(author)!.Points);
        Assert.Equal(6m, (await _kit.BoardAsync(tenantA, "2026")).Of(author)!.Points);
    }

    [Fact]
    public async Task A_name_registered_in_tenant_B_does_not_show_in_tenant_A()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenantA);
        var registered = await _kit.RegisteredAsync(tenantB, author, "王芳");
        await _kit.Feeder.WaitConsumedAsync(registered, ScoringKit.ConsumerGroup);

        Assert.Null((await _kit.BoardAsync(tenantA, "2026")).Of(author)!.Name);
    }

    [Fact]
    public async Task A_rule_change_of_tenant_A_leaves_tenant_B_s_rules_ledger_boards_and_statements_as_they_were()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenantA);
        await _kit.SubmittedAsync(tenantB, author, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenantB, author, 1);

        var change = await _kit.ChangeRulesAsync(tenantA, new { effectiveFrom = "2026-01-01", submitted = 4 });

        Assert.Equal((1, 9m), (change.Corrections, await _kit.ScoreAsync(tenantA, author, "2026")));
        Assert.Equal("\"1\"", (await _kit.Client(tenantB).GetAsync("/rules")).Headers.ETag!.Tag);
        Assert.Equal([1m], (await _kit.LedgerAsync(tenantB, author)).Items.Select(e => e.Points));
        Assert.Equal(1m, await _kit.ScoreAsync(tenantB, author, "2026"));
        Assert.Equal(1m, (await _kit.StatementAsync(tenantB, "persons", author, "2026")).Total);
        // A's statement of a person B alone knows is no statement at all.
        await (await _kit.Client(tenantA).GetAsync($"/statements/persons/{Guid.NewGuid()}")).ReadProblemAsync(404);
    }
}
