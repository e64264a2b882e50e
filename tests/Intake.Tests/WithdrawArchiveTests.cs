using System.Net;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>撤回 (before a decision, by authors or staff) and 归档 (after one, by staff); other states are a 409.</summary>
public sealed class WithdrawArchiveTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    /// <summary>An item of a fresh tenant moved to <paramref name="status"/> (review's outcomes fed as review would send them).</summary>
    private async Task<(string Tenant, Guid Id)> ItemAsync(string status)
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = status == "draft" ? await Drafts.CreateIdAsync(client) : await Drafts.CreateSubmittedAsync(client);
        object? outcome = status switch
        {
            "returned" => new SubmissionReturned(id, Guid.NewGuid(), "请补充", DateTimeOffset.UtcNow, 1),
            "adopted" => new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1),
            "not-adopted" => new SubmissionRejected(id, Guid.NewGuid(), "不予采用", DateTimeOffset.UtcNow, 1),
            _ => null,
        };
        if (outcome is not null)
        {
            await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, outcome.GetType().Name, JsonSerializer.Serialize(outcome, outcome.GetType(), Microsoft.Extensions.Hosting.JsonDefaults.Options));
            await Eventually.GetAsync(() => Drafts.GetAsync(client, id), s => s.GetProperty("status").GetString() == status, what: status);
        }
        return (tenant, id);
    }

    private Task<List<TestDb.OutboxRow>> WithdrawnEventsAsync(Guid id) =>
        TestDb.OutboxAsync(factory.ConnectionString, "payload->>'submissionId' = $1 AND type = 'SubmissionWithdrawn'", id.ToString());

    [Theory]
    [InlineData("draft")]
    [InlineData("submitted")]
    [InlineData("returned")]
    public async Task Before_a_decision_an_author_withdraws_it_and_SubmissionWithdrawn_is_raised(string status)
    {
        var (tenant, id) = await ItemAsync(status);
        var author = (await Drafts.GetAsync(factory.ClientFor(tenant), id)).GetProperty("authorPersonId").GetGuid();
        var client = factory.ClientFor(tenant, [PlatformRoles.Member], author);

        var withdrawn = await ChannelKit.OkAsync(await ChannelKit.PostAsync(client, id, "withdraw", new { reason = " 数据有误，重新调研 " }));

        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        Assert.Equal("withdrawn", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
        var row = Assert.Single(await WithdrawnEventsAsync(id));
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal(tenant, row.TenantId);
        Assert.Equal("数据有误，重新调研", payload.GetProperty("reason").GetString());
        Assert.Equal([author], payload.GetProperty("authorPersonIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(status == "draft" ? 1 : 2, payload.GetProperty("sequence").GetInt32()); // after SubmissionSubmitted's 1
    }

    [Fact]
    public async Task Staff_withdraw_without_a_body_and_the_reason_stays_empty()
    {
        var (tenant, id) = await ItemAsync("submitted");

        var withdrawn = await ChannelKit.OkAsync(await ChannelKit.PostAsync(factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid()), id, "withdraw"));

        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        var payload = JsonDocument.Parse(Assert.Single(await WithdrawnEventsAsync(id)).Payload).RootElement;
        Assert.True(!payload.TryGetProperty("reason", out var reason) || reason.ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("adopted")]
    [InlineData("not-adopted")]
    [InlineData("withdrawn")]
    public async Task After_a_decision_or_a_withdrawal_withdrawing_is_a_409_that_changes_nothing(string status)
    {
        var (tenant, id) = await ItemAsync(status == "withdrawn" ? "submitted" : status);
        var client = factory.ClientFor(tenant);
        if (status == "withdrawn") await ChannelKit.OkAsync(await ChannelKit.PostAsync(client, id, "withdraw"));
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);
        var etag = await Drafts.ETagAsync(client, id);

        var problem = await (await ChannelKit.PostAsync(client, id, "withdraw", etag: etag)).ReadProblemAsync(409);

        Assert.Equal("invalid-state", problem.GetProperty("code").GetString());
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(etag, await Drafts.ETagAsync(client, id));
        Assert.Equal(status == "withdrawn" ? 1 : 0, (await WithdrawnEventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_withdrawn_item_ignores_a_late_decision()
    {
        var (tenant, id) = await ItemAsync("submitted");
        var client = factory.ClientFor(tenant);
        await ChannelKit.OkAsync(await ChannelKit.PostAsync(client, id, "withdraw"));

        var late = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow, 1));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionAdopted), late);

        Assert.Equal("withdrawn", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_input_and_missing_or_stale_if_match_change_nothing()
    {
        var (tenant, id) = await ItemAsync("draft");
        var client = factory.ClientFor(tenant);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var tooLong = await ChannelKit.PostAsync(client, id, "withdraw", new { reason = new string('因', 501) });
        var stale = await ChannelKit.PostAsync(client, id, "withdraw", etag: "\"1\"");
        var bare = await client.PostAsync($"{Drafts.Path}/{id}/withdraw", null);
        var archiveBare = await client.PostAsync($"{Drafts.Path}/{id}/archive", null);

        Assert.True((await tooLong.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reason", out _));
        await stale.ReadProblemAsync(412);
        await bare.ReadProblemAsync(428);
        await archiveBare.ReadProblemAsync(428);
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        Assert.Equal("draft", (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
        Assert.Empty(await WithdrawnEventsAsync(id));
    }

    [Fact]
    public async Task Another_member_gets_404_and_a_partner_that_did_not_send_it_403()
    {
        var (tenant, id) = await ItemAsync("submitted");
        var etag = await Drafts.ETagAsync(factory.ClientFor(tenant), id);
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner],
            scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: "other-oa"));

        var byMember = await ChannelKit.PostAsync(factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid()), id, "withdraw", etag: etag);
        var byPartner = await ChannelKit.PostAsync(partner, id, "withdraw", etag: etag);

        await byMember.ReadProblemAsync(404);
        await byPartner.ReadProblemAsync(403);
        Assert.Equal("submitted", (await Drafts.GetAsync(factory.ClientFor(tenant), id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_partner_that_sent_an_item_may_withdraw_it()
    {
        var tenant = Tenants.New();
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner],
            scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: "jiangbei-oa"));
        var id = await Drafts.CreateIdAsync(partner);

        var withdrawn = await ChannelKit.OkAsync(await ChannelKit.PostAsync(partner, id, "withdraw"));

        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_repeated_withdrawal_with_the_same_idempotency_key_answers_the_same_and_raises_one_event()
    {
        var (tenant, id) = await ItemAsync("submitted");
        var client = factory.ClientFor(tenant);
        var etag = await Drafts.ETagAsync(client, id);
        var key = Guid.NewGuid().ToString();

        var first = await ChannelKit.PostAsync(client, id, "withdraw", etag: etag, idempotencyKey: key);
        var again = await ChannelKit.PostAsync(client, id, "withdraw", etag: etag, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await WithdrawnEventsAsync(id));
    }

    [Theory]
    [InlineData("adopted")]
    [InlineData("not-adopted")]
    public async Task Staff_archive_a_decided_item(string status)
    {
        var (tenant, id) = await ItemAsync(status);
        var staff = factory.ClientFor(tenant, [PlatformRoles.StaffEditor], Guid.NewGuid());
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var archived = await ChannelKit.OkAsync(await ChannelKit.PostAsync(staff, id, "archive"));

        Assert.Equal("archived", archived.GetProperty("status").GetString());
        Assert.Equal("archived", (await Drafts.GetAsync(staff, id)).GetProperty("status").GetString());
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString)); // no event: nothing else cares
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("submitted")]
    [InlineData("returned")]
    public async Task Archiving_before_a_decision_is_a_409_that_changes_nothing(string status)
    {
        var (tenant, id) = await ItemAsync(status);
        var client = factory.ClientFor(tenant);
        var etag = await Drafts.ETagAsync(client, id);

        var problem = await (await ChannelKit.PostAsync(client, id, "archive", etag: etag)).ReadProblemAsync(409);

        Assert.Equal("invalid-state", problem.GetProperty("code").GetString());
        Assert.Equal(etag, await Drafts.ETagAsync(client, id));
        Assert.Equal(status, (await Drafts.GetAsync(client, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Authors_and_partners_may_not_archive()
    {
        var (tenant, id) = await ItemAsync("adopted");
        var author = (await Drafts.GetAsync(factory.ClientFor(tenant), id)).GetProperty("authorPersonId").GetGuid();
        var etag = await Drafts.ETagAsync(factory.ClientFor(tenant), id);
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner],
            scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: "oa"));

        await (await ChannelKit.PostAsync(factory.ClientFor(tenant, [PlatformRoles.Member], author), id, "archive", etag: etag)).ReadProblemAsync(403);
        await (await ChannelKit.PostAsync(partner, id, "archive", etag: etag)).ReadProblemAsync(403);

        Assert.Equal("adopted", (await Drafts.GetAsync(factory.ClientFor(tenant), id)).GetProperty("status").GetString());
    }
}
