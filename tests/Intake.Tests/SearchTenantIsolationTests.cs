using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SearchData;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Another tenant's items never show in a tenant's search, filters or near-duplicates.</summary>
public sealed class SearchTenantIsolationTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Another_tenants_items_are_never_found_by_a_search()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await SubmittedAsync(a, Canteen);
        var ofB = await SubmittedAsync(b, Canteen);
        var ofBNews = await DraftAsync(b, CanteenNews);

        var page = await ListAsync(a, "?q=老年食堂");
        var single = await ListAsync(a, "?q=堂");

        Assert.Equal([ofA], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal([ofA], Ids(single));
        Assert.Equal(new HashSet<Guid> { ofB, ofBNews }, Ids(await ListAsync(b, "?q=老年食堂")).ToHashSet());
    }

    [Fact]
    public async Task Another_tenants_items_are_never_found_by_the_filters()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var author = Guid.NewGuid();
        var unit = Guid.NewGuid();
        await Drafts.CreateIdAsync(b, Draft(Canteen, author, unit));

        Assert.Empty(Ids(await ListAsync(a, $"?authorPersonId={author}")));
        Assert.Empty(Ids(await ListAsync(a, $"?unitId={unit}")));
        Assert.Equal(0, (await ListAsync(a, "?status=draft")).GetProperty("total").GetInt32());
    }

    /// <summary>Both tenants hold near-duplicates of the same report: each sees only its own.</summary>
    [Fact]
    public async Task Near_duplicates_in_another_tenant_are_never_matched()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var originalOfB = await SubmittedAsync(b, Canteen);
        var originalOfA = await SubmittedAsync(a, Canteen);
        var exactOfB = await SubmittedAsync(b, Canteen);

        var copyOfA = await SubmittedAsync(a, CanteenEdited);
        var copyOfB = await SubmittedAsync(b, CanteenEdited);

        var ofA = await SimilarAsync(a, copyOfA);
        Assert.Equal([originalOfA], Items(ofA));
        var ofB = await SimilarAsync(b, copyOfB);
        Assert.Equal(new HashSet<Guid> { originalOfB, exactOfB }, Items(ofB).ToHashSet());
        Assert.Equal(
            await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM similar_items WHERE submission_id = $1", copyOfA),
            await TestDb.ScalarAsync<long>(factory.ConnectionString,
                "SELECT count(*) FROM similar_items m JOIN submissions s ON s.id = m.similar_submission_id WHERE m.submission_id = $1 AND s.tenant_id = m.tenant_id", copyOfA));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM similar_items WHERE submission_id = $1", copyOfA));
    }

    [Fact]
    public async Task Another_tenants_item_has_no_matches_to_read()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        await SubmittedAsync(a, Canteen);
        var copy = await SubmittedAsync(a, CanteenEdited);

        var problem = await (await b.GetAsync($"{Drafts.Path}/{copy}/similar")).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Single(Items(await SimilarAsync(a, copy))); // still there for its own tenant
    }

    private static Guid[] Items(System.Text.Json.JsonElement similar) =>
        [.. similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
