using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>The platform operator's outbox controls: status, and republishing after Redis lost events.</summary>
public sealed class OutboxAdminApiTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private HttpClient Operator(string tenant) => factory.ClientFor(tenant, [PlatformRoles.PlatformOperator]);

    private Task<long> UnpublishedAsync(Guid submissionId) => TestDb.ScalarAsync<long>(factory.ConnectionString,
        "SELECT count(*) FROM outbox_messages WHERE payload->>'submissionId' = $1 AND published_at IS NULL", submissionId.ToString());

    [Fact]
    public async Task Republish_queues_every_tenants_published_events_since_the_time_again_and_is_audited()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-2);
        var (a, b) = (Tenants.New(), Tenants.New());
        var first = await Drafts.CreateSubmittedAsync(factory.ClientFor(a));
        var second = await Drafts.CreateSubmittedAsync(factory.ClientFor(b));
        foreach (var id in new[] { first, second })
            await Eventually.GetAsync(() => UnpublishedAsync(id), n => n == 0, what: "published by the relay");

        var response = await Operator(a).PostAsJsonAsync("/admin/outbox/republish", new { since });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("republished").GetInt32() >= 2);
        // Queued again for both tenants; the running relay publishes them once more.
        var republished = await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM outbox_messages WHERE payload->>'submissionId' = ANY($1) AND created_at >= $2",
            new[] { first.ToString(), second.ToString() }, since);
        Assert.Equal(2, republished);
        foreach (var id in new[] { first, second })
            await Eventually.GetAsync(() => UnpublishedAsync(id), n => n == 0, what: "published again");
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'outbox-republished'", a));
    }

    [Fact]
    public async Task The_status_shows_the_queue()
    {
        var response = await Operator(Tenants.New()).GetAsync("/admin/outbox");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status.GetProperty("pending").GetInt64() >= 0);
        Assert.True(status.TryGetProperty("publishedLastDay", out _));
    }

    [Theory]
    [InlineData(PlatformRoles.TenantAdmin)]
    [InlineData(PlatformRoles.StaffEditor)]
    [InlineData(PlatformRoles.Member)]
    public async Task Only_the_platform_operator_may_republish(string role)
    {
        var client = factory.ClientFor(Tenants.New(), [role], personId: Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/admin/outbox/republish", new { since = DateTimeOffset.UtcNow.AddHours(-1) });

        await response.ReadProblemAsync(403);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/outbox")).StatusCode);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "{}", "since" },
        { """{"since":"2999-01-01T00:00:00Z"}""", "since" },
        { """{"since":"2020-01-01T00:00:00Z"}""", "since" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_missing_future_or_too_old_time_is_refused_and_changes_nothing(string body, string field)
    {
        var before = await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL");

        var response = await Operator(Tenants.New()).PostAsync("/admin/outbox/republish",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.True(before >= await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"));
    }
}
