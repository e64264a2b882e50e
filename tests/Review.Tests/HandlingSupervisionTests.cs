using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Review.Jobs;

using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>督办: reminders before and at the deadline and the overdue escalation, each once; the overdue lists.</summary>
public sealed class HandlingSupervisionTests(HandlingSupervisionTests.Factory factory) : IClassFixture<HandlingSupervisionTests.Factory>
{
    /// <summary>The background pass runs rarely here: the tests run passes themselves (and at once, as replicas would).</summary>
    public sealed class Factory : ReviewFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Handling:SupervisionInterval"] = "01:00:00" };
    }

    private readonly HandlingKit _kit = new(factory);
    private static readonly DateOnly Today = HandlingKit.Today;

    private Task<int> PassAsync() => factory.Services.GetRequiredService<HandlingSupervision>().RunOnceAsync(CancellationToken.None);

    private Task SetDeadlineAsync(Guid handlingId, DateOnly deadline) =>
        _kit.ExecuteAsync("UPDATE handlings SET deadline = $2 WHERE id = $1", handlingId, deadline);

    private async Task<List<(string Type, string? Kind, string Deadline)>> NoticesAsync(Guid submissionId) =>
        [.. (await _kit.EventsAsync(submissionId)).Where(e => e.Type is "HandlingReminderDue" or "HandlingOverdue")
            .Select(e => (e.Type, e.Payload.TryGetProperty("kind", out var k) ? k.GetString() : null, e.Payload.GetProperty("deadline").GetString()!))];

    [Fact]
    public async Task Each_notice_is_raised_once_however_many_passes_run_at_once_and_replied_items_get_none()
    {
        var tenant = ReviewKit.NewTenant();
        var lead = await _kit.DepartmentAsync(tenant);
        var supervisor = await _kit.Review.KnownPersonAsync(tenant, name: "督办领导");
        var (near, due, late, far, replied) = (await _kit.AdoptedAsync(tenant), await _kit.AdoptedAsync(tenant), await _kit.AdoptedAsync(tenant),
            await _kit.AdoptedAsync(tenant), await _kit.AdoptedAsync(tenant));
        var handlings = new List<HandlingDto>();
        foreach (var item in new[] { near, due, late, far, replied })
            handlings.Add(await _kit.AssignAsync(tenant, item.SubmissionId, lead.Id));
        var staff = _kit.Staff(tenant);
        var withSupervisor = await _kit.AssignRawAsync(staff, HandlingKit.Assignment((await _kit.AdoptedAsync(tenant)).SubmissionId, lead.Id, supervisorPersonId: supervisor));
        var supervised = (await withSupervisor.Content.ReadFromJsonAsync<HandlingDto>(ReviewKit.Json))!;
        await HandlingKit.RepliedAsync(_kit.DepartmentClient(tenant, lead.Id), handlings[4].Id);
        await SetDeadlineAsync(handlings[0].Id, Today.AddDays(2));
        await SetDeadlineAsync(handlings[1].Id, Today);
        await SetDeadlineAsync(handlings[2].Id, Today.AddDays(-3));
        await SetDeadlineAsync(handlings[3].Id, Today.AddDays(20));
        await SetDeadlineAsync(handlings[4].Id, Today.AddDays(-3));
        await SetDeadlineAsync(supervised.Id, Today.AddDays(-1));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PassAsync()));
        await PassAsync();

        Assert.Equal([("HandlingReminderDue", "before", Today.AddDays(2).ToString("yyyy-MM-dd"))], await NoticesAsync(near.SubmissionId));
        Assert.Equal([("HandlingReminderDue", "due", Today.ToString("yyyy-MM-dd"))], await NoticesAsync(due.SubmissionId));
        Assert.Equal([("HandlingOverdue", null, Today.AddDays(-3).ToString("yyyy-MM-dd"))], await NoticesAsync(late.SubmissionId));
        Assert.Empty(await NoticesAsync(far.SubmissionId));
        Assert.Empty(await NoticesAsync(replied.SubmissionId));
        var escalated = (await _kit.EventsAsync(supervised.SubmissionId)).Single(e => e.Type == "HandlingOverdue").Payload;
        Assert.Equal(supervisor, escalated.GetProperty("supervisorPersonId").GetGuid());
        Assert.Equal(lead.Id, escalated.GetProperty("lead").GetProperty("departmentId").GetGuid());
        Assert.Equal(2, escalated.GetProperty("authors").GetArrayLength());
        Assert.Equal(4, await _kit.CountAsync("SELECT count(*) FROM handling_notices WHERE tenant_id = $1", tenant));
        // The supervising leader hears of it once, in the same transaction; the writers are not told.
        var feedback = new FeedbackKit(factory);
        var told = Assert.Single((await feedback.InboxAsync(tenant, supervisor)).Items);
        Assert.Equal(("handling-overdue", $"/api/review/handlings/{supervised.Id}"), (told.Kind, told.Link));
        Assert.Contains($"已超过办理期限（{Today.AddDays(-1):yyyy年M月d日}）仍未答复", told.Text);
        foreach (var author in escalated.GetProperty("authors").EnumerateArray())
            Assert.DoesNotContain("handling-overdue", await feedback.KindsAsync(tenant, author.GetProperty("personId").GetGuid()));

        // The day moves on (as an extension or the calendar would): the near one's deadline is today, so "due" follows once.
        await SetDeadlineAsync(handlings[0].Id, Today);
        await Task.WhenAll(PassAsync(), PassAsync());
        Assert.Equal(["before", "due"], (await NoticesAsync(near.SubmissionId)).Select(n => n.Kind));
    }

    [Fact]
    public async Task The_overdue_list_shows_the_tenants_or_one_departments_and_a_department_only_its_own()
    {
        var tenant = ReviewKit.NewTenant();
        var (first, second) = (await _kit.DepartmentAsync(tenant), await _kit.DepartmentAsync(tenant));
        var a = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, first.Id);
        var b = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, second.Id, [first.Id]);
        var c = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, second.Id);
        var onTime = await _kit.AssignAsync(tenant, (await _kit.AdoptedAsync(tenant)).SubmissionId, first.Id);
        await SetDeadlineAsync(a.Id, Today.AddDays(-5));
        await SetDeadlineAsync(b.Id, Today.AddDays(-2));
        await SetDeadlineAsync(c.Id, Today.AddDays(-1));
        var staff = _kit.Staff(tenant);

        var all = (await staff.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings/overdue", ReviewKit.Json))!;
        Assert.Equal([(a.Id, 5), (b.Id, 2), (c.Id, 1)], all.Items.Select(h => (h.Id, h.OverdueDays)));
        Assert.All(all.Items, h => Assert.True(h.Overdue));
        Assert.Equal([a.Id, b.Id], (await staff.GetFromJsonAsync<PageDto<HandlingDto>>($"/handlings/overdue?departmentId={first.Id}", ReviewKit.Json))!.Items.Select(h => h.Id));
        var department = _kit.DepartmentClient(tenant, second.Id);
        Assert.Equal([b.Id, c.Id], (await department.GetFromJsonAsync<PageDto<HandlingDto>>("/handlings/overdue", ReviewKit.Json))!.Items.Select(h => h.Id));
        await (await department.GetAsync($"/handlings/overdue?departmentId={first.Id}")).ReadProblemAsync(404);
        await (await staff.GetAsync($"/handlings/overdue?departmentId={Guid.NewGuid()}")).ReadProblemAsync(404);
        Assert.DoesNotContain(onTime.Id, all.Items.Select(h => h.Id));
        Assert.Empty((await _kit.Staff(ReviewKit.NewTenant()).GetFromJsonAsync<PageDto<HandlingDto>>("/handlings/overdue", ReviewKit.Json))!.Items);
    }
}
