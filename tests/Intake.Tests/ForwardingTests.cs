using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// 转报 in intake: the origin hands a forwarded item's text up to its parent tenant (SubmissionForwarded →
/// ForwardedItemReceived under the parent), and the parent keeps one submitted copy per original (channel forwarded,
/// no authors of its own), which its review picks up through SubmissionSubmitted with the origin.
/// </summary>
public sealed class ForwardingTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    /// <summary>A parent and a child of it, in intake's tenant directory.</summary>
    private async Task<(string Parent, string Child)> FamilyAsync()
    {
        var (parent, child) = (Tenants.New(), Tenants.New());
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, parent, "重庆市政协", null);
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, child, "沙坪坝区政协", parent);
        return (parent, child);
    }

    private Task<long> CopiesAsync(string parent, Guid origin) => TestDb.ScalarAsync<long>(factory.ConnectionString,
        "SELECT count(*) FROM submissions WHERE tenant_id = $1 AND origin_submission_id = $2", parent, origin);

    private async Task<JsonElement> CopyAsync(string parent, Guid origin)
    {
        await Eventually.GetAsync(() => CopiesAsync(parent, origin), n => n > 0, what: "the parent's copy");
        var id = await TestDb.ScalarAsync<Guid>(factory.ConnectionString,
            "SELECT id FROM submissions WHERE tenant_id = $1 AND origin_submission_id = $2", parent, origin);
        return await Drafts.GetAsync(factory.ClientFor(parent), id);
    }

    [Fact]
    public async Task A_forwarded_item_becomes_one_submitted_copy_in_the_parent_with_its_text_and_origin_and_no_authors()
    {
        var (parent, child) = await FamilyAsync();
        var staff = factory.ClientFor(child);
        var original = await Drafts.CreateAsync(staff, Drafts.New("关于老旧小区加装电梯的建议"));
        var originalId = original.GetProperty("id").GetGuid();
        await Drafts.SubmitAsync(staff, originalId);
        var forwarded = new SubmissionForwarded(originalId, Guid.NewGuid(), parent, DateTimeOffset.UtcNow, [], []);

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), child, forwarded);

        var copy = await CopyAsync(parent, originalId);
        Assert.Equal("关于老旧小区加装电梯的建议", copy.GetProperty("title").GetString());
        Assert.Equal(original.GetProperty("body").GetString(), copy.GetProperty("body").GetString());
        Assert.Equal("submitted", copy.GetProperty("status").GetString());
        Assert.Empty(copy.GetProperty("authorPersonIds").EnumerateArray());
        Assert.Equal(Guid.Empty, copy.GetProperty("authorPersonId").GetGuid());
        var provenance = copy.GetProperty("provenance");
        Assert.Equal("forwarded", provenance.GetProperty("channel").GetString());
        Assert.Equal("下级转报", provenance.GetProperty("channelName").GetString());
        var origin = provenance.GetProperty("origin");
        Assert.Equal(child, origin.GetProperty("tenantId").GetString());
        Assert.Equal("沙坪坝区政协", origin.GetProperty("tenantName").GetString());
        Assert.Equal(originalId, origin.GetProperty("submissionId").GetGuid());
        Assert.Equal("测试作者 / 测试单位", origin.GetProperty("byline").GetString()); // the names signed, as text

        // The hand-off went under the parent's tenant; the copy's submission names its origin and credits nobody.
        var handedOff = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString,
            "type = 'ForwardedItemReceived' AND payload->>'originSubmissionId' = $1", originalId.ToString()));
        Assert.Equal(parent, handedOff.TenantId);
        var submitted = Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, copy.GetProperty("id").GetGuid()));
        Assert.Equal(parent, submitted.TenantId);
        var payload = JsonDocument.Parse(submitted.Payload).RootElement;
        Assert.Equal("SubmissionSubmitted", submitted.Type);
        Assert.Equal(child, payload.GetProperty("origin").GetProperty("tenantId").GetString());
        Assert.Equal(originalId, payload.GetProperty("origin").GetProperty("submissionId").GetGuid());
        Assert.Empty(payload.GetProperty("authors").EnumerateArray());
        Assert.Empty(payload.GetProperty("units").EnumerateArray());
        Assert.Equal("forwarded", payload.GetProperty("channel").GetString());

        // The child cannot read the parent's copy, nor the parent the child's original.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/submissions/{copy.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ClientFor(parent).GetAsync($"/submissions/{originalId}")).StatusCode);
    }

    [Fact]
    public async Task The_same_forwarding_and_the_same_hand_off_replayed_keep_one_copy()
    {
        var (parent, child) = await FamilyAsync();
        var staff = factory.ClientFor(child);
        var originalId = await Drafts.CreateSubmittedAsync(staff);
        var forwarded = new SubmissionForwarded(originalId, Guid.NewGuid(), parent, DateTimeOffset.UtcNow, [], []);

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), child, forwarded);
        await CopyAsync(parent, originalId);
        var again = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), child, forwarded); // a republish: a new envelope
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionForwarded), again);
        var received = new ForwardedItemReceived(child, "沙坪坝区政协", originalId, "标题", "正文", "work-suggestion", [], null, DateTimeOffset.UtcNow);
        var direct = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), parent, received);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(ForwardedItemReceived), direct);
        await Eventually.GetAsync(() => TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM outbox_messages WHERE type = 'ForwardedItemReceived' AND payload->>'originSubmissionId' = $1", originalId.ToString()),
            n => n == 2, what: "the second hand-off");
        await Task.Delay(500); // let the second hand-off be consumed as well
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(ForwardedItemReceived),
            (await EventStreams.EntriesAsync(Prefix, nameof(ForwardedItemReceived)))[^1].Id!);

        Assert.Equal(1, await CopiesAsync(parent, originalId));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM dead_letters WHERE tenant_id IN ($1, $2)", parent, child));
    }

    [Fact]
    public async Task An_item_from_a_tenant_that_is_not_a_child_makes_no_copy()
    {
        var (parent, _) = await FamilyAsync();
        var stranger = Tenants.New();
        await KnownTenantsSupport.RegisterWithParentAsync(factory.ConnectionString, stranger, "外地政协", null);
        var origin = Guid.NewGuid();
        var received = new ForwardedItemReceived(stranger, "外地政协", origin, "标题", "正文", null, [], null, DateTimeOffset.UtcNow);

        var entry = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), parent, received);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(ForwardedItemReceived), entry);

        Assert.Equal(0, await CopiesAsync(parent, origin));
    }

    [Fact]
    public async Task A_forwarding_naming_another_tenant_than_the_parent_hands_nothing_off()
    {
        var (_, child) = await FamilyAsync();
        var (otherParent, _) = await FamilyAsync();
        var originalId = await Drafts.CreateSubmittedAsync(factory.ClientFor(child));

        var entry = await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), child,
            new SubmissionForwarded(originalId, Guid.NewGuid(), otherParent, DateTimeOffset.UtcNow, [], []));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionForwarded), entry);

        Assert.Empty(await TestDb.OutboxAsync(factory.ConnectionString,
            "type = 'ForwardedItemReceived' AND payload->>'originSubmissionId' = $1", originalId.ToString()));
        Assert.Equal(0, await CopiesAsync(otherParent, originalId));
    }

    [Fact]
    public async Task The_forwarded_channel_cannot_be_chosen_when_creating_a_draft()
    {
        var tenant = Tenants.New();
        var draft = Drafts.New();
        draft["channel"] = "forwarded";

        var response = await factory.ClientFor(tenant).PostAsJsonAsync(Drafts.Path, draft);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("channel", out _));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM submissions WHERE tenant_id = $1", tenant));
    }
}
