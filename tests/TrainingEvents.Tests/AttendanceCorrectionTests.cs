using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>学时更正: the office corrects one attendance's hours in place (If-Match its revision, a reason, audited);
/// AttendanceRecorded carries the next Version and the new hours (a guest's in the guest's tenant); bad input, a stale
/// ETag, members and other tenants change nothing.</summary>
public sealed class AttendanceCorrectionTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static async Task<(string ETag, JsonElement Body)> ReadAsync(HttpClient client, Guid id, Guid person, Guid? session = null)
    {
        var response = await client.GetAsync($"/events/{id}/attendance/{person}" + (session is { } s ? $"?sessionId={s}" : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.ETag!.Tag, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<HttpResponseMessage> CorrectAsync(HttpClient client, Guid id, Guid person, object body, string? etag, Guid? session = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/events/{id}/attendance/{person}" + (session is { } s ? $"?sessionId={s}" : ""))
        {
            Content = JsonContent.Create(body),
        };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private Task<List<TestDb.OutboxRow>> RecordedAsync(Guid id) =>
        TestDb.OutboxAsync(factory.ConnectionString, "type = 'AttendanceRecorded' AND payload->>'trainingEventId' = $1", id.ToString());

    private static JsonElement Payload(TestDb.OutboxRow row) => JsonDocument.Parse(row.Payload).RootElement;

    [Fact]
    public async Task Staff_correct_the_hours_of_one_session_and_the_next_version_carries_them()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var created = await TrainingApi.ScheduleAsync(staff, TrainingSteps.Trip());
        var id = created.GetProperty("id").GetGuid();
        var second = created.GetProperty("sessions")[1].GetProperty("id").GetGuid();
        var (person, other) = (Guid.NewGuid(), Guid.NewGuid());
        await TrainingApi.CheckInAsync(staff, id, person);
        await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = person, sessionId = second });
        await TrainingApi.CheckInAsync(staff, id, other);
        var (etag, before) = await ReadAsync(staff, id, person, second);
        Assert.Equal((4m, "\"2\""), (before.GetProperty("hours").GetDecimal(), etag));

        var corrected = await CorrectAsync(staff, id, person, new { hours = 2.5m, reason = "下午提前离场" }, etag, second);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("\"4\"", corrected.Headers.ETag!.Tag);
        var body = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2.5m, "correction"), (body.GetProperty("hours").GetDecimal(), body.GetProperty("method").GetString()));
        var events = await RecordedAsync(id);
        Assert.Equal([1, 2, 3, 4], events.Select(e => Payload(e).GetProperty("version").GetInt32()));
        var last = Payload(events[^1]);
        Assert.Equal((person, second, 2.5m, tenant), (last.GetProperty("personId").GetGuid(), last.GetProperty("sessionId").GetGuid(),
            last.GetProperty("hours").GetDecimal(), events[^1].TenantId));
        Assert.Equal("4h → 2.5h: 下午提前离场", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-hours-corrected'", tenant));
        var sheet = await staff.GetFromJsonAsync<List<JsonElement>>($"/events/{id}/attendance") ?? [];
        Assert.Equal([3m, 2.5m, 3m], sheet.Select(a => a.GetProperty("hours").GetDecimal()));

        // The same PUT again with the old ETag is stale; with the new one and the same hours it changes nothing.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await CorrectAsync(staff, id, person, new { hours = 1m, reason = "再改" }, etag, second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CorrectAsync(staff, id, person, new { hours = 2.5m, reason = "再改" }, "\"4\"", second)).StatusCode);
        Assert.Equal(4, (await RecordedAsync(id)).Count);
    }

    [Fact]
    public async Task Bad_input_stale_or_missing_etags_members_and_other_tenants_correct_nothing()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture()); // one session of 3 h
        var person = Guid.NewGuid();
        await TrainingApi.CheckInAsync(staff, id, person);
        var (etag, _) = await ReadAsync(staff, id, person);

        async Task<string[]> FieldsAsync(object body) =>
            [.. (await (await CorrectAsync(staff, id, person, body, etag)).ReadProblemAsync(400)).GetProperty("errors").EnumerateObject().Select(e => e.Name)];
        Assert.Equal(["hours"], await FieldsAsync(new { hours = 0m, reason = "更正" }));
        Assert.Equal(["hours"], await FieldsAsync(new { hours = -1m, reason = "更正" }));
        Assert.Equal(["hours"], await FieldsAsync(new { reason = "更正" }));
        Assert.Equal(["reason"], await FieldsAsync(new { hours = 2m }));
        Assert.Equal(["reason"], await FieldsAsync(new { hours = 2m, reason = "  " }));
        var tooLong = await (await CorrectAsync(staff, id, person, new { hours = 3.5m, reason = "更正" }, etag)).ReadProblemAsync(400);
        Assert.Contains("学时不能超过该场次的时长", tooLong.GetProperty("errors").GetProperty("hours")[0].GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await CorrectAsync(staff, id, person, new { hours = 2m, reason = "更正" }, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await CorrectAsync(staff, id, person, new { hours = 2m, reason = "更正" }, "\"99\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CorrectAsync(staff, id, Guid.NewGuid(), new { hours = 2m, reason = "更正" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CorrectAsync(staff, id, person, new { hours = 2m, reason = "更正" }, etag, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await CorrectAsync(TrainingSteps.Member(factory, tenant, person), id, person, new { hours = 3m, reason = "我多待了" }, etag)).StatusCode);
        var attacker = factory.ClientFor(Tenants.New());
        Assert.Equal(HttpStatusCode.NotFound, (await CorrectAsync(attacker, id, person, new { hours = 1m, reason = "更正" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.GetAsync($"/events/{id}/attendance/{person}")).StatusCode);

        var (after, body) = await ReadAsync(staff, id, person);
        Assert.Equal((etag, 3m), (after, body.GetProperty("hours").GetDecimal()));
        Assert.Single(await RecordedAsync(id));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-hours-corrected'", tenant));
    }

    [Fact]
    public async Task A_guests_correction_is_credited_in_the_guests_tenant_and_their_list()
    {
        var (owner, guestTenant) = (Tenants.New(), Tenants.New());
        var staff = factory.ClientFor(owner);
        var plan = TrainingSteps.Lecture(title: "开放讲座");
        plan["sharedWithOtherTenants"] = true;
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);
        var guest = Guid.NewGuid();
        var guestClient = TrainingSteps.Member(factory, guestTenant, guest);
        await guestClient.PostAsJsonAsync($"/shared-events/{id}/registrations", new { });
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, guest)).StatusCode);
        var (etag, _) = await ReadAsync(staff, id, guest);

        Assert.Equal(HttpStatusCode.OK, (await CorrectAsync(staff, id, guest, new { hours = 1.5m, reason = "迟到" }, etag)).StatusCode);

        var events = await RecordedAsync(id);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(guestTenant, e.TenantId));
        Assert.Equal((1.5m, 2), (Payload(events[1]).GetProperty("hours").GetDecimal(), Payload(events[1]).GetProperty("version").GetInt32()));
        var mine = Assert.Single(await guestClient.GetFromJsonAsync<List<JsonElement>>("/me/events") ?? []);
        Assert.Equal((1, 1.5m), (mine.GetProperty("sessionsAttended").GetInt32(), mine.GetProperty("hoursCredited").GetDecimal()));
    }
}

/// <summary>After the attendance lock a correction of hours is still the office's (with its reason, audited).</summary>
public sealed class LockedAttendanceCorrectionTests(NoGraceTrainingFactory factory) : IClassFixture<NoGraceTrainingFactory>
{
    [Fact]
    public async Task A_held_and_locked_events_hours_are_corrected_with_a_reason()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var (id, _) = await TrainingSteps.OpenedAsync(staff, TrainingSteps.Lecture());
        var person = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await TrainingApi.CheckInAsync(staff, id, person)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TrainingSteps.PostWithETagAsync(staff, id, "held")).StatusCode);
        var read = await staff.GetAsync($"/events/{id}/attendance/{person}");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/events/{id}/attendance/{person}") { Content = JsonContent.Create(new { hours = 2m, reason = "核对签到表后更正" }) };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);

        var corrected = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(2m, (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hours").GetDecimal());
        Assert.Equal("3h → 2h: 核对签到表后更正", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.attendance-hours-corrected'", tenant));
    }
}
