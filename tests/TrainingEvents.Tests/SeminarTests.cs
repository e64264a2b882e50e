using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>研讨成果: a topic-selection seminar's topics go to intake's list once each; drafting seminars list their items.</summary>
public sealed class SeminarTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static Dictionary<string, object?> Seminar(string kind)
    {
        var plan = TrainingApi.NewEvent("2027年度选题研讨会");
        plan["kind"] = kind;
        return plan;
    }

    [Fact]
    public async Task A_topic_seminar_records_topics_and_sends_each_once_as_SeminarTopicSent()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, Seminar("topic-seminar"));

        var recorded = await staff.PostAsJsonAsync($"/events/{id}/topics", new { topics = new[] { new { title = "社区养老食堂", description = "补贴与定价" }, new { title = "加装电梯", description = (string?)null } } });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var topics = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seminarTopics").EnumerateArray().ToList();
        Assert.Equal(["社区养老食堂", "加装电梯"], topics.Select(t => t.GetProperty("title").GetString()));
        var topicId = topics[0].GetProperty("id").GetGuid();

        var sent = await staff.PostAsJsonAsync($"/events/{id}/topics/{topicId}/send", new { });
        var twice = await staff.PostAsJsonAsync($"/events/{id}/topics/{topicId}/send", new { });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("topic-already-sent", (await twice.ReadProblemAsync(409)).GetProperty("code").GetString());
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = 'SeminarTopicSent' AND payload->>'trainingEventId' = $1", id.ToString()));
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal((topicId, "社区养老食堂", "补贴与定价", "2027年度选题研讨会"), (payload.GetProperty("topicId").GetGuid(), payload.GetProperty("title").GetString(),
            payload.GetProperty("description").GetString(), payload.GetProperty("seminarTitle").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/events/{id}/topics/{Guid.NewGuid()}/send", new { })).StatusCode);
    }

    [Fact]
    public async Task Only_a_topic_seminar_records_topics_and_bad_topics_change_nothing()
    {
        var staff = factory.ClientFor(Tenants.New());
        var lecture = await TrainingApi.ScheduleIdAsync(staff);
        var seminar = await TrainingApi.ScheduleIdAsync(staff, Seminar("topic-seminar"));

        Assert.Equal("not-a-topic-seminar", (await (await staff.PostAsJsonAsync($"/events/{lecture}/topics", new { topics = new[] { new { title = "x" } } }))
            .ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(["topics"], (await (await staff.PostAsJsonAsync($"/events/{seminar}/topics", new { topics = Array.Empty<object>() }))
            .ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(["topics[0].title"], (await (await staff.PostAsJsonAsync($"/events/{seminar}/topics", new { topics = new[] { new { title = "" } } }))
            .ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, (await TrainingApi.GetAsync(staff, seminar)).GetProperty("seminarTopics").GetArrayLength());
    }

    [Fact]
    public async Task A_drafting_seminar_lists_the_items_it_worked_on()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff, Seminar("drafting-seminar"));
        var items = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var request = new HttpRequestMessage(HttpMethod.Put, $"/events/{id}/worked-items") { Content = JsonContent.Create(new { itemIds = items }) };
        request.Headers.TryAddWithoutValidation("If-Match", await TrainingSteps.ETagAsync(staff, id));

        var response = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(items, (await TrainingApi.GetAsync(staff, id)).GetProperty("workedItemIds").EnumerateArray().Select(i => i.GetGuid()));
    }
}
