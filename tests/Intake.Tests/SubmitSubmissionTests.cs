using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>POST /submissions/{id}/submit: the state change and its SubmissionSubmitted event, outbox to Redis.</summary>
public sealed class SubmitSubmissionTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Submitting_a_draft_sets_status_submitted_and_the_submit_time()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var answered = await Drafts.SubmitAsync(client, id);

        Assert.Equal("submitted", answered.GetProperty("status").GetString());
        var read = await Drafts.GetAsync(client, id);
        Assert.Equal("submitted", read.GetProperty("status").GetString());
        var submittedAt = read.GetProperty("submittedAt").GetDateTimeOffset();
        Assert.InRange(submittedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Submitting_writes_one_SubmissionSubmitted_outbox_row_for_the_tenant_with_the_payload()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var created = await Drafts.CreateAsync(client);
        var id = created.GetProperty("id").GetGuid();

        await Drafts.SubmitAsync(client, id);

        var row = Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
        Assert.Equal("SubmissionSubmitted", row.Type);
        Assert.Equal(tenant, row.TenantId);
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal(id, payload.GetProperty("submissionId").GetGuid());
        Assert.Equal(created.GetProperty("title").GetString(), payload.GetProperty("title").GetString());
        Assert.Equal(created.GetProperty("authorPersonId").GetGuid(), payload.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(created.GetProperty("unitId").GetGuid(), payload.GetProperty("unitId").GetGuid());
    }

    [Fact]
    public async Task The_relay_publishes_the_event_to_its_Redis_stream_and_marks_the_row_published()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var id = await Drafts.CreateSubmittedAsync(client);
        var rowId = Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id)).Id;

        var published = await Eventually.GetAsync(
            async () => Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id)),
            row => row.PublishedAt is not null, what: "outbox row published");
        Assert.Equal(rowId, published.Id);

        var entries = await EventStreams.EntriesAsync(factory.RedisPrefix, "SubmissionSubmitted");
        var entry = Assert.Single(entries, e => e["id"] == rowId.ToString());
        Assert.Equal(tenant, entry["tenant"].ToString());
        Assert.Equal("SubmissionSubmitted", entry["type"].ToString());
        var payload = JsonDocument.Parse(entry["payload"].ToString()).RootElement;
        Assert.Equal(id, payload.GetProperty("submissionId").GetGuid());
        Assert.StartsWith("00-", entry["traceparent"].ToString()); // trace context travels with the event
    }

    [Fact]
    public async Task Submitting_twice_is_an_invalid_state_conflict_and_writes_no_second_event()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateSubmittedAsync(client);
        var first = await Drafts.GetAsync(client, id);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var response = await Drafts.PostSubmitAsync(client, id);

        var problem = await response.ReadProblemAsync(409);
        Assert.Equal("invalid-state", problem.GetProperty("code").GetString());
        Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        var after = await Drafts.GetAsync(client, id);
        Assert.Equal(first.GetProperty("submittedAt").GetDateTimeOffset(), after.GetProperty("submittedAt").GetDateTimeOffset());
    }
}
