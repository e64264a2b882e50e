using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.People.Tests;

/// <summary>Talent, recommendations, targets and member records of one tenant are invisible and unchangeable to another.</summary>
public sealed class TalentIsolationTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private async Task<(Guid Person, Guid Visit, Guid Talent, Guid Recommendation, Guid Unit)> ArrangeAsync(HttpClient a)
    {
        var person = await TalentKit.PersonAsync(a, "甲方委员");
        var unit = await PeopleApi.CreateUnitIdAsync(a);
        var visit = await TalentKit.VisitAsync(a, person, TalentKit.External("甲方人才", "经济"));
        var talent = TalentKit.TalentId(visit);
        var recommendation = (await TalentKit.RecommendAsync(a, talent)).GetProperty("id").GetGuid();
        await TalentKit.PutAsync(a, $"/targets/2026/persons/{person}", new { submitted = 5, adopted = 1 }, "\"0\"").OkAsync();
        return (person, visit.GetProperty("id").GetGuid(), talent, recommendation, unit);
    }

    private async Task<string> SnapshotAsync() => string.Join('|',
        await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT coalesce(string_agg(t::text, ',' ORDER BY id), '') FROM talent_pool t"),
        await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT coalesce(string_agg(r::text, ',' ORDER BY id), '') FROM talent_recommendations r"),
        await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT coalesce(string_agg(t::text, ',' ORDER BY id), '') FROM annual_targets t"),
        string.Join(',', await TalentKit.CountsAsync(factory.ConnectionString)));

    [Fact]
    public async Task Another_tenants_ids_are_404_for_reads_and_changes_and_nothing_changes()
    {
        var (a, b) = (factory.ClientFor(Tenants.New()), factory.ClientFor(Tenants.New()));
        var ofA = await ArrangeAsync(a);
        var (_, talentTag) = await TalentKit.ReadAsync(a, $"/talent/pool/{ofA.Talent}");
        var (_, recommendationTag) = await TalentKit.ReadAsync(a, $"/talent/recommendations/{ofA.Recommendation}");
        var (_, targetTag) = await TalentKit.ReadAsync(a, $"/targets/2026/persons/{ofA.Person}");
        var before = await SnapshotAsync();

        foreach (var path in new[] { $"/talent/visits/{ofA.Visit}", $"/talent/pool/{ofA.Talent}", $"/talent/recommendations/{ofA.Recommendation}",
                     $"/targets/2026/persons/{ofA.Person}", $"/targets/2026/units/{ofA.Unit}", $"/persons/{ofA.Person}/record" })
            Assert.Equal("not-found", (await (await b.GetAsync(path)).ReadProblemAsync(404)).GetProperty("code").GetString());
        await (await TalentKit.PutAsync(b, $"/talent/pool/{ofA.Talent}", new { backbone = true, expertiseTags = new[] { "x" } }, talentTag)).ReadProblemAsync(404);
        var bPerson = await TalentKit.PersonAsync(b, "乙方委员");
        await (await TalentKit.PutAsync(b, $"/talent/pool/{ofA.Talent}/person", new { personId = bPerson }, talentTag)).ReadProblemAsync(404);
        await (await TalentKit.PostAsync(b, $"/talent/recommendations/{ofA.Recommendation}/accept", new { date = "2026-11-25" }, recommendationTag)).ReadProblemAsync(404);
        await (await TalentKit.PutAsync(b, $"/targets/2026/persons/{ofA.Person}", new { submitted = 0, adopted = 0 }, targetTag)).ReadProblemAsync(404);
        await (await TalentKit.PutAsync(b, $"/targets/2026/units/{ofA.Unit}", new { submitted = 0, adopted = 0 }, "\"0\"")).ReadProblemAsync(404);

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Another_tenants_persons_and_talent_are_unknown_inputs_and_filters_find_nothing()
    {
        var (a, b) = (factory.ClientFor(Tenants.New()), factory.ClientFor(Tenants.New()));
        var ofA = await ArrangeAsync(a);
        var bPerson = await TalentKit.PersonAsync(b, "乙方委员");
        var before = await SnapshotAsync();

        var visit = await b.PostAsJsonAsync("/talent/visits", new { kind = "district", place = "越界", visitedOn = "2026-11-20", visitorIds = new[] { ofA.Person } });
        var discovered = await b.PostAsJsonAsync("/talent/visits", new
        {
            kind = "district", place = "越界", visitedOn = "2026-11-20", visitorIds = new[] { bPerson }, discovered = new[] { new { personId = ofA.Person } },
        });
        var recommended = await b.PostAsJsonAsync("/talent/recommendations", new { talentId = ofA.Talent, target = "think-tank" });

        Assert.True((await visit.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("visitorIds", out _));
        Assert.True((await discovered.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("discovered[0].personId", out _));
        Assert.True((await recommended.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("talentId", out _));
        Assert.Equal(before, await SnapshotAsync());
        foreach (var path in new[] { "/talent/pool", "/talent/visits", $"/talent/pool?visitId={ofA.Visit}", $"/talent/recommendations?talentId={ofA.Talent}", "/talent/recommendations", "/targets/2026", "/targets/2026?scope=units" })
            Assert.Equal(0, (await b.GetFromJsonAsync<JsonElement>(path)).GetProperty("total").GetInt32());
    }
}
