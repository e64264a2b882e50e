using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.People.Tests;

/// <summary>三定: annual targets of persons and units, set with If-Match ("0" while unset), listed with progress.</summary>
public sealed class TargetsApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    [Fact]
    public async Task An_unset_target_reads_as_zero_with_etag_0_is_set_with_it_and_replaced_with_the_new_one()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await TalentKit.PersonAsync(client, "张明");
        var path = $"/targets/2026/persons/{person}";

        var (unset, zero) = await TalentKit.ReadAsync(client, path);
        var set = await TalentKit.PutAsync(client, path, new { submitted = 12, adopted = 3 }, zero).OkAsync();
        var (read, etag) = await TalentKit.ReadAsync(client, path);
        var again = await TalentKit.PutAsync(client, path, new { submitted = 1, adopted = 0 }, zero);
        await TalentKit.PutAsync(client, path, new { submitted = 10, adopted = 4 }, etag).OkAsync();

        Assert.Equal(("\"0\"", false, 0), (zero, unset.GetProperty("set").GetBoolean(), unset.GetProperty("submitted").GetInt32()));
        Assert.True(set.GetProperty("set").GetBoolean());
        Assert.Equal((12, 3, "person"), (read.GetProperty("submitted").GetInt32(), read.GetProperty("adopted").GetInt32(), read.GetProperty("scope").GetString()));
        Assert.Equal(412, (int)again.StatusCode);
        var (final, _) = await TalentKit.ReadAsync(client, path);
        Assert.Equal((10, 4), (final.GetProperty("submitted").GetInt32(), final.GetProperty("adopted").GetInt32()));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM annual_targets WHERE subject_id = $1", person));
    }

    [Theory]
    [InlineData(-1, 0, "submitted")]
    [InlineData(5, -2, "adopted")]
    [InlineData(null, 0, "submitted")]
    [InlineData(10001, 0, "submitted")]
    public async Task A_negative_missing_or_huge_number_is_a_400_and_sets_nothing(int? submitted, int? adopted, string field)
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await TalentKit.PersonAsync(client, "张明");
        var before = await TalentKit.CountsAsync(factory.ConnectionString);

        var response = await TalentKit.PutAsync(client, $"/targets/2026/persons/{person}", new { submitted, adopted }, "\"0\"");

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await TalentKit.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task More_adopted_than_submitted_is_refused_and_a_missing_if_match_is_428()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await TalentKit.PersonAsync(client, "张明");
        var before = await TalentKit.CountsAsync(factory.ConnectionString);

        var refused = await TalentKit.PutAsync(client, $"/targets/2026/persons/{person}", new { submitted = 2, adopted = 3 }, "\"0\"");
        var noPrecondition = await TalentKit.PutAsync(client, $"/targets/2026/persons/{person}", new { submitted = 2, adopted = 1 }, null);

        Assert.Equal("target-adopted-exceeds-submitted", (await refused.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("precondition-required", (await noPrecondition.ReadProblemAsync(428)).GetProperty("code").GetString());
        Assert.Equal(before, await TalentKit.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task An_unknown_person_or_unit_is_a_404()
    {
        var client = factory.ClientFor(Tenants.New());
        Assert.Equal(404, (int)(await TalentKit.PutAsync(client, $"/targets/2026/persons/{Guid.NewGuid()}", new { submitted = 1, adopted = 0 }, "\"0\"")).StatusCode);
        Assert.Equal(404, (int)(await client.GetAsync($"/targets/2026/units/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_years_list_shows_each_target_with_what_the_record_counted_for_persons_and_units()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var unit = await PeopleApi.CreateUnitIdAsync(client);
        var (zhang, li) = (await TalentKit.PersonAsync(client, "A 张明"), await TalentKit.PersonAsync(client, "B 李华"));
        await TalentKit.PutAsync(client, $"/targets/2026/persons/{zhang}", new { submitted = 4, adopted = 2 }, "\"0\"").OkAsync();
        await TalentKit.PutAsync(client, $"/targets/2026/persons/{li}", new { submitted = 3, adopted = 1 }, "\"0\"").OkAsync();
        await TalentKit.PutAsync(client, $"/targets/2026/units/{unit}", new { submitted = 20, adopted = 5 }, "\"0\"").OkAsync();
        await TalentKit.PutAsync(client, $"/targets/2025/persons/{zhang}", new { submitted = 9, adopted = 9 }, "\"0\"").OkAsync();
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var e in new object[]
        {
            new SubmissionSubmitted(one, "一", zhang, unit, at), new SubmissionSubmitted(two, "二", zhang, unit, at),
            new SubmissionAdopted(one, Guid.NewGuid(), AdoptionLevel.OwnBody, zhang, unit, at, 3),
            new SubmissionAdopted(one, Guid.NewGuid(), AdoptionLevel.ParentBody, zhang, unit, at, 4),
        })
            await _feeder.WaitConsumedAsync(e is SubmissionSubmitted s ? await _feeder.PublishAsync(tenant, s)
                : await _feeder.PublishAsync(tenant, (SubmissionAdopted)e), ResourceNames.People);

        var persons = await client.GetFromJsonAsync<JsonElement>("/targets/2026");
        var units = await client.GetFromJsonAsync<JsonElement>("/targets/2026?scope=units");

        Assert.Equal(2, persons.GetProperty("total").GetInt32());
        var rows = persons.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([zhang, li], rows.Select(r => r.GetProperty("subjectId").GetGuid()));
        Assert.Equal((2, 4, 1, 2), Progress(rows[0]));
        Assert.Equal((0, 3, 0, 1), Progress(rows[1]));
        var unitRow = Assert.Single(units.GetProperty("items").EnumerateArray());
        Assert.Equal((2, 20, 1, 5), Progress(unitRow));
        Assert.Equal(400, (int)(await client.GetAsync("/targets/2026?scope=teams")).StatusCode);
    }

    private static (int, int, int, int) Progress(JsonElement row) =>
        (row.GetProperty("submitted").GetProperty("done").GetInt32(), row.GetProperty("submitted").GetProperty("target").GetInt32(),
         row.GetProperty("adopted").GetProperty("done").GetInt32(), row.GetProperty("adopted").GetProperty("target").GetInt32());

    [Fact]
    public async Task Staff_read_targets_only_tenant_admin_and_director_set_them()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await TalentKit.PersonAsync(client, "张明");
        var path = $"/targets/2026/persons/{person}";

        Assert.Equal(HttpStatusCode.Forbidden, (await TalentKit.PutAsync(factory.ClientFor(tenant, ["staff-editor", "leader"]), path, new { submitted = 1, adopted = 0 }, "\"0\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientFor(tenant, ["member"], person).GetAsync("/targets/2026")).StatusCode);
        await TalentKit.PutAsync(factory.ClientFor(tenant, ["director"]), path, new { submitted = 1, adopted = 0 }, "\"0\"").OkAsync();
        Assert.Equal(1, (await factory.ClientFor(tenant, ["leader"]).GetFromJsonAsync<JsonElement>(path)).GetProperty("submitted").GetInt32());
    }
}
