using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Review.Jobs;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record DepartmentNoticeDto(Guid Id, string Kind, string Title, string Text, Guid HandlingId, Guid SubmissionId, string Link,
    DateTimeOffset OccurredAt, bool Read, DateTimeOffset? ReadAt);

public sealed record DepartmentNoticesDto(List<DepartmentNoticeDto> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>
/// 承办单位通知: a department's people read the steps of the handlings their department leads or co-handles — assigned,
/// transferred to or away from it, a request decided, reopened, 督办 reminders, overdue — once each, newest first, marked
/// read for the whole department; another department's and another tenant's stay out of sight.
/// </summary>
public sealed class DepartmentNoticeTests(DepartmentNoticeTests.Factory factory) : IClassFixture<DepartmentNoticeTests.Factory>
{
    /// <summary>The background 督办 pass runs rarely here: the tests run passes themselves.</summary>
    public sealed class Factory : ReviewFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Handling:SupervisionInterval"] = "01:00:00" };
    }

    private readonly HandlingKit _kit = new(factory);
    private static readonly DateOnly Today = HandlingKit.Today;

    private Task<int> PassAsync() => factory.Services.GetRequiredService<HandlingSupervision>().RunOnceAsync(CancellationToken.None);

    private static async Task<DepartmentNoticesDto> NoticesAsync(HttpClient department, string query = "pageSize=200")
    {
        var response = await department.GetAsync($"/handlings/notices?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<DepartmentNoticesDto>(ReviewKit.Json))!;
    }

    private static async Task<List<string>> KindsAsync(HttpClient department, Guid handlingId) =>
        [.. (await NoticesAsync(department, $"handlingId={handlingId}&pageSize=200")).Items.Select(n => n.Kind)];

    [Fact]
    public async Task Each_department_hears_of_its_own_handlings_steps_once_newest_first()
    {
        var tenant = ReviewKit.NewTenant();
        var (a, b, c, d) = (await _kit.DepartmentAsync(tenant, "区城管局"), await _kit.DepartmentAsync(tenant, "区住房城乡建委"),
            await _kit.DepartmentAsync(tenant, "区交通局"), await _kit.DepartmentAsync(tenant, "区水利局"));
        var writer = Guid.NewGuid();
        var adopted = await _kit.AdoptedAsync(tenant, writer);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, a.Id, co: [c.Id], deadline: Today.AddDays(10));
        var (aPerson, bPerson, cPerson, dPerson) = (_kit.DepartmentPerson(tenant, a.Id), _kit.DepartmentPerson(tenant, b.Id),
            _kit.DepartmentPerson(tenant, c.Id), _kit.DepartmentPerson(tenant, d.Id));
        var (aClient, bClient, staff) = (_kit.DepartmentClient(tenant, a.Id), _kit.DepartmentClient(tenant, b.Id), _kit.Staff(tenant));

        // A asks to transfer to B: staff approve; B asks for an extension: refused, then approved; B replies, the writer is not satisfied.
        var transfer = Assert.Single((await HandlingKit.StepOkAsync(aClient, handling.Id, "requests",
            new { kind = "transfer", reason = "不属于本部门职责", toDepartmentId = b.Id })).Requests);
        await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{transfer.Id}/decision", new { approve = true, comment = "同意转办" });
        await HandlingKit.StepOkAsync(bClient, handling.Id, "accept");
        var first = (await HandlingKit.StepOkAsync(bClient, handling.Id, "requests",
            new { kind = "extension", reason = "涉及规划调整", newDeadline = Today.AddDays(40) })).Requests[1];
        await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{first.Id}/decision", new { approve = false, comment = "请按期办结" });
        var second = (await HandlingKit.StepOkAsync(bClient, handling.Id, "requests",
            new { kind = "extension", reason = "涉及规划调整", newDeadline = Today.AddDays(40) })).Requests[2];
        await HandlingKit.StepOkAsync(staff, handling.Id, $"requests/{second.Id}/decision", new { approve = true });
        await HandlingKit.RepliedAsync(bClient, handling.Id);
        await HandlingKit.StepOkAsync(_kit.Writer(tenant, writer), handling.Id, "rating", new { rating = "dissatisfied", comment = "进度太慢" });

        // Newest first: what each department was told, and nothing of what it did itself (accepting, replying).
        Assert.Equal(["transferred-out", "assigned"], await KindsAsync(aPerson, handling.Id));
        Assert.Equal(["reopened", "extended", "request-refused", "transferred-in"], await KindsAsync(bPerson, handling.Id));
        // C co-handled from the start (a transfer keeps it a co-handler): told of every decision, the reply and the reopening.
        Assert.Equal(["co-reopened", "co-replied", "co-extended", "co-request-refused", "co-transferred", "co-assigned"],
            await KindsAsync(cPerson, handling.Id));
        // D is neither lead nor co-handler: nothing, by the list, the count and the table.
        Assert.Empty((await NoticesAsync(dPerson)).Items);
        Assert.Equal(0, (await dPerson.GetFromJsonAsync<JsonElement>("/handlings/notices/unread-count")).GetProperty("unread").GetInt32());
        Assert.Equal(0, await _kit.CountAsync("SELECT count(*) FROM department_notices WHERE tenant_id = $1 AND department_id = $2", tenant, d.Id));
        var cNotices = (await NoticesAsync(cPerson)).Items;
        Assert.Contains("已转由 区住房城乡建委 主办", cNotices[4].Text);
        Assert.Contains("同意转办", cNotices[4].Text);
        Assert.Contains("请按期办结", cNotices[3].Text);
        Assert.Contains($"已延至 {Today.AddDays(40):yyyy年M月d日}", cNotices[2].Text);
        Assert.Contains("已由主办单位 区住房城乡建委 答复", cNotices[1].Text);
        Assert.Contains("第2轮", cNotices[0].Text);
        Assert.Contains("进度太慢", cNotices[0].Text);
        Assert.All(cNotices, n => Assert.Equal(handling.Id, n.HandlingId));

        var bNotices = await NoticesAsync(bPerson);
        Assert.Equal((4, 4), (bNotices.Total, bNotices.Unread));
        var transferredIn = bNotices.Items[^1];
        Assert.Equal(("转办件（主办）", $"/api/review/handlings/{handling.Id}", adopted.SubmissionId), (transferredIn.Title, transferredIn.Link, transferredIn.SubmissionId));
        Assert.Contains("已转由贵单位主办", transferredIn.Text);
        Assert.Contains("同意转办", transferredIn.Text);
        Assert.Contains($"已延至 {Today.AddDays(40):yyyy年M月d日}", bNotices.Items[1].Text);
        Assert.Contains("请按期办结", bNotices.Items[2].Text);
        Assert.Contains("第2轮", bNotices.Items[0].Text);
        var assigned = (await NoticesAsync(aPerson)).Items[^1];
        Assert.Contains("区交通局", assigned.Text); // the co-handler named
        Assert.Contains(Today.AddDays(10).ToString("yyyy年M月d日"), assigned.Text);
        Assert.Equal(6, await _kit.CountAsync("SELECT count(*) FROM department_notices WHERE tenant_id = $1 AND department_id = $2", tenant, c.Id));
        Assert.Equal(12, await _kit.CountAsync("SELECT count(*) FROM department_notices WHERE tenant_id = $1", tenant));

        // Read by one person of B: read for B's system and its other people; marking again keeps the first time.
        var read = await (await ReviewKit.PostJsonAsync(bPerson, $"/handlings/notices/{transferredIn.Id}/read", new { })).Content
            .ReadFromJsonAsync<DepartmentNoticeDto>(ReviewKit.Json);
        Assert.True(read!.Read);
        var again = await (await ReviewKit.PostJsonAsync(_kit.DepartmentPerson(tenant, b.Id), $"/handlings/notices/{transferredIn.Id}/read", new { }))
            .Content.ReadFromJsonAsync<DepartmentNoticeDto>(ReviewKit.Json);
        Assert.Equal(read.ReadAt, again!.ReadAt);
        Assert.Equal(3, (await NoticesAsync(bClient)).Unread);
        Assert.Equal([transferredIn.Id], (await NoticesAsync(bClient, "unread=false")).Items.Select(n => n.Id));
        Assert.Equal(3, (await bPerson.GetFromJsonAsync<JsonElement>("/handlings/notices/unread-count")).GetProperty("unread").GetInt32());
        // Another department's notice is 404 and stays unread; read-all marks one's own only.
        await (await ReviewKit.PostJsonAsync(aPerson, $"/handlings/notices/{bNotices.Items[0].Id}/read", new { })).ReadProblemAsync(404);
        var all = await (await ReviewKit.PostJsonAsync(aPerson, "/handlings/notices/read-all", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, all.GetProperty("marked").GetInt32());
        Assert.Equal(0, (await NoticesAsync(aPerson)).Unread);
        Assert.Equal(3, (await NoticesAsync(bPerson)).Unread);
        Assert.Equal(6, (await NoticesAsync(cPerson)).Unread);
    }

    [Fact]
    public async Task A_handling_closed_by_the_writers_rating_tells_the_lead_and_its_co_handlers_once()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co, other) = (await _kit.DepartmentAsync(tenant, "区民政局"), await _kit.DepartmentAsync(tenant, "区卫生健康委"),
            await _kit.DepartmentAsync(tenant, "区文化旅游委"));
        var writer = Guid.NewGuid();
        var adopted = await _kit.AdoptedAsync(tenant, writer);
        var handling = await _kit.AssignAsync(tenant, adopted.SubmissionId, lead.Id, co: [co.Id], deadline: Today.AddDays(10));

        await HandlingKit.RepliedAsync(_kit.DepartmentClient(tenant, lead.Id), handling.Id, "A");
        await HandlingKit.StepOkAsync(_kit.Writer(tenant, writer), handling.Id, "rating", new { rating = "satisfied", comment = "问题已解决" });

        Assert.Equal(["closed", "assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, lead.Id), handling.Id));
        Assert.Equal(["co-closed", "co-replied", "co-assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, co.Id), handling.Id));
        Assert.Empty(await KindsAsync(_kit.DepartmentPerson(tenant, other.Id), handling.Id));
        var closed = (await NoticesAsync(_kit.DepartmentPerson(tenant, lead.Id))).Items[0];
        Assert.Equal("交办件已办结", closed.Title);
        Assert.Contains("经作者评价后已办结（共1轮）", closed.Text);
        Assert.Contains("评价意见：问题已解决", closed.Text);
        var coClosed = (await NoticesAsync(_kit.DepartmentPerson(tenant, co.Id))).Items[0];
        Assert.Equal("协办件已办结", coClosed.Title);
        Assert.Contains("（主办 区民政局）", coClosed.Text);
    }

    [Fact]
    public async Task A_co_handler_made_lead_by_a_transfer_is_told_once_as_the_lead_and_the_other_co_handler_as_a_co_handler()
    {
        var tenant = ReviewKit.NewTenant();
        var (a, b, c) = (await _kit.DepartmentAsync(tenant, "区规划局"), await _kit.DepartmentAsync(tenant, "区林业局"),
            await _kit.DepartmentAsync(tenant, "区环保局"));
        var handling = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, a.Id, co: [b.Id, c.Id]);
        var transfer = Assert.Single((await HandlingKit.StepOkAsync(_kit.DepartmentClient(tenant, a.Id), handling.Id, "requests",
            new { kind = "transfer", reason = "由协办单位主办更合适", toDepartmentId = b.Id })).Requests);
        await HandlingKit.StepOkAsync(_kit.Staff(tenant), handling.Id, $"requests/{transfer.Id}/decision", new { approve = true });

        Assert.Equal(["transferred-out", "assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, a.Id), handling.Id));
        Assert.Equal(["transferred-in", "co-assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, b.Id), handling.Id));
        Assert.Equal(["co-transferred", "co-assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, c.Id), handling.Id));
        Assert.Contains("已转由 区林业局 主办", (await NoticesAsync(_kit.DepartmentPerson(tenant, c.Id))).Items[0].Text);
    }

    [Fact]
    public async Task Reminders_and_the_overdue_notice_reach_the_lead_and_co_handlers_once_however_many_passes_run()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co, other) = (await _kit.DepartmentAsync(tenant, "区卫健委"), await _kit.DepartmentAsync(tenant, "区医保局"),
            await _kit.DepartmentAsync(tenant, "区体育局"));
        var handling = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, lead.Id, co: [co.Id]);
        var elsewhere = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, other.Id);
        Task SetDeadline(Guid id, DateOnly day) => _kit.ExecuteAsync("UPDATE handlings SET deadline = $2 WHERE id = $1", id, day);

        await SetDeadline(handling.Id, Today.AddDays(2));
        await Task.WhenAll(PassAsync(), PassAsync(), PassAsync());
        await SetDeadline(handling.Id, Today);
        await Task.WhenAll(PassAsync(), PassAsync());
        await SetDeadline(handling.Id, Today.AddDays(-1));
        await Task.WhenAll(PassAsync(), PassAsync());
        await PassAsync();

        var (leadPerson, coPerson) = (_kit.DepartmentPerson(tenant, lead.Id), _kit.DepartmentPerson(tenant, co.Id));
        Assert.Equal(["overdue", "reminder-due", "reminder-before", "assigned"], await KindsAsync(leadPerson, handling.Id));
        Assert.Equal(["overdue", "reminder-due", "reminder-before", "co-assigned"], await KindsAsync(coPerson, handling.Id));
        Assert.Equal(["assigned"], await KindsAsync(_kit.DepartmentPerson(tenant, other.Id), elsewhere.Id));
        Assert.Empty(await KindsAsync(_kit.DepartmentPerson(tenant, other.Id), handling.Id));
        var notices = (await NoticesAsync(leadPerson)).Items;
        Assert.Equal(("交办件即将到期", "交办件今日到期", "交办件已逾期"), (notices[2].Title, notices[1].Title, notices[0].Title));
        Assert.Contains($"将于 {Today.AddDays(2):yyyy年M月d日} 到期", notices[2].Text);
        Assert.Contains($"已超过办理期限（{Today.AddDays(-1):yyyy年M月d日}）", notices[0].Text);
        Assert.Equal(3, await _kit.CountAsync(
            "SELECT count(*) FROM department_notices WHERE handling_id = $1 AND department_id = $2 AND kind IN ('reminder-before', 'reminder-due', 'overdue')",
            handling.Id, co.Id));
    }

    [Fact]
    public async Task Only_a_departments_people_and_system_read_notices_and_never_another_tenants()
    {
        var (tenant, otherTenant) = (ReviewKit.NewTenant(), ReviewKit.NewTenant());
        var department = await _kit.DepartmentAsync(tenant, "区商务委");
        await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, department.Id);
        var notice = Assert.Single((await NoticesAsync(_kit.DepartmentPerson(tenant, department.Id))).Items);

        // Staff, a member, the tenant admin and a tenant-wide partner have no department: 403.
        foreach (var caller in new[] { _kit.Staff(tenant), _kit.Writer(tenant, Guid.NewGuid()), factory.ClientFor(tenant, [PlatformRoles.TenantAdmin]),
                     factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.ReviewRead], clientId: "spb-oa")) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync("/handlings/notices")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ReviewKit.PostJsonAsync(caller, $"/handlings/notices/{notice.Id}/read", new { })).StatusCode);
        }
        // Another tenant's token naming the same department id sees nothing and marks nothing.
        var forged = _kit.DepartmentPerson(otherTenant, department.Id);
        Assert.Equal(0, (await NoticesAsync(forged)).Total);
        await (await ReviewKit.PostJsonAsync(forged, $"/handlings/notices/{notice.Id}/read", new { })).ReadProblemAsync(404);
        Assert.Equal(0, (await (await ReviewKit.PostJsonAsync(forged, "/handlings/notices/read-all", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("marked").GetInt32());
        Assert.False(Assert.Single((await NoticesAsync(_kit.DepartmentPerson(tenant, department.Id))).Items).Read);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    public async Task A_bad_page_is_a_400_problem(string query)
    {
        var tenant = ReviewKit.NewTenant();
        var response = await _kit.DepartmentPerson(tenant, Guid.NewGuid()).GetAsync($"/handlings/notices?{query}");
        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.TryGetProperty("errors", out _) || problem.TryGetProperty("detail", out _));
    }
}
