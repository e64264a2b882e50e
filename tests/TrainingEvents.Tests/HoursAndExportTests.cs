using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>学时: hours per session add up over a multi-session event; the attendance sheet (XLSX) lists presence and absence.</summary>
public sealed class HoursAndExportTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    [Fact]
    public async Task Each_session_credits_its_own_hours_and_raises_its_own_AttendanceRecorded()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var created = await TrainingApi.ScheduleAsync(staff, TrainingSteps.Trip());
        var id = created.GetProperty("id").GetGuid();
        var sessions = created.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ToList();
        var person = Guid.NewGuid();

        foreach (var session in sessions)
            Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = person, sessionId = session })).StatusCode);

        var rows = await TrainingDb.AttendanceEventsAsync(factory.ConnectionString, id);
        var payloads = rows.Select(r => JsonDocument.Parse(r.Payload).RootElement).ToList();
        Assert.Equal([(sessions[0], 3m), (sessions[1], 4m)], payloads.Select(p => (p.GetProperty("sessionId").GetGuid(), p.GetProperty("hours").GetDecimal())));
        Assert.All(payloads, p => Assert.Equal("external-training", p.GetProperty("kind").GetString()));
        var mine = Assert.Single((await TrainingSteps.Member(factory, tenant, person).GetFromJsonAsync<JsonElement>("/me/events")).EnumerateArray());
        Assert.Equal((2, 7m), (mine.GetProperty("sessionsAttended").GetInt32(), mine.GetProperty("hoursCredited").GetDecimal()));
        Assert.Equal(1, (await TrainingApi.GetAsync(staff, id)).GetProperty("attended").GetInt32());
    }

    [Fact]
    public async Task Checking_in_to_an_unknown_session_is_not_found()
    {
        var staff = factory.ClientFor(Tenants.New());
        var id = await TrainingApi.ScheduleIdAsync(staff);

        var response = await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = Guid.NewGuid(), sessionId = Guid.NewGuid() });

        Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal(0, await TrainingDb.AttendancesOfAsync(factory.ConnectionString, id));
    }

    [Fact]
    public async Task The_attendance_sheet_lists_each_confirmed_person_per_session_present_or_absent_with_chinese_headers()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var plan = TrainingSteps.Trip();
        plan["capacity"] = 5;
        var (id, first) = await TrainingSteps.OpenedAsync(staff, plan);
        var (present, absent, walkIn) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await TrainingSteps.RegisteredStatusAsync(staff, id, present);
        await TrainingSteps.RegisteredStatusAsync(staff, id, absent);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = present, sessionId = first })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/events/{id}/attendance", new { personId = walkIn, sessionId = first, hours = 1.5 })).StatusCode);

        var response = await staff.GetAsync($"/events/{id}/attendance.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["姓名", "人员编号", "报名状态", "场次", "场次时间", "出勤", "签到方式", "签到时间", "学时"], rows[0].Keys);
        // Session 1: the two registrants and the walk-in; session 2: the two registrants, both absent.
        Assert.Equal(5, rows.Count);
        string Row(Guid person, string session) => rows.Where(r => (string)r["人员编号"] == person.ToString() && (string)r["场次"] == session)
            .Select(r => $"{r["报名状态"]}|{r["出勤"]}|{r["签到方式"]}|{Convert.ToDecimal(r["学时"])}").Single();
        Assert.Equal("已报名|出席|工作人员代签|3", Row(present, "第一天 上午"));
        Assert.Equal("已报名|缺席||0", Row(absent, "第一天 上午"));
        Assert.Equal("未报名|出席|工作人员代签|1.5", Row(walkIn, "第一天 上午"));
        Assert.Equal("已报名|缺席||0", Row(present, "第二天 全天"));
        Assert.Equal("已报名|缺席||0", Row(absent, "第二天 全天"));
        // Column widths are set (not Excel's 8.43 default): the id column is wide enough for a GUID.
        stream.Position = 0;
        using var zip = new ZipArchive(stream);
        var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.Matches("<x:col min=\"2\" max=\"2\" width=\"38|<col min=\"2\" max=\"2\" width=\"38", sheet);
    }
}
