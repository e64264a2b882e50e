using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SheqingMinyi.Tests;
using SheqingMinyi.TrainingEvents.CheckIn;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>扫码签到: a rotating signed code, good only in the session's window, once per person; forged, expired, other-event and replayed codes refused.</summary>
public sealed class CheckInTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static readonly CheckInCodes Codes = new(Options.Create(new CheckInOptions()));

    private async Task<(string Tenant, HttpClient Staff, Guid Event, Guid Session, Guid Person, HttpClient Member)> RegisteredAsync(int startedMinutesAgo = 10)
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, session) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(startedMinutesAgo: startedMinutesAgo));
        var person = Guid.NewGuid();
        var member = TrainingSteps.Member(factory, tenant, person);
        await TrainingSteps.RegisteredStatusAsync(member, id);
        return (tenant, staff, id, session, person, member);
    }

    private Task<long> AttendancesAsync(Guid id) => TrainingDb.AttendancesOfAsync(factory.ConnectionString, id);

    [Fact]
    public async Task A_registered_person_checks_in_once_with_the_code_and_a_replay_is_refused()
    {
        var (_, staff, id, session, person, member) = await RegisteredAsync();
        var token = await TrainingSteps.CodeAsync(staff, id, session);

        var first = await TrainingSteps.CheckInAsync(member, id, token);
        var replay = await TrainingSteps.CheckInAsync(member, id, token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var attendance = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((person, session, 3m, "qr-code"), (attendance.GetProperty("personId").GetGuid(), attendance.GetProperty("sessionId").GetGuid(),
            attendance.GetProperty("hours").GetDecimal(), attendance.GetProperty("method").GetString()));
        var problem = await replay.ReadProblemAsync(409);
        Assert.Equal(("already-checked-in", "已签到"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        Assert.Equal(1, await AttendancesAsync(id));
        Assert.Single(await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, id));
    }

    [Fact]
    public async Task The_code_is_served_as_png_and_svg_for_the_screen()
    {
        var (_, staff, id, session, _, _) = await RegisteredAsync();

        var png = await staff.GetAsync($"/events/{id}/sessions/{session}/check-in-code.png");
        var svg = await staff.GetAsync($"/events/{id}/sessions/{session}/check-in-code.svg");

        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_code_is_refused_with_410_and_nothing_is_written()
    {
        var (tenant, _, id, session, _, member) = await RegisteredAsync(startedMinutesAgo: 30);
        var old = Codes.Issue(tenant, new TrainingSession { Id = session, TrainingEventId = id, StartsAt = DateTimeOffset.UtcNow.AddMinutes(-30), EndsAt = DateTimeOffset.UtcNow.AddHours(2) },
            DateTimeOffset.UtcNow.AddMinutes(-5)).Value!.Token;

        var response = await TrainingSteps.CheckInAsync(member, id, old);

        var problem = await response.ReadProblemAsync(410);
        Assert.Equal("check-in-token-expired", problem.GetProperty("code").GetString());
        Assert.Contains("过期", problem.GetProperty("title").GetString());
        Assert.Equal(0, await AttendancesAsync(id));
    }

    [Fact]
    public async Task A_forged_or_malformed_code_is_refused()
    {
        var (_, staff, id, session, _, member) = await RegisteredAsync();
        var token = await TrainingSteps.CodeAsync(staff, id, session);
        var forged = token[..^3] + (token[^3..] == "AAA" ? "BBB" : "AAA");
        var otherTenants = Codes.Issue("someone-else", new TrainingSession { Id = session, TrainingEventId = id, StartsAt = DateTimeOffset.UtcNow, EndsAt = DateTimeOffset.UtcNow.AddHours(1) },
            DateTimeOffset.UtcNow).Value!.Token;

        foreach (var bad in new[] { forged, otherTenants, "not-a-token", $"{id:N}.{session:N}.1.x" })
            Assert.Equal("check-in-token-invalid", (await (await TrainingSteps.CheckInAsync(member, id, bad)).ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(["token"], (await (await TrainingSteps.CheckInAsync(member, id, "")).ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await AttendancesAsync(id));
    }

    [Fact]
    public async Task Another_events_code_is_refused()
    {
        var (tenant, staff, id, _, _, member) = await RegisteredAsync();
        var (other, otherSession) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(title: "另一场"));
        var token = await TrainingSteps.CodeAsync(staff, other, otherSession);

        var response = await TrainingSteps.CheckInAsync(member, id, token);

        Assert.Equal("check-in-token-other-event", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(0, await AttendancesAsync(id) + await AttendancesAsync(other));
    }

    [Fact]
    public async Task No_code_is_issued_outside_the_sessions_window()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, session) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture(startedMinutesAgo: -240));

        var response = await staff.GetAsync($"/events/{id}/sessions/{session}/check-in-code");

        var problem = await response.ReadProblemAsync(409);
        Assert.Equal(("check-in-window-closed", "不在签到时间内"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_person_not_confirmed_cannot_check_in_with_the_code()
    {
        var (tenant, staff, id, session, _, _) = await RegisteredAsync();
        var stranger = TrainingSteps.Member(factory, tenant, Guid.NewGuid());
        var token = await TrainingSteps.CodeAsync(staff, id, session);

        var response = await TrainingSteps.CheckInAsync(stranger, id, token);

        Assert.Equal("not-registered", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(0, await AttendancesAsync(id));
    }

    [Fact]
    public async Task Staff_check_in_by_hand_is_audited()
    {
        var (tenant, staff, id, session, person, _) = await RegisteredAsync();

        var response = await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = person, sessionId = session });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("by-hand", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-by-hand' AND resource LIKE '%' || $2", tenant, person.ToString()));
    }
}

/// <summary>A service whose attendance locks as soon as an event is held (no grace), to test the lock.</summary>
public sealed class NoGraceTrainingFactory : TrainingFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["TrainingEvents:CheckIn:AttendanceGrace"] = "00:00:00" };
}

public sealed class AttendanceLockTests(NoGraceTrainingFactory factory) : IClassFixture<NoGraceTrainingFactory>
{
    [Fact]
    public async Task After_the_lock_check_ins_are_refused_and_corrections_need_a_reason_and_are_audited()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, session) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture());
        var person = Guid.NewGuid();
        var member = TrainingSteps.Member(factory, tenant, person);
        await TrainingSteps.RegisteredStatusAsync(member, id);
        var token = await TrainingSteps.CodeAsync(staff, id, session);
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PostWithETagAsync(staff, id, "held")).StatusCode);

        Assert.Equal("attendance-locked", (await (await TrainingSteps.CheckInAsync(member, id, token)).ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal("attendance-locked", (await (await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = person })).ReadProblemAsync(409))
            .GetProperty("code").GetString());
        Assert.Equal(0, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, id));

        var correction = await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = person, reason = "现场签到机故障，补录" });

        Assert.Equal(HttpStatusCode.Created, correction.StatusCode);
        Assert.Equal("correction", (await correction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
        Assert.Equal("3.00h: 现场签到机故障，补录", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-corrected'", tenant));
    }
}
