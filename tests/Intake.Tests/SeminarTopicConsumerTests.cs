using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>选题研讨 → 选题: training-events' SeminarTopicSent puts the topic on the tenant's list once, whatever the deliveries.</summary>
public sealed class SeminarTopicConsumerTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private Task<long> StoredAsync(Guid topicId) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM topics WHERE id = $1", topicId);

    [Fact]
    public async Task A_seminar_topic_joins_the_topic_list_as_a_proposed_seminar_topic()
    {
        var tenant = Tenants.New();
        var sent = new SeminarTopicSent(Guid.NewGuid(), Guid.NewGuid(), "2027年度选题研讨会", "社区养老食堂的可持续运营", "调研社区食堂的补贴与定价", DateTimeOffset.UtcNow);

        await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant, sent);

        var topic = await Eventually.GetAsync(async () => await factory.ClientFor(tenant).GetAsync($"/topics/{sent.TopicId}"),
            r => r.IsSuccessStatusCode, what: "topic listed");
        var view = await topic.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("社区养老食堂的可持续运营", "seminar", "选题研讨", "2027年度选题研讨会", "proposed"), (view.GetProperty("title").GetString(),
            view.GetProperty("source").GetString(), view.GetProperty("sourceName").GetString(), view.GetProperty("sourceReference").GetString(),
            view.GetProperty("status").GetString()));
        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM topics WHERE id = $1", sent.TopicId));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await factory.ClientFor(Tenants.New()).GetAsync($"/topics/{sent.TopicId}")).StatusCode);
    }

    [Fact]
    public async Task The_same_envelope_twice_and_the_topic_republished_keep_one_topic()
    {
        var tenant = Tenants.New();
        var eventId = Guid.NewGuid();
        var sent = new SeminarTopicSent(Guid.NewGuid(), Guid.NewGuid(), "选题研讨", "老旧小区加装电梯", null, DateTimeOffset.UtcNow);
        await EventStreams.PublishAsync(factory.RedisPrefix, eventId, tenant, sent);
        await Eventually.GetAsync(() => StoredAsync(sent.TopicId), n => n == 1, what: "topic stored");

        var again = await EventStreams.PublishAsync(factory.RedisPrefix, eventId, tenant, sent);
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SeminarTopicSent), again);
        var republished = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant, sent);
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SeminarTopicSent), republished);

        Assert.Equal(1, await StoredAsync(sent.TopicId));
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM topics WHERE tenant_id = $1", tenant));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM dead_letters WHERE tenant_id = $1", tenant));
    }
}
