using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>任务: 委员 ≥1 adopted a year, 专委会 members ≥1 submitted a year, unit targets; completion, forecast, reminders.</summary>
public sealed class QuotasTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private sealed record People(Guid Adopted, Guid OnlySubmitted, Guid CommitteeSubmitted, Guid FormerCommittee, Guid Deactivated, Guid Idle,
        Guid Committee);

    /// <summary>A (委员, adopted: met), B (委员, only submitted: behind), C (专委会, submitted: met), D (专委会 until 2025:
    /// no quota), E (委员, deactivated: no quota), F (委员 and 专委会, nothing: behind on both).</summary>
    private async Task<People> SeedAsync(string tenant)
    {
        var p = new People(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _kit.FeedAsync(tenant, new UnitCreated(p.Committee, "民宗委", "special-committee"));
        foreach (var (id, name, kinds) in new[] { (p.Adopted, "甲", "member"), (p.OnlySubmitted, "乙", "member"), (p.CommitteeSubmitted, "丙", "party-member"),
                     (p.FormerCommittee, "丁", "party-member"), (p.Deactivated, "戊", "member"), (p.Idle, "己", "member") })
            await _kit.FeedAsync(tenant, new PersonRegistered(id, name, null, ["member"], [kinds]));
        await _kit.FeedAsync(tenant, new PersonDeactivated(p.Deactivated, DateTimeOffset.UtcNow, "离任", 2));
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), p.CommitteeSubmitted, p.Committee, "委员", new DateOnly(2026, 3, 1), null, 1));
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), p.FormerCommittee, p.Committee, "委员", new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31), 1));
        await _kit.FeedAsync(tenant, new MembershipChanged(Guid.NewGuid(), p.Idle, p.Committee, "委员", new DateOnly(2026, 1, 1), null, 1));
        await ItemAsync(tenant, p.Adopted, p.Committee, adopted: true, at: ScoringKit.Beijing(2026, 5, 10, 9));
        await ItemAsync(tenant, p.OnlySubmitted, p.Committee, adopted: false, at: ScoringKit.Beijing(2026, 5, 10, 9));
        await ItemAsync(tenant, p.CommitteeSubmitted, p.Committee, adopted: false, at: ScoringKit.Beijing(2026, 7, 1, 9));
        await ItemAsync(tenant, p.Deactivated, p.Committee, adopted: false, at: ScoringKit.Beijing(2026, 7, 1, 9));
        return p;
    }

    [Fact]
    public async Task Completion_counts_each_person_s_quotas_from_kind_and_committee_membership()
    {
        var tenant = ScoringKit.NewTenant();
        var p = await SeedAsync(tenant);

        var completion = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/completion?year=2026");

        Assert.Equal((4, 2, 0.5m), (completion.GetProperty("persons").GetInt32(), completion.GetProperty("personsMet").GetInt32(),
            completion.GetProperty("rate").GetDecimal()));
        var lines = Lines(completion.GetProperty("personList"));
        Assert.Equal(new HashSet<Guid> { p.Adopted, p.OnlySubmitted, p.CommitteeSubmitted, p.Idle }, lines.Keys.ToHashSet());
        Assert.Equal([("member-adopted", 1, 1, true)], lines[p.Adopted]);
        Assert.Equal([("member-adopted", 1, 0, false)], lines[p.OnlySubmitted]);
        Assert.Equal([("special-committee-submitted", 1, 1, true)], lines[p.CommitteeSubmitted]);
        Assert.Equal([("member-adopted", 1, 0, false), ("special-committee-submitted", 1, 0, false)], lines[p.Idle]);
    }

    [Fact]
    public async Task The_forecast_lists_those_behind_once_a_quarter_is_left_and_not_before_the_pace_asks()
    {
        var tenant = ScoringKit.NewTenant();
        var p = await SeedAsync(tenant);

        var october = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/forecast?month=2026-10");
        Assert.Equal(2, october.GetProperty("monthsLeft").GetInt32());
        Assert.Equal(new HashSet<Guid> { p.OnlySubmitted, p.Idle }, Lines(october.GetProperty("personsBehind")).Keys.ToHashSet());

        // Before the warning month a quota of 1 a year asks 0 by June (1 × 6 / 12, rounded down): nobody is behind yet.
        var june = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/forecast?month=2026-06");
        Assert.Empty(june.GetProperty("personsBehind").EnumerateArray());
        // An item of July is not counted at the end of June: C is not yet met then, but not behind either.
        await ChangeAsync(tenant, "\"0\"", new { warnFromMonth = 6 });
        var juneWarned = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/forecast?month=2026-06");
        Assert.Contains(p.CommitteeSubmitted, Lines(juneWarned.GetProperty("personsBehind")).Keys);
    }

    [Fact]
    public async Task A_reminder_run_publishes_one_QuotaReminderDue_per_person_behind_and_a_second_run_nothing_new()
    {
        var tenant = ScoringKit.NewTenant();
        var p = await SeedAsync(tenant);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);

        var first = await PostAsync(staff, "/quotas/reminders?month=2026-10");
        Assert.Equal(("2026-10", 2, 0), (first.GetProperty("month").GetString(), first.GetProperty("published").GetInt32(),
            first.GetProperty("alreadySent").GetInt32()));
        var second = await PostAsync(staff, "/quotas/reminders?month=2026-10");
        Assert.Equal((0, 2), (second.GetProperty("published").GetInt32(), second.GetProperty("alreadySent").GetInt32()));

        var events = await ReminderEventsAsync(tenant);
        Assert.Equal(2, events.Count);
        var idle = Assert.Single(events, e => e.GetProperty("personId").GetGuid() == p.Idle);
        Assert.Equal(("2026-10", 2), (idle.GetProperty("month").GetString(), idle.GetProperty("monthsLeft").GetInt32()));
        Assert.Equal(["member-adopted", "special-committee-submitted"],
            idle.GetProperty("behind").EnumerateArray().Select(b => b.GetProperty("quota").GetString()!).Order());
        Assert.Contains(events, e => e.GetProperty("personId").GetGuid() == p.OnlySubmitted);
        // The next month is another reminder.
        Assert.Equal(2, (await PostAsync(staff, "/quotas/reminders?month=2026-11")).GetProperty("published").GetInt32());
        Assert.Equal(4, (await ReminderEventsAsync(tenant)).Count);
    }

    [Fact]
    public async Task Unit_targets_are_set_with_If_Match_and_counted_per_unit()
    {
        var tenant = ScoringKit.NewTenant();
        var p = await SeedAsync(tenant);
        var admin = _kit.Admin(tenant);
        var initial = await admin.GetAsync("/quotas");
        Assert.Equal("\"0\"", initial.Headers.ETag!.Tag);

        var set = await ChangeAsync(tenant, "\"0\"", new { unitTargets = new[] { new { unitId = p.Committee, submitted = 5, adopted = 1 } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("\"1\"", set.Headers.ETag!.Tag);
        await (await ChangeAsync(tenant, "\"0\"", new { memberAdoptedPerYear = 2 })).ReadProblemAsync(412);

        var completion = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/completion?year=2026");
        var unit = Assert.Single(completion.GetProperty("units").EnumerateArray());
        Assert.Equal((p.Committee, "民宗委"), (unit.GetProperty("unitId").GetGuid(), unit.GetProperty("name").GetString()));
        // Four items for the committee, one withdrawn-free adoption among them: 4 of 5 submitted, 1 of 1 adopted.
        Assert.Equal([("unit-submitted", 5, 4, false), ("unit-adopted", 1, 1, true)], LinesOf(unit.GetProperty("quotas")));
    }

    [Fact]
    public async Task The_worker_reminds_for_the_current_month_once_however_often_it_runs()
    {
        var tenant = ScoringKit.NewTenant();
        await SeedAsync(tenant);
        var worker = ActivatorUtilities.CreateInstance<Quotas.QuotaReminderWorker>(factory.Services);
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var month = $"{now.Year:0000}-{now.Month:00}";

        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        // From October on everyone short of a quota is behind: B and F (the seed's items are of 2026).
        var expected = now.Month < 10 ? 0 : now.Year == 2026 ? 2 : 4;
        Assert.Equal(expected, (await ReminderEventsAsync(tenant)).Count(e => e.GetProperty("month").GetString() == month));
    }

    [Theory]
    [InlineData("{\"warnFromMonth\":13}", "warnFromMonth")]
    [InlineData("{\"memberAdoptedPerYear\":-1}", "memberAdoptedPerYear")]
    [InlineData("{\"specialCommitteeSubmittedPerYear\":1001}", "specialCommitteeSubmittedPerYear")]
    [InlineData("{\"unitTargets\":[{\"submitted\":1}]}", "unitTargets[0].unitId")]
    [InlineData("{\"unitTargets\":[{\"unitId\":\"5b7f8f52-1111-4a8a-9a0e-0c0c0c0c0c0c\",\"submitted\":1}]}", "unitTargets[0].unitId")]
    public async Task Bad_quotas_are_a_400_naming_the_field_and_change_nothing(string body, string field)
    {
        var tenant = ScoringKit.NewTenant();
        var request = new HttpRequestMessage(HttpMethod.Put, "/quotas") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");

        var problem = await (await _kit.Admin(tenant).SendAsync(request)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("\"0\"", (await _kit.Admin(tenant).GetAsync("/quotas")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Completion_pages_its_person_list_without_gaps_or_overlaps_and_keeps_the_totals_of_everyone()
    {
        var tenant = ScoringKit.NewTenant();
        var p = await SeedAsync(tenant);

        var first = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/completion?year=2026&page=1&pageSize=3");
        var second = await GetAsync<JsonElement>(_kit.Client(tenant), "/quotas/completion?year=2026&page=2&pageSize=3");

        Assert.Equal((3, 1), (Lines(first.GetProperty("personList")).Count, Lines(second.GetProperty("personList")).Count));
        Assert.Equal(new HashSet<Guid> { p.Adopted, p.OnlySubmitted, p.CommitteeSubmitted, p.Idle },
            Lines(first.GetProperty("personList")).Keys.Concat(Lines(second.GetProperty("personList")).Keys).ToHashSet());
        Assert.All(new[] { first, second }, c => Assert.Equal((4, 2, 0.5m, 3), (c.GetProperty("persons").GetInt32(),
            c.GetProperty("personsMet").GetInt32(), c.GetProperty("rate").GetDecimal(), c.GetProperty("pageSize").GetInt32())));
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        await (await _kit.Client(tenant).GetAsync("/quotas/completion?year=2026&pageSize=0")).ReadProblemAsync(400);
        await (await _kit.Client(tenant).GetAsync("/quotas/completion?year=2026&page=x")).ReadProblemAsync(400);
    }

    [Theory]
    [InlineData("/quotas/forecast?month=2026-13")]
    [InlineData("/quotas/forecast?month=2026")]
    [InlineData("/quotas/completion?year=1999")]
    public async Task Bad_months_and_years_are_400(string path) =>
        await (await _kit.Client(ScoringKit.NewTenant()).GetAsync(path)).ReadProblemAsync(400);

    [Fact]
    public async Task A_change_without_If_Match_is_428_and_only_the_tenant_admin_changes_quotas()
    {
        var tenant = ScoringKit.NewTenant();
        var bare = await _kit.Admin(tenant).PutAsJsonAsync("/quotas", new { memberAdoptedPerYear = 2 });
        await bare.ReadProblemAsync(428);
        var staff = factory.ClientFor(tenant, ["staff-editor"]);
        var request = new HttpRequestMessage(HttpMethod.Put, "/quotas") { Content = JsonContent.Create(new { memberAdoptedPerYear = 2 }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.SendAsync(request)).StatusCode);
        var member = factory.ClientFor(tenant, ["member"], Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/quotas/completion?year=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/quotas/reminders?month=2026-10", null)).StatusCode);
    }

    [Fact]
    public async Task Tenant_B_sees_and_reminds_none_of_tenant_A_s_persons_and_keeps_its_own_quotas()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        await SeedAsync(tenantA);
        await ChangeAsync(tenantA, "\"0\"", new { memberAdoptedPerYear = 3 });

        var completion = await GetAsync<JsonElement>(_kit.Client(tenantB), "/quotas/completion?year=2026");
        Assert.Equal(0, completion.GetProperty("persons").GetInt32());
        Assert.Equal(0, (await PostAsync(factory.ClientFor(tenantB, ["staff-editor"]), "/quotas/reminders?month=2026-10")).GetProperty("published").GetInt32());
        Assert.Empty(await ReminderEventsAsync(tenantB));
        var quotas = await GetAsync<JsonElement>(_kit.Client(tenantB), "/quotas");
        Assert.Equal((true, 1), (quotas.GetProperty("isDefault").GetBoolean(), quotas.GetProperty("rules").GetProperty("memberAdoptedPerYear").GetInt32()));
    }

    private async Task<HttpResponseMessage> ChangeAsync(string tenant, string ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/quotas") { Content = JsonContent.Create(body, options: ScoringKit.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _kit.Admin(tenant).SendAsync(request);
    }

    private async Task ItemAsync(string tenant, Guid author, Guid unit, bool adopted, DateTimeOffset at)
    {
        var item = Guid.NewGuid();
        await _kit.FeedAsync(tenant, new SubmissionSubmitted(item, "关于加强社区养老服务的建议", author, unit, at, [new AuthorShare(author, 1, 1m)],
            [new UnitShare(unit, 1m)]));
        if (adopted)
            await _kit.FeedAsync(tenant, new SubmissionAdopted(item, Guid.NewGuid(), AdoptionLevel.OwnBody, author, unit, at.AddDays(2), 1,
                [new AuthorShare(author, 1, 1m)], [new UnitShare(unit, 1m)]));
    }

    private static Dictionary<Guid, List<(string, int, int, bool)>> Lines(JsonElement persons) =>
        persons.EnumerateArray().ToDictionary(p => p.GetProperty("personId").GetGuid(), p => LinesOf(p.GetProperty("quotas")));

    private static List<(string, int, int, bool)> LinesOf(JsonElement quotas) => [.. quotas.EnumerateArray().Select(q =>
        (q.GetProperty("quota").GetString()!, q.GetProperty("target").GetInt32(), q.GetProperty("done").GetInt32(), q.GetProperty("met").GetBoolean()))];

    private static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(ScoringKit.Json))!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        var response = await client.PostAsync(path, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The tenant's QuotaReminderDue rows in the outbox (written with the reminder rows, relayed later).</summary>
    private async Task<List<JsonElement>> ReminderEventsAsync(string tenant)
    {
        await using var source = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = source.CreateCommand("SELECT payload::text FROM outbox_messages WHERE tenant_id = $1 AND type = 'QuotaReminderDue'");
        command.Parameters.Add(new() { Value = tenant });
        var rows = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        return rows;
    }
}
