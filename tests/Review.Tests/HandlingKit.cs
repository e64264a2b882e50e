using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record DepartmentDto(Guid Id, string Name, bool Active);

public sealed record ReplyDto(int Round, string Category, string CategoryLabel, string Text, List<Guid> AttachmentFileIds, Guid DepartmentId,
    DateOnly Deadline, bool OnTime);

public sealed record RequestDto(Guid Id, string Kind, string KindLabel, string Reason, Guid? ToDepartmentId, DateOnly? NewDeadline, string Decision,
    string? DecisionComment);

public sealed record RatingDto(int Round, string Rating, string RatingLabel, string? Comment, Guid PersonId);

public sealed record HandlingDto(Guid Id, Guid SubmissionId, Guid CaseId, Guid? InstructionId, Guid LeadDepartmentId, string LeadDepartmentName,
    List<Guid> CoDepartmentIds, DateOnly Deadline, DateOnly AssignedOn, DateOnly AdoptedOn, string Status, string StatusLabel, int Round,
    List<Guid> AuthorPersonIds, List<ReplyDto> Replies, List<RequestDto> Requests, List<RatingDto> Ratings, DateTimeOffset? ClosedAt,
    bool Overdue, int OverdueDays);

/// <summary>What the 交办 tests do over and over: departments, an adopted item assigned, a department's client, its steps.</summary>
public sealed class HandlingKit(ReviewFactory factory)
{
    public ReviewKit Review { get; } = new(factory);
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public HttpClient Staff(string tenant) => factory.ClientFor(tenant);

    /// <summary>A department's system: partner, scope review.handle, bound to the department.</summary>
    public HttpClient DepartmentClient(string tenant, Guid departmentId) => factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner],
        scopes: [PlatformScopes.ReviewHandle], clientId: $"{tenant}-dept-{departmentId:N}"[..40], departmentId: departmentId));

    /// <summary>A person of the department (department role).</summary>
    public HttpClient DepartmentPerson(string tenant, Guid departmentId) =>
        factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Department], Guid.NewGuid(), departmentId: departmentId));

    public HttpClient Writer(string tenant, Guid personId) => factory.ClientFor(tenant, [PlatformRoles.Member], personId);

    public async Task<DepartmentDto> DepartmentAsync(string tenant, string? name = null)
    {
        var response = await Staff(tenant).PostAsJsonAsync("/departments", new { name = name ?? $"区民政局{Guid.NewGuid():N}"[..12] });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DepartmentDto>(ReviewKit.Json))!;
    }

    /// <summary>An adopted item by <paramref name="authors"/> (two new persons unless given).</summary>
    public async Task<CaseDto> AdoptedAsync(string tenant, params Guid[] authors)
    {
        if (authors.Length == 0) authors = [Guid.NewGuid(), Guid.NewGuid()];
        var submitted = ReviewKit.NewSubmission() with
        {
            AuthorPersonId = authors[0],
            Authors = [.. authors.Select((a, i) => new AuthorShare(a, i + 1, Math.Round(1m / authors.Length, 4)))],
        };
        return await Review.AdoptedAsync(tenant, submitted);
    }

    public static object Assignment(Guid? submissionId, Guid? lead, IReadOnlyList<Guid>? co = null, DateOnly? deadline = null,
        Guid? instructionId = null, Guid? supervisorPersonId = null, string? note = null) =>
        new { submissionId, leadDepartmentId = lead, coDepartmentIds = co, deadline = deadline ?? Today.AddDays(30), instructionId, supervisorPersonId, note };

    public Task<HttpResponseMessage> AssignRawAsync(HttpClient client, object body, string? key = null) =>
        ReviewKit.PostJsonAsync(client, "/handlings", body, key);

    public async Task<HandlingDto> AssignAsync(string tenant, Guid submissionId, Guid lead, IReadOnlyList<Guid>? co = null, DateOnly? deadline = null)
    {
        var response = await AssignRawAsync(Staff(tenant), Assignment(submissionId, lead, co, deadline));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<HandlingDto>(ReviewKit.Json))!;
    }

    public static async Task<string> ETagAsync(HttpClient client, Guid handlingId)
    {
        var response = await client.GetAsync($"/handlings/{handlingId}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    /// <summary>A POST on the handling with its current ETag (as <paramref name="client"/> reads it, or <paramref name="etag"/>).</summary>
    public static async Task<HttpResponseMessage> StepAsync(HttpClient client, Guid handlingId, string step, object? body = null, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/handlings/{handlingId}/{step}") { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await ETagAsync(client, handlingId));
        return await client.SendAsync(request);
    }

    public static async Task<HandlingDto> StepOkAsync(HttpClient client, Guid handlingId, string step, object? body = null)
    {
        var response = await StepAsync(client, handlingId, step, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<HandlingDto>(ReviewKit.Json))!;
    }

    /// <summary>Accepted and replied by the lead department's client.</summary>
    public static async Task<HandlingDto> RepliedAsync(HttpClient department, Guid handlingId, string category = "B")
    {
        var current = await department.GetFromJsonAsync<HandlingDto>($"/handlings/{handlingId}", ReviewKit.Json);
        if (current!.Status == "assigned") await StepOkAsync(department, handlingId, "accept");
        return await StepOkAsync(department, handlingId, "reply", new { category, text = "已会同相关部门研究，正在推进。" });
    }

    /// <summary>The handling events of an item in the outbox, oldest first (type and payload).</summary>
    public async Task<List<(string Type, JsonElement Payload)>> EventsAsync(Guid submissionId) =>
        [.. (await Review.AllOutboxRowsAsync(submissionId)).Where(r => r.Type.StartsWith("Handling")).Select(r => (r.Type, r.Payload))];

    public Task<long> CountAsync(string sql, params object[] args) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, args);

    public Task<long> ExecuteAsync(string sql, params object[] args) => TestDb.ScalarAsync<long>(factory.ConnectionString,
        $"WITH changed AS ({sql} RETURNING 1) SELECT count(*) FROM changed", args);
}
