using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// 线索: people's ClueSent (a clue sent through a member's public card) is kept once in intake's clues table,
/// whatever the deliveries and their order, and the member lists their own.
/// </summary>
public sealed class ClueConsumerTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    private static async Task<JsonElement> ListAsync(HttpClient client)
    {
        var response = await client.GetAsync("/clues");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> ListedAsync(HttpClient member, int total) =>
        Eventually.GetAsync(() => ListAsync(member), page => page.GetProperty("total").GetInt32() == total, what: $"{total} clues listed");

    private Task<long> StoredAsync(Guid clueId) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM clues WHERE id = $1", clueId);

    [Fact]
    public async Task A_ClueSent_is_kept_for_the_member_and_listed_to_them()
    {
        var tenant = Tenants.New();
        var personId = Guid.NewGuid();
        var sent = new ClueSent(Guid.NewGuid(), personId, "小区门口路灯坏了", "13800000000", DateTimeOffset.UtcNow.AddMinutes(-1));

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, sent);

        var page = await ListedAsync(factory.ClientFor(tenant, ["member"], personId), 1);
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(sent.ClueId, item.GetProperty("id").GetGuid());
        Assert.Equal("小区门口路灯坏了", item.GetProperty("text").GetString());
        Assert.Equal("13800000000", item.GetProperty("contact").GetString());
        Assert.Equal(sent.SentAt.ToUnixTimeMilliseconds(), item.GetProperty("sentAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM clues WHERE id = $1", sent.ClueId));
    }

    [Fact]
    public async Task The_same_envelope_twice_and_the_same_clue_republished_keep_one_clue()
    {
        var tenant = Tenants.New();
        var eventId = Guid.NewGuid();
        var sent = new ClueSent(Guid.NewGuid(), Guid.NewGuid(), "河道有垃圾", null, DateTimeOffset.UtcNow);
        await EventStreams.PublishAsync(Prefix, eventId, tenant, sent);
        await Eventually.GetAsync(() => StoredAsync(sent.ClueId), n => n == 1, what: "clue stored");

        var again = await EventStreams.PublishAsync(Prefix, eventId, tenant, sent);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(ClueSent), again);
        var republished = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, sent);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(ClueSent), republished);

        Assert.Equal(1, await StoredAsync(sent.ClueId));
        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM dead_letters WHERE tenant_id = $1", tenant));
    }

    [Fact]
    public async Task An_older_clue_arriving_after_a_newer_one_is_kept_too_and_the_list_is_newest_first()
    {
        var tenant = Tenants.New();
        var personId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var newer = new ClueSent(Guid.NewGuid(), personId, "新的线索", null, now);
        var older = new ClueSent(Guid.NewGuid(), personId, "早先的线索", null, now.AddHours(-1));

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, newer);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, older);

        var page = await ListedAsync(factory.ClientFor(tenant, ["member"], personId), 2);
        Assert.Equal([newer.ClueId, older.ClueId], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Only_the_member_reads_their_clues_and_another_tenant_sees_none()
    {
        var tenant = Tenants.New();
        var personId = Guid.NewGuid();
        var sent = new ClueSent(Guid.NewGuid(), personId, "线索", null, DateTimeOffset.UtcNow);
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, sent);
        await ListedAsync(factory.ClientFor(tenant, ["member"], personId), 1);

        Assert.Equal(0, (await ListAsync(factory.ClientFor(tenant, ["member"], Guid.NewGuid()))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ListAsync(factory.ClientFor(tenant, null, Guid.NewGuid()))).GetProperty("total").GetInt32()); // staff: not theirs
        Assert.Equal(0, (await ListAsync(factory.ClientFor(Tenants.New(), ["member"], personId))).GetProperty("total").GetInt32());
        var partner = factory.ClientFor(tenant, ["partner"], scopes: ["intake.read"]);
        Assert.Equal("not-a-person", (await (await partner.GetAsync("/clues")).ReadProblemAsync(403)).GetProperty("code").GetString());
        await (await factory.ClientFor(tenant, ["member"], personId).GetAsync("/clues?pageSize=0")).ReadProblemAsync(400);
    }
}
