using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.People.Jobs;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Persons announced before the other services kept kinds are announced once more, with their kinds and the
/// next Version (so every consumer's copy applies it), in their own tenant, once however often the job runs.</summary>
public sealed class PersonKindsReannouncementTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private PersonKindsReannouncement Job => factory.Services.GetRequiredService<PersonKindsReannouncement>();

    private Task<long> MarkUnannouncedAsync(params Guid[] persons) => TestDb.ScalarAsync<long>(factory.ConnectionString,
        "WITH marked AS (UPDATE persons SET kinds_announced = false WHERE id = ANY($1) RETURNING 1) SELECT count(*) FROM marked", persons);

    [Fact]
    public async Task Persons_never_announced_with_kinds_are_announced_once_with_them()
    {
        var (one, two) = (Tenants.New(), Tenants.New());
        var officer = (await PeopleApi.RegisterAsync(factory.ClientFor(one), "王芳", null, "member", "officer")).GetProperty("id").GetGuid();
        var member = (await PeopleApi.RegisterAsync(factory.ClientFor(two), "李强", null, "member")).GetProperty("id").GetGuid();
        var announcedSince = (await PeopleApi.RegisterAsync(factory.ClientFor(two), "赵敏", null, "member")).GetProperty("id").GetGuid();
        Assert.Equal(2, await MarkUnannouncedAsync(officer, member)); // as the migration leaves persons registered before it

        Assert.True(await Job.RunOnceAsync(CancellationToken.None) >= 2);
        await Job.RunOnceAsync(CancellationToken.None);

        var again = Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", officer));
        var payload = JsonDocument.Parse(again.Payload).RootElement;
        Assert.Equal((one, 2, "王芳"), (again.TenantId, payload.GetProperty("version").GetInt32(), payload.GetProperty("name").GetString()));
        Assert.Equal(["member", "special-officer"], payload.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()).Order());
        Assert.Equal(two, Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", member)).TenantId);
        Assert.Empty(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", announcedSince));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM persons WHERE id = ANY($1) AND NOT kinds_announced", new[] { officer, member }));
        Assert.Equal(2, await TestDb.ScalarAsync<int>(factory.ConnectionString, "SELECT version FROM persons WHERE id = $1", member));
    }

    [Fact]
    public async Task A_person_who_left_is_announced_too_and_stays_left()
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await TalentKit.PersonAsync(client, "周红");
        Assert.Equal(1, await MarkUnannouncedAsync(person));
        await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH left_ AS (UPDATE persons SET deactivated_at = now() WHERE id = $1 RETURNING 1) SELECT count(*) FROM left_", person);

        await Job.RunOnceAsync(CancellationToken.None);

        Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", person));
        Assert.True(await TestDb.ScalarAsync<bool>(factory.ConnectionString, "SELECT deactivated_at IS NOT NULL FROM persons WHERE id = $1", person));
    }
}
