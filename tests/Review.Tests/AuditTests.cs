using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>Every decision and every denial leaves an entry the tenant admin can read; nobody can change one.</summary>
public sealed class AuditTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private async Task<JsonElement[]> AuditAsync(string tenant, string action)
    {
        var admin = factory.ClientFor(tenant, [PlatformRoles.TenantAdmin]);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/admin/audit?action={action}&pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task A_decision_is_audited_with_subject_stage_outcome_and_trace()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var opened = await _kit.OpenCaseAsync(tenant);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var editorId = Guid.NewGuid().ToString();
        var editor = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.StaffEditor], clientId: editorId));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cases/{opened.Id}/decisions") { Content = JsonContent.Create(new { action = "pass" }) };
        request.Headers.TryAddWithoutValidation("If-Match", await _kit.ETagAsync(tenant, opened.Id));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(request)).StatusCode);

        var entry = Assert.Single(await AuditAsync(tenant, "review-decision"));
        Assert.Equal(editorId, entry.GetProperty("subject").GetString());
        Assert.Contains(opened.Id.ToString(), entry.GetProperty("resource").GetString());
        Assert.Contains("初审", entry.GetProperty("resource").GetString());
        Assert.Equal("pass", entry.GetProperty("outcome").GetString());
        Assert.Equal(traceId, entry.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_denial_is_audited_and_another_tenants_admin_does_not_see_it()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var opened = await _kit.OpenCaseAsync(tenant);
        var director = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Director], clientId: "director-1"));

        var refused = await ReviewKit.DecideAsAsync(director, opened.Id, new { action = "pass" }, await _kit.ETagAsync(tenant, opened.Id));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var entry = Assert.Single(await AuditAsync(tenant, "access-denied"));
        Assert.Equal("director-1", entry.GetProperty("subject").GetString());
        Assert.Equal($"POST /cases/{opened.Id}/decisions", entry.GetProperty("resource").GetString());
        Assert.Empty(await AuditAsync($"t{Guid.NewGuid():N}"[..12], "access-denied"));
    }

    [Fact]
    public async Task Only_the_tenant_admin_reads_the_trail()
    {
        var response = await factory.ClientFor("spb-zx", [PlatformRoles.StaffEditor]).GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_trail_is_append_only_in_the_database()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var opened = await _kit.OpenCaseAsync(tenant);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE audit_entries SET outcome = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText);
        }
        Assert.Single(await AuditAsync(tenant, "review-decision"));
    }
}
