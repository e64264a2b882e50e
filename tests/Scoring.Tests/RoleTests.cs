using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// Who may read points: every person reads the leaderboards; a member's (or officer's) ledger is their own whatever
/// they ask for, staff see the tenant's; partner systems read with scoring.read only.
/// </summary>
public sealed class RoleTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private HttpClient As(string tenant, string role, Guid? personId) => factory.ClientFor(tenant, [role], personId);

    private HttpClient Partner(string tenant, params string[] scopes) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: scopes, clientId: "x"));

    private static async Task AssertForbiddenAsync(HttpResponseMessage response) =>
        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());

    private static async Task<PageDto<LedgerEntryDto>> LedgerAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/ledger{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PageDto<LedgerEntryDto>>(ScoringKit.Json))!;
    }

    /// <summary>A tenant where two people each have two entries (submitted, adopted): 6 points each.</summary>
    private async Task<(string Tenant, Guid A, Guid B)> TenantWithTwoScorersAsync()
    {
        var tenant = ScoringKit.NewTenant();
        var (a, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var (b, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        await _kit.WaitForBoardAsync(tenant, "2026", board => board.Of(a) is not null && board.Of(b) is not null);
        return (tenant, a, b);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Any_person_reads_the_leaderboards(string role)
    {
        var (tenant, a, b) = await TenantWithTwoScorersAsync();
        var client = As(tenant, role, Guid.NewGuid());

        var board = await client.GetFromJsonAsync<BoardDto>("/leaderboards/persons?period=2026", ScoringKit.Json);
        var rank = await client.GetFromJsonAsync<BoardEntryDto>($"/leaderboards/persons/{b}?period=2026", ScoringKit.Json);

        Assert.Equal(new HashSet<Guid> { a, b }, board!.Entries.Select(e => e.PersonId).ToHashSet());
        Assert.Equal(6m, rank!.Points);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_persons_ledger_holds_only_their_own_entries(string role)
    {
        var (tenant, a, _) = await TenantWithTwoScorersAsync();

        var ledger = await LedgerAsync(As(tenant, role, a));

        Assert.Equal(2, ledger.Total);
        Assert.Equal(2, ledger.Items.Count);
        Assert.All(ledger.Items, e => Assert.Equal(a, e.PersonId));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Asking_for_someone_elses_ledger_still_shows_only_ones_own(string role)
    {
        var (tenant, a, b) = await TenantWithTwoScorersAsync();

        var ledger = await LedgerAsync(As(tenant, role, a), $"?personId={b}");

        Assert.DoesNotContain(ledger.Items, e => e.PersonId != a);
        Assert.Equal(ledger.Items.Count, ledger.Total); // the total does not count the other's entries either
    }

    [Fact]
    public async Task A_member_token_without_a_person_sees_no_entries()
    {
        var (tenant, _, b) = await TenantWithTwoScorersAsync();
        var client = As(tenant, "member", personId: null);

        Assert.Equal(0, (await LedgerAsync(client)).Total);
        Assert.Equal(0, (await LedgerAsync(client, $"?personId={b}")).Total);
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Staff_see_the_whole_tenants_ledger(string role)
    {
        var (tenant, a, b) = await TenantWithTwoScorersAsync();
        var client = As(tenant, role, Guid.NewGuid());

        var all = await LedgerAsync(client);
        var ofB = await LedgerAsync(client, $"?personId={b}");

        Assert.Equal(4, all.Total);
        Assert.Equal(new HashSet<Guid> { a, b }, all.Items.Select(e => e.PersonId).ToHashSet());
        Assert.Equal(2, ofB.Total);
        Assert.All(ofB.Items, e => Assert.Equal(b, e.PersonId));
    }

    [Fact]
    public async Task A_partner_with_scoring_read_reads_the_ledger_and_the_boards()
    {
        var (tenant, a, b) = await TenantWithTwoScorersAsync();
        var partner = Partner(tenant, "scoring.read");

        var ledger = await LedgerAsync(partner);
        var board = await partner.GetFromJsonAsync<BoardDto>("/leaderboards/persons?period=2026", ScoringKit.Json);

        Assert.Equal(4, ledger.Total);
        Assert.Equal(new HashSet<Guid> { a, b }, board!.Entries.Select(e => e.PersonId).ToHashSet());
    }

    [Theory]
    [InlineData("")]
    [InlineData("intake.read intake.submit review.read people.read training.read")]
    public async Task A_partner_without_scoring_read_is_refused(string scopes)
    {
        var (tenant, a, _) = await TenantWithTwoScorersAsync();
        var partner = Partner(tenant, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        await AssertForbiddenAsync(await partner.GetAsync("/ledger"));
        await AssertForbiddenAsync(await partner.GetAsync($"/ledger?personId={a}"));
        await AssertForbiddenAsync(await partner.GetAsync("/leaderboards/persons?period=2026"));
        await AssertForbiddenAsync(await partner.GetAsync($"/leaderboards/persons/{a}?period=2026"));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("staff-editor")]
    [InlineData("chair")]
    public async Task Only_a_tenant_admin_sees_dead_letters(string role)
    {
        var tenant = ScoringKit.NewTenant();

        await AssertForbiddenAsync(await As(tenant, role, Guid.NewGuid()).GetAsync("/admin/dead-letters"));
        await AssertForbiddenAsync(await Partner(tenant, PlatformScopes.All).GetAsync("/admin/dead-letters"));
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, PlatformRoles.TenantAdmin, Guid.NewGuid()).GetAsync("/admin/dead-letters")).StatusCode);
    }
}
