using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>What the review tests do over and over: feed submissions, find cases, decide, look at the tables.</summary>
public sealed class ReviewKit(ReviewFactory factory)
{
    public const string ConsumerGroup = ResourceNames.Review;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public StreamFeeder Feeder { get; } = new(factory.RedisPrefix);

    /// <summary>A tenant of the test's own, so lists and counts see only its data.</summary>
    public static string NewTenant() => $"t{Guid.NewGuid():N}"[..12];

    public static SubmissionSubmitted NewSubmission(Guid? submissionId = null, string title = "关于加强社区养老服务的建议") =>
        new(submissionId ?? Guid.NewGuid(), title, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);

    public HttpClient Client(string tenant) => factory.ClientFor(tenant);

    /// <summary>Puts <paramref name="personId"/> into the tenant's people directory as the people service would have
    /// announced it (row written as the owner), so it may be named as a reviewer or assignee.</summary>
    public async Task<Guid> KnownPersonAsync(string tenant, Guid? personId = null, string name = "审核人")
    {
        var id = personId ?? Guid.NewGuid();
        await TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH added AS (INSERT INTO directory_persons (tenant_id, person_id, name, unit_id, version, deactivated_at)
                VALUES ($1, $2, $3, NULL, 1, NULL) ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM added
            """, tenant, id, name);
        return id;
    }

    public Task<FedEvent> SubmitAsync(string tenant, SubmissionSubmitted submitted, Guid? eventId = null) =>
        Feeder.PublishAsync(tenant, submitted, eventId);

    public async Task<PageDto<CaseDto>> ListAsync(string tenant, string query)
    {
        var response = await Client(tenant).GetAsync($"/cases?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PageDto<CaseDto>>(Json))!;
    }

    /// <summary>Waits until the tenant's case for the submission satisfies <paramref name="condition"/> (default: exists).</summary>
    public async Task<CaseDto> WaitForCaseAsync(string tenant, Guid submissionId, Func<CaseDto, bool>? condition = null)
    {
        var page = await Eventually.GetAsync(() => ListAsync(tenant, $"submissionId={submissionId}"),
            p => p.Items.Count > 0 && (condition is null || condition(p.Items[0])), what: $"case for submission {submissionId}");
        Assert.Single(page.Items);
        return page.Items[0];
    }

    /// <summary>A fresh open case at 初审 for a new submission of <paramref name="tenant"/>.</summary>
    public async Task<CaseDto> OpenCaseAsync(string tenant, SubmissionSubmitted? submitted = null)
    {
        submitted ??= NewSubmission();
        await SubmitAsync(tenant, submitted);
        return await WaitForCaseAsync(tenant, submitted.SubmissionId);
    }

    public async Task<CaseDto> GetCaseAsync(string tenant, Guid caseId)
    {
        var response = await Client(tenant).GetAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseDto>(Json))!;
    }

    /// <summary>The case's ETag as staff of the tenant read it, or a tag naming no version when they cannot read it.</summary>
    public async Task<string> ETagAsync(string tenant, Guid caseId)
    {
        var response = await Client(tenant).GetAsync($"/cases/{caseId}");
        return response.IsSuccessStatusCode ? response.Headers.ETag!.ToString() : "\"0\"";
    }

    /// <summary>The case's ETag as <paramref name="client"/> reads it.</summary>
    public static async Task<string> ETagAsAsync(HttpClient client, Guid caseId)
    {
        var response = await client.GetAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>A decision by staff of the tenant, with If-Match: the given ETag, else the case's current one.</summary>
    public async Task<HttpResponseMessage> DecideAsync(string tenant, Guid caseId, object decision, string? etag = null) =>
        await DecideAsAsync(Client(tenant), caseId, decision, etag ?? await ETagAsync(tenant, caseId));

    /// <summary>A decision by <paramref name="client"/> with If-Match <paramref name="etag"/> (null: no If-Match at all).</summary>
    public static Task<HttpResponseMessage> DecideAsAsync(HttpClient client, Guid caseId, object decision, string? etag) =>
        SendDecisionAsync(client, caseId, JsonContent.Create(decision), etag);

    public async Task<HttpResponseMessage> DecideRawAsync(string tenant, Guid caseId, string json) =>
        await SendDecisionAsync(Client(tenant), caseId, new StringContent(json, Encoding.UTF8, "application/json"), await ETagAsync(tenant, caseId));

    private static Task<HttpResponseMessage> SendDecisionAsync(HttpClient client, Guid caseId, HttpContent content, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cases/{caseId}/decisions") { Content = content };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    /// <summary>Takes a decision that must succeed and returns the case as the API answered it.</summary>
    public async Task<CaseDto> DecideOkAsync(string tenant, Guid caseId, object decision)
    {
        var response = await DecideAsync(tenant, caseId, decision);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseDto>(Json))!;
    }

    /// <summary>A new case passed through 初审 and 复审, waiting at 审定.</summary>
    public async Task<CaseDto> CaseAtFinalStageAsync(string tenant, SubmissionSubmitted? submitted = null)
    {
        var opened = await OpenCaseAsync(tenant, submitted);
        await DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        return await DecideOkAsync(tenant, opened.Id, new { action = "pass" });
    }

    /// <summary>A new item taken through 初审 and 复审 and adopted at 审定 (own body unless <paramref name="level"/> says otherwise).</summary>
    public async Task<CaseDto> AdoptedAsync(string tenant, SubmissionSubmitted? submitted = null, string level = "own-body")
    {
        var atFinal = await CaseAtFinalStageAsync(tenant, submitted);
        return await DecideOkAsync(tenant, atFinal.Id, new { action = "adopt", adoptionLevel = level });
    }

    /// <summary>A POST of a JSON body by <paramref name="client"/>, with an Idempotency-Key when given.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    // ---- the tables, read directly: what the API does not show (outbox, inbox) or must not change ----

    /// <summary>The case's own progress events (a stage passed, sent back, a reviewer assigned), which
    /// <see cref="OutboxRowsAsync"/> leaves out.</summary>
    public static readonly string[] CaseProgressEvents = ["CaseStagePassed", "CaseReturnedToStage", "CaseAssigned"];

    /// <summary>The outbox rows about the writer's item (returned, rejected, adopted, …), oldest first.</summary>
    public async Task<List<OutboxRow>> OutboxRowsAsync(Guid submissionId) =>
        [.. (await AllOutboxRowsAsync(submissionId)).Where(r => !CaseProgressEvents.Contains(r.Type))];

    public async Task<List<OutboxRow>> AllOutboxRowsAsync(Guid submissionId)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = source.CreateCommand("""
            SELECT id, tenant_id, type, payload::text, trace_parent, published_at FROM outbox_messages
            WHERE payload->>'submissionId' = $1 ORDER BY created_at
            """);
        command.Parameters.AddWithValue(submissionId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
            rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                JsonDocument.Parse(reader.GetString(3)).RootElement.Clone(),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return rows;
    }

    public Task<long> DecisionCountAsync(Guid caseId) =>
        CountAsync("SELECT count(*) FROM review_decisions WHERE case_id = $1", caseId);

    public Task<long> CaseCountAsync(Guid submissionId) =>
        CountAsync("SELECT count(*) FROM review_cases WHERE submission_id = $1", submissionId);

    /// <summary>Moves the case's current stage start <paramref name="days"/> days into the past (as if it waited there).</summary>
    public async Task AgeStageAsync(Guid caseId, double days)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = source.CreateCommand("UPDATE review_cases SET stage_started_at = stage_started_at - make_interval(secs => $2) WHERE id = $1");
        command.Parameters.AddWithValue(caseId);
        command.Parameters.AddWithValue(days * 86400);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public Task<long> InboxCountAsync(Guid eventId) =>
        CountAsync("SELECT count(*) FROM inbox_messages WHERE event_id = $1", eventId);

    private async Task<long> CountAsync(string sql, Guid id)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = source.CreateCommand(sql);
        command.Parameters.AddWithValue(id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
