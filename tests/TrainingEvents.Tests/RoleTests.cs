using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>
/// Who may read and organise training events: every person reads; only staff (staff-editor, director, leader, chair,
/// tenant-admin) schedule events and record attendance; partner systems read with training.read and never write.
/// Every refusal is 403 and creates nothing.
/// </summary>
public sealed class RoleTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private HttpClient As(string tenant, string role) => factory.ClientFor(tenant, [role], Guid.NewGuid());

    private HttpClient Partner(string tenant, params string[] scopes) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: scopes, clientId: "x"));

    private static async Task AssertForbiddenAsync(HttpResponseMessage response) =>
        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());

    /// <summary>A tenant with one event, scheduled by a staff editor, that one person attended.</summary>
    private async Task<(string Tenant, Guid Event)> TenantWithEventAsync()
    {
        var tenant = Tenants.New();
        var staff = As(tenant, PlatformRoles.StaffEditor);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingApi.NewEvent("履职能力培训"));
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, Guid.NewGuid())).StatusCode);
        return (tenant, id);
    }

    private static async Task AssertReadsAsync(HttpClient client, Guid id)
    {
        var list = await client.GetAsync(TrainingApi.Path);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal([id], (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        var one = await TrainingApi.GetAsync(client, id);
        Assert.Equal(("履职能力培训", 1), (one.GetProperty("title").GetString(), one.GetProperty("attended").GetInt32()));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Any_person_reads_events(string role)
    {
        var (tenant, id) = await TenantWithEventAsync();
        await AssertReadsAsync(As(tenant, role), id);
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("leader")]
    [InlineData("chair")]
    [InlineData("tenant-admin")]
    public async Task Staff_schedule_events_and_record_attendance(string role)
    {
        var tenant = Tenants.New();
        var staff = As(tenant, role);

        var id = await TrainingApi.ScheduleIdAsync(staff);
        var checkIn = await TrainingApi.CheckInAsync(staff, id, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        Assert.Equal(1, (await TrainingApi.GetAsync(staff, id)).GetProperty("attended").GetInt32());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_member_or_officer_can_neither_schedule_nor_record_attendance(string role)
    {
        var (tenant, id) = await TenantWithEventAsync();
        var client = As(tenant, role);
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);

        var schedule = await client.PostAsJsonAsync(TrainingApi.Path, TrainingApi.NewEvent("越权安排的活动"));
        var checkIn = await TrainingApi.CheckInAsync(client, id, Guid.NewGuid());

        await AssertForbiddenAsync(schedule);
        await AssertForbiddenAsync(checkIn);
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        await AssertReadsAsync(As(tenant, PlatformRoles.StaffEditor), id); // still one event, one attendance
    }

    [Fact]
    public async Task A_partner_with_training_read_reads_but_cannot_write()
    {
        var (tenant, id) = await TenantWithEventAsync();
        var partner = Partner(tenant, "training.read");

        await AssertReadsAsync(partner, id);

        var before = await TrainingDb.CountsAsync(factory.ConnectionString);
        await AssertForbiddenAsync(await partner.PostAsJsonAsync(TrainingApi.Path, TrainingApi.NewEvent("合作方安排的活动")));
        await AssertForbiddenAsync(await TrainingApi.CheckInAsync(partner, id, Guid.NewGuid()));
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
    }

    [Theory]
    [InlineData("")]
    [InlineData("intake.read intake.submit review.read people.read scoring.read")]
    public async Task A_partner_without_training_read_cannot_read(string scopes)
    {
        var (tenant, id) = await TenantWithEventAsync();
        var partner = Partner(tenant, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        await AssertForbiddenAsync(await partner.GetAsync(TrainingApi.Path));
        await AssertForbiddenAsync(await partner.GetAsync($"{TrainingApi.Path}/{id}"));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("staff-editor")]
    [InlineData("chair")]
    public async Task Only_a_tenant_admin_sees_dead_letters(string role)
    {
        var tenant = Tenants.New();

        await AssertForbiddenAsync(await As(tenant, role).GetAsync("/admin/dead-letters"));
        await AssertForbiddenAsync(await Partner(tenant, PlatformScopes.All).GetAsync("/admin/dead-letters"));
        Assert.Equal(HttpStatusCode.OK, (await As(tenant, PlatformRoles.TenantAdmin).GetAsync("/admin/dead-letters")).StatusCode);
    }
}
