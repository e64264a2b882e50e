using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Review's decisions arrive as envelopes on Redis streams; Intake's consumer applies each exactly once to the
/// submission. The envelopes are XADDed here as Review's relay would.
/// </summary>
public sealed class ReviewOutcomeConsumerTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private string Prefix => factory.RedisPrefix;

    private static Task<System.Text.Json.JsonElement> StatusIsAsync(HttpClient client, Guid id, string status) => Eventually.GetAsync(
        () => Drafts.GetAsync(client, id), s => s.GetProperty("status").GetString() == status, what: $"submission {id} {status}");

    [Fact]
    public async Task SubmissionAdopted_marks_the_submission_adopted_at_its_level()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        var adopted = new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        Assert.Contains("\"level\":\"own-body\"", EventStreams.Serialize(adopted)); // the wire form the handler reads

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant, adopted);

        var read = await StatusIsAsync(client, id, "adopted");
        Assert.Equal(["own-body"], read.GetProperty("adoptionLevels").Strings());
    }

    [Fact]
    public async Task Adoption_at_a_second_level_adds_that_level()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));
        await StatusIsAsync(client, id, "adopted");
        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.ParentBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));

        var read = await Eventually.GetAsync(() => Drafts.GetAsync(client, id),
            s => s.GetProperty("adoptionLevels").GetArrayLength() == 2, what: "second adoption level");
        Assert.Equal(["own-body", "parent-body"], read.GetProperty("adoptionLevels").Strings());
    }

    [Fact]
    public async Task A_redelivered_envelope_is_applied_once_and_recorded_once_in_the_inbox()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        var eventId = Guid.NewGuid();
        var adopted = new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        await EventStreams.PublishAsync(Prefix, eventId, tenant, adopted);
        var first = await StatusIsAsync(client, id, "adopted");
        var countsAfterFirst = await IntakeDb.CountsAsync(factory.ConnectionString);

        var again = await EventStreams.PublishAsync(Prefix, eventId, tenant, adopted);
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionAdopted), again);

        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
        Assert.Equal(countsAfterFirst, await IntakeDb.CountsAsync(factory.ConnectionString));
        var after = await Drafts.GetAsync(client, id);
        Assert.Equal(first.GetProperty("updatedAt").GetDateTimeOffset(), after.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(["own-body"], after.GetProperty("adoptionLevels").Strings());
    }

    [Fact]
    public async Task A_redelivery_is_recognised_by_event_id_even_if_its_payload_differs()
    {
        // Proves dedup is by id, not by the effect being idempotent: the second copy would add a level if applied.
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        var eventId = Guid.NewGuid();
        await EventStreams.PublishAsync(Prefix, eventId, tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));
        await StatusIsAsync(client, id, "adopted");

        var again = await EventStreams.PublishAsync(Prefix, eventId, tenant,
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.National, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionAdopted), again);

        Assert.Equal(["own-body"], (await Drafts.GetAsync(client, id)).GetProperty("adoptionLevels").Strings());
        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
    }

    [Fact]
    public async Task SubmissionReturned_returns_the_item_which_can_then_be_edited_and_resubmitted()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant,
            new SubmissionReturned(id, Guid.NewGuid(), "请补充数据来源", DateTimeOffset.UtcNow));

        var returned = await StatusIsAsync(client, id, "returned");
        Assert.Equal("请补充数据来源", returned.GetProperty("reviewComment").GetString());

        var edit = await Drafts.PutAsync(client, id, new { title = "补充后的标题", body = "补充了数据来源的正文" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var resubmitted = await Drafts.SubmitAsync(client, id);

        Assert.Equal("submitted", resubmitted.GetProperty("status").GetString());
        Assert.False(resubmitted.TryGetProperty("reviewComment", out _), "resubmitting clears the review comment");
        var events = await IntakeDb.OutboxForAsync(factory.ConnectionString, id);
        Assert.Equal(2, events.Count(e => e.Type == nameof(SubmissionSubmitted)));
        Assert.Contains("补充后的标题", events[^1].Payload); // the second event carries the edited title
    }

    [Fact]
    public async Task SubmissionRejected_marks_it_not_adopted_and_it_can_no_longer_be_edited()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);

        await EventStreams.PublishAsync(Prefix, Guid.NewGuid(), tenant,
            new SubmissionRejected(id, Guid.NewGuid(), "与已有信息重复", DateTimeOffset.UtcNow));

        var rejected = await StatusIsAsync(client, id, "not-adopted");
        Assert.Equal("与已有信息重复", rejected.GetProperty("reviewComment").GetString());
        var edit = await Drafts.PutAsync(client, id, new { title = "再改", body = "再改" });
        Assert.Equal("invalid-state", (await edit.ReadProblemAsync(409)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_outcome_carrying_another_tenant_does_not_touch_the_submission()
    {
        var owner = Tenants.New();
        var client = factory.ClientFor(owner);
        var id = await Drafts.CreateSubmittedAsync(client);
        var eventId = Guid.NewGuid();

        var entry = await EventStreams.PublishAsync(Prefix, eventId, Tenants.New(),
            new SubmissionAdopted(id, Guid.NewGuid(), AdoptionLevel.OwnBody, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));
        await EventStreams.WaitUntilConsumedAsync(Prefix, nameof(SubmissionAdopted), entry);

        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId)); // consumed, found nothing
        var read = await Drafts.GetAsync(client, id);
        Assert.Equal("submitted", read.GetProperty("status").GetString());
        Assert.Empty(read.GetProperty("adoptionLevels").EnumerateArray());
    }
}
