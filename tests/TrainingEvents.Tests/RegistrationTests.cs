using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>报名: within the window, capacity held under concurrency, a waiting list that moves up, the person's own list.</summary>
public sealed class RegistrationTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task A_person_registers_themselves_and_the_office_registers_another_audited()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(capacity: 10));
        var me = Guid.NewGuid();
        var other = Guid.NewGuid();

        var mine = await TrainingSteps.RegisterAsync(TrainingSteps.Member(factory, tenant, me), id);
        var theirs = await TrainingSteps.RegisterAsync(staff, id, other);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        var view = await mine.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((me, "confirmed", "已确认"), (view.GetProperty("personId").GetGuid(), view.GetProperty("status").GetString(), view.GetProperty("statusName").GetString()));
        Assert.False(view.TryGetProperty("registeredBy", out var by) && by.ValueKind != JsonValueKind.Null, "registered by themselves");
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'training.registered-on-behalf' AND resource LIKE '%' || $2", tenant, other.ToString()));
        Assert.Equal(2, (await TrainingApi.GetAsync(staff, id)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task A_member_cannot_register_someone_else_and_nothing_is_written()
    {
        var tenant = Tenants.New();
        var (id, _) = await TrainingSteps.OpenedAsync(factory.ClientFor(tenant), TrainingSteps.Lecture());
        var before = await TestDb.CountAsync(factory.ConnectionString, "registrations");

        var response = await TrainingSteps.RegisterAsync(TrainingSteps.Member(factory, tenant, Guid.NewGuid()), id, Guid.NewGuid());

        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal(before, await TestDb.CountAsync(factory.ConnectionString, "registrations"));
    }

    [Fact]
    public async Task Registration_is_refused_before_the_event_opens_outside_the_window_and_twice()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var planned = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        Assert.Equal("registration-closed", (await (await TrainingSteps.RegisterAsync(staff, planned, Guid.NewGuid())).ReadProblemAsync(409)).GetProperty("code").GetString());

        var later = TrainingSteps.Lecture(startedMinutesAgo: -6000);
        later["registrationOpensAt"] = DateTimeOffset.UtcNow.AddDays(1);
        var (notYet, _) = await TrainingSteps.OpenedAsync(staff, later);
        Assert.Equal("registration-not-started", (await (await TrainingSteps.RegisterAsync(staff, notYet, Guid.NewGuid())).ReadProblemAsync(409)).GetProperty("code").GetString());

        var ended = TrainingSteps.Lecture();
        ended["registrationClosesAt"] = DateTimeOffset.UtcNow.AddMinutes(-1);
        var (over, _) = await TrainingSteps.OpenedAsync(staff, ended);
        Assert.Equal("registration-ended", (await (await TrainingSteps.RegisterAsync(staff, over, Guid.NewGuid())).ReadProblemAsync(409)).GetProperty("code").GetString());

        var (open, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture());
        var person = Guid.NewGuid();
        await TrainingSteps.RegisteredStatusAsync(staff, open, person);
        Assert.Equal("already-registered", (await (await TrainingSteps.RegisterAsync(staff, open, person)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM registrations WHERE training_event_id = ANY($1)", new[] { planned, notYet, over, open }));
    }

    /// <summary>N parallel registrations at the edge: exactly the capacity is confirmed, the rest wait in order.</summary>
    [Fact]
    public async Task Parallel_registrations_confirm_exactly_the_capacity_and_the_rest_wait()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        for (var round = 0; round < 3; round++)
        {
            var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(capacity: 5));
            var people = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid()).ToList();

            var responses = await Task.WhenAll(people.Select(p => TrainingSteps.RegisterAsync(TrainingSteps.Member(factory, tenant, p), id)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var statuses = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()));
            Assert.Equal(5, statuses.Count(s => s == "confirmed"));
            Assert.Equal(19, statuses.Count(s => s == "waiting"));
            Assert.Equal(5L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
                "SELECT count(*) FROM registrations WHERE training_event_id = $1 AND status = 'Confirmed'", id));
            var waiting = (await TrainingSteps.RegistrationsAsync(staff, id)).Where(r => r.GetProperty("status").GetString() == "waiting").ToList();
            Assert.Equal(Enumerable.Range(1, 19), waiting.Select(r => r.GetProperty("waitingPosition").GetInt32()));
        }
    }

    [Fact]
    public async Task A_cancelled_place_goes_to_the_first_waiting_once()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(capacity: 2));
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(staff, id, a));
        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(staff, id, b));
        Assert.Equal("waiting", await TrainingSteps.RegisteredStatusAsync(staff, id, c));
        Assert.Equal("waiting", await TrainingSteps.RegisteredStatusAsync(staff, id, d));

        var cancel = await TrainingSteps.Member(factory, tenant, a).PostAsJsonAsync($"/events/{id}/registrations/{a}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var again = await TrainingSteps.Member(factory, tenant, a).PostAsJsonAsync($"/events/{id}/registrations/{a}/cancel", new { });
        Assert.Equal("registration-cancelled", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());

        var statuses = (await TrainingSteps.RegistrationsAsync(staff, id)).ToDictionary(r => r.GetProperty("personId").GetGuid(), r => r.GetProperty("status").GetString());
        Assert.Equal(("cancelled", "confirmed", "confirmed", "waiting"), (statuses[a], statuses[b], statuses[c], statuses[d]));
        // A waiting person leaving frees no place: nobody moves.
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/events/{id}/registrations/{d}/cancel", new { })).StatusCode);
        Assert.Equal(2, (await TrainingApi.GetAsync(staff, id)).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task A_member_cannot_cancel_someone_elses_registration()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture());
        var owner = Guid.NewGuid();
        await TrainingSteps.RegisteredStatusAsync(staff, id, owner);

        var response = await TrainingSteps.Member(factory, tenant, Guid.NewGuid()).PostAsJsonAsync($"/events/{id}/registrations/{owner}/cancel", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("confirmed", (await TrainingSteps.RegistrationsAsync(staff, id)).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task My_events_lists_my_registrations_with_their_status()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var me = Guid.NewGuid();
        var (first, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(capacity: 1, title: "第一讲"));
        var (second, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(capacity: 1, title: "第二讲"));
        await TrainingSteps.RegisteredStatusAsync(staff, second, Guid.NewGuid());
        var member = TrainingSteps.Member(factory, tenant, me);
        await TrainingSteps.RegisteredStatusAsync(member, first);
        await TrainingSteps.RegisteredStatusAsync(member, second);
        await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(title: "未报名"));

        var mine = (await member.GetFromJsonAsync<JsonElement>("/me/events")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("title").GetString()!, e => e.GetProperty("registration").GetString());

        Assert.Equal(new Dictionary<string, string?> { ["第一讲"] = "confirmed", ["第二讲"] = "waiting" }, mine);
    }

    [Theory]
    [InlineData("{\"personId\":\"00000000-0000-0000-0000-000000000000\"}")]
    public async Task A_bad_registration_is_a_validation_problem(string body)
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture());

        var response = await staff.PostAsync($"/events/{id}/registrations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(["personId"], (await response.ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM registrations WHERE training_event_id = $1", id));
    }

    /// <summary>面向单位: a person registers themselves only from one of the audience's units (as the people service
    /// announced their main unit); the office may still register anyone.</summary>
    [Fact]
    public async Task An_event_for_named_units_takes_only_their_people_unless_the_office_registers_them()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (unit, otherUnit) = (Guid.NewGuid(), Guid.NewGuid());
        var (inside, outside, unknown) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var feeder = new StreamFeeder(factory.RedisPrefix);
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, new IntegrationEvents.PersonRegistered(inside, "张明", unit, ["member"])), ResourceNames.TrainingEvents);
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, new IntegrationEvents.PersonRegistered(outside, "李华", otherUnit, ["member"])), ResourceNames.TrainingEvents);
        var plan = TrainingSteps.Lecture();
        plan["audience"] = "units";
        plan["audienceUnitIds"] = new[] { unit };
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);

        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(TrainingSteps.Member(factory, tenant, inside), id));
        foreach (var person in new[] { outside, unknown })
            Assert.Equal("not-in-audience", (await (await TrainingSteps.RegisterAsync(TrainingSteps.Member(factory, tenant, person), id)).ReadProblemAsync(409))
                .GetProperty("code").GetString());
        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(staff, id, outside));
        Assert.Equal(new[] { inside, outside }.Order(), (await TrainingSteps.RegistrationsAsync(staff, id)).Select(r => r.GetProperty("personId").GetGuid()).Order());
    }

    /// <summary>面向人员类别: a person registers themselves only when one of their kinds (as people announced them, the
    /// latest version applying) is of the audience's; someone the directory does not know is refused; the office may
    /// still register anyone.</summary>
    [Fact]
    public async Task An_event_for_kinds_of_person_takes_only_those_people_unless_the_office_registers_them()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (officer, member, turnedOfficer, unknown) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var feeder = new StreamFeeder(factory.RedisPrefix);
        async Task AnnounceAsync<T>(T e) where T : notnull => await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, e), ResourceNames.TrainingEvents);
        await AnnounceAsync(new IntegrationEvents.PersonRegistered(officer, "赵敏", null, ["member"], ["member", "special-officer"]));
        await AnnounceAsync(new IntegrationEvents.PersonRegistered(member, "钱坤", null, ["member"], ["member"]));
        await AnnounceAsync(new IntegrationEvents.PersonRegistered(turnedOfficer, "孙丽", null, ["member"], ["member"]));
        await AnnounceAsync(new IntegrationEvents.PersonUpdated(turnedOfficer, "孙丽", null, ["member"], ["special-officer"], DateTimeOffset.UtcNow, 2));
        var plan = TrainingSteps.Lecture();
        plan["audience"] = "person-kinds";
        plan["audiencePersonKinds"] = new[] { "special-officer", "staff" };
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);

        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(TrainingSteps.Member(factory, tenant, officer), id));
        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(TrainingSteps.Member(factory, tenant, turnedOfficer), id));
        foreach (var person in new[] { member, unknown })
        {
            var problem = await (await TrainingSteps.RegisterAsync(TrainingSteps.Member(factory, tenant, person), id)).ReadProblemAsync(409);
            Assert.Equal(("not-in-audience", "该活动只面向特约信息员、机关干部，您不在其中"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        }
        Assert.Equal(new[] { officer, turnedOfficer }.Order(), (await TrainingSteps.RegistrationsAsync(staff, id)).Select(r => r.GetProperty("personId").GetGuid()).Order());
        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(staff, id, member));
        Assert.Equal(3, (await TrainingSteps.RegistrationsAsync(staff, id)).Count);
    }

    /// <summary>A person the directory learned before training kept kinds (no person_kinds row) is of no kinds audience
    /// until people's once-only re-announcement (PersonUpdated, the next Version, same state) arrives: then admitted.</summary>
    [Fact]
    public async Task A_person_known_before_kinds_were_kept_is_admitted_once_people_announces_them_again()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var officer = Guid.NewGuid();
        var feeder = new StreamFeeder(factory.RedisPrefix);
        async Task AnnounceAsync<T>(T e) where T : notnull => await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, e), ResourceNames.TrainingEvents);
        await AnnounceAsync(new IntegrationEvents.PersonRegistered(officer, "吴刚", null, ["member", "officer"], ["member", "special-officer"]));
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH gone AS (DELETE FROM person_kinds WHERE person_id = $1 RETURNING 1) SELECT count(*) FROM gone", officer)); // as before kinds were kept
        var plan = TrainingSteps.Lecture();
        plan["audience"] = "person-kinds";
        plan["audiencePersonKinds"] = new[] { "special-officer" };
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);
        var member = TrainingSteps.Member(factory, tenant, officer);
        Assert.Equal("not-in-audience", (await (await TrainingSteps.RegisterAsync(member, id)).ReadProblemAsync(409)).GetProperty("code").GetString());

        await AnnounceAsync(new IntegrationEvents.PersonUpdated(officer, "吴刚", null, ["member", "officer"], ["member", "special-officer"], DateTimeOffset.UtcNow, 2));

        Assert.Equal("confirmed", await TrainingSteps.RegisteredStatusAsync(member, id));
    }

    /// <summary>An older announcement arriving late does not take back a kind the newer one gave.</summary>
    [Fact]
    public async Task A_late_older_announcement_does_not_change_the_kinds_kept()
    {
        var tenant = Tenants.New();
        var person = Guid.NewGuid();
        var feeder = new StreamFeeder(factory.RedisPrefix);
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, new IntegrationEvents.PersonUpdated(person, "周强", null, ["member"], ["staff"], DateTimeOffset.UtcNow, 3)), ResourceNames.TrainingEvents);
        await feeder.WaitConsumedAsync(await feeder.PublishAsync(tenant, new IntegrationEvents.PersonRegistered(person, "周强", null, ["member"], ["member"])), ResourceNames.TrainingEvents);

        Assert.Equal(new[] { "staff" }, await TestDb.ScalarAsync<string[]>(factory.ConnectionString, "SELECT kinds FROM person_kinds WHERE person_id = $1", person));
    }
}
