using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Issue 14's done-when flow through the real gateway with real tokens: 沙坪坝's office schedules a 请下来 lecture for two;
/// three people register (the third waits); one cancels and the waiting one moves up; both check in with the QR code
/// inside the window (a replay and an expired code refused); their hours reach scoring; the attendance sheet opens
/// with their two rows. A topic-selection seminar's topic reaches intake's topic list.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TrainingFlowTests(PlatformFixture platform)
{
    private static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
    private static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
    private static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");
    /// <summary>The check-in key the services use when configuration sets none (TrainingEvents:CheckIn:Key).</summary>
    private const string DevelopmentCheckInKey = "sqmy-dev-check-in-key-change-me-in-production";

    [Fact]
    public async Task A_lecture_for_two_fills_moves_its_waiting_list_checks_in_by_qr_and_credits_hours()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var office = await platform.SignedInAsync("wangfang");
        var zhang = await platform.SignedInAsync("zhangming");
        var li = await platform.SignedInAsync("lihua");
        var zhao = await platform.SignedInAsync("zhaoqiang");

        // The office schedules a 请下来 lecture for two, running now (so its check-in window is open), and opens it.
        var scheduled = await office.PostAsJsonAsync("/api/training/events", new
        {
            title = $"信息写作专家辅导 {marker}", kind = "expert-lecture", place = "区政协三楼会议室", capacity = 2,
            sessions = new[] { new { title = "专家辅导", startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), endsAt = DateTimeOffset.UtcNow.AddHours(2), hours = 2.5m } },
            speakers = new[] { new { name = "王教授", title = "教授", organisation = "重庆大学" } },
        });
        Assert.True(scheduled.StatusCode == HttpStatusCode.Created, $"schedule: {(int)scheduled.StatusCode} {await scheduled.Content.ReadAsStringAsync()}");
        var lecture = await scheduled.Content.ReadFromJsonAsync<JsonElement>();
        var id = lecture.GetProperty("id").GetGuid();
        var session = lecture.GetProperty("sessions")[0].GetProperty("id").GetGuid();
        var opened = await Preconditions.SendAsync(office, HttpMethod.Post, $"/api/training/events/{id}/open", new { },
            await Preconditions.ETagAsync(office, $"/api/training/events/{id}"));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);

        // Three register; the third waits. 李华 cancels and 赵强 moves up.
        Assert.Equal("confirmed", await RegisterAsync(zhang, id));
        Assert.Equal("confirmed", await RegisterAsync(li, id));
        Assert.Equal("waiting", await RegisterAsync(zhao, id));
        var cancelled = await li.PostAsJsonAsync($"/api/training/events/{id}/registrations/{LiHua}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var registrations = (await FlowTests.GetJsonAsync(office, $"/api/training/events/{id}/registrations")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("personId").GetGuid(), r => r.GetProperty("status").GetString());
        Assert.Equal(("confirmed", "cancelled", "confirmed"), (registrations[ZhangMing], registrations[LiHua], registrations[ZhaoQiang]));
        var mine = (await FlowTests.GetJsonAsync(zhao, "/api/training/me/events")).EnumerateArray().Single(e => e.GetProperty("trainingEventId").GetGuid() == id);
        Assert.Equal("confirmed", mine.GetProperty("registration").GetString());

        // The screen at the door shows the code (JSON for the test, PNG for people); both check in with it.
        var png = await office.GetAsync($"/api/training/events/{id}/sessions/{session}/check-in-code.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var token = (await FlowTests.GetJsonAsync(office, $"/api/training/events/{id}/sessions/{session}/check-in-code")).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await zhang.PostAsJsonAsync($"/api/training/events/{id}/check-in", new { token })).StatusCode);
        var replay = await zhang.PostAsJsonAsync($"/api/training/events/{id}/check-in", new { token });
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("already-checked-in", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var expired = await zhao.PostAsJsonAsync($"/api/training/events/{id}/check-in", new { token = ExpiredToken("spb-zx", id, session) });
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("check-in-token-expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var li_ = await li.PostAsJsonAsync($"/api/training/events/{id}/check-in", new { token });
        Assert.Equal("not-registered", (await li_.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, (await zhao.PostAsJsonAsync($"/api/training/events/{id}/check-in", new { token })).StatusCode);

        // Their hours reach scoring: one training credit each for this event (one sitting: the event is the source).
        var ledger = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(office, $"/api/scoring/ledger?sourceId={id}"),
            l => l.GetProperty("total").GetInt32() == 2, "both attendances credited");
        Assert.Equal(new[] { ZhangMing, ZhaoQiang }.Order(), ledger.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("personId").GetGuid()).Order());
        Assert.All(ledger.GetProperty("items").EnumerateArray(), e => Assert.Equal("training-attended", e.GetProperty("reason").GetString()));

        // The attendance sheet opens with their two rows, both present with 2.5 hours; 李华 (cancelled) is not on it.
        var sheet = await office.GetAsync($"/api/training/events/{id}/attendance.xlsx");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        using var stream = new MemoryStream(await sheet.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(new[] { ZhangMing, ZhaoQiang }.Select(p => p.ToString()).Order(), rows.Select(r => (string)r["人员编号"]).Order());
        Assert.All(rows, r => Assert.Equal(("出席", "扫码签到", 2.5m), ((string)r["出勤"], (string)r["签到方式"], Convert.ToDecimal(r["学时"], CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_topic_selection_seminars_topic_reaches_intakes_topic_list()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var office = await platform.SignedInAsync("wangfang");
        var seminar = await office.PostAsJsonAsync("/api/training/events", new
        {
            title = $"年度选题研讨会 {marker}", kind = "topic-seminar", startsAt = DateTimeOffset.UtcNow.AddDays(-1), place = "区政协会议室",
        });
        Assert.Equal(HttpStatusCode.Created, seminar.StatusCode);
        var id = (await seminar.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var recorded = await office.PostAsJsonAsync($"/api/training/events/{id}/topics",
            new { topics = new[] { new { title = $"社区养老食堂的可持续运营 {marker}", description = "补贴、定价与监管" } } });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var topicId = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seminarTopics")[0].GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"/api/training/events/{id}/topics/{topicId}/send", new { })).StatusCode);

        var topic = await FlowTests.EventuallyAsync(async () => await office.GetAsync($"/api/intake/topics/{topicId}"),
            r => r.StatusCode == HttpStatusCode.OK, "the seminar's topic on intake's list");
        var view = await topic.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(($"社区养老食堂的可持续运营 {marker}", "seminar", "proposed", $"年度选题研讨会 {marker}"), (view.GetProperty("title").GetString(),
            view.GetProperty("source").GetString(), view.GetProperty("status").GetString(), view.GetProperty("sourceReference").GetString()));
        // Another tenant's office does not see it.
        var party = await platform.SignedInAsync("mj-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/intake/topics/{topicId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await party.GetAsync($"/api/training/events/{id}")).StatusCode);
    }

    private static async Task<string> RegisterAsync(HttpClient person, Guid id)
    {
        var response = await person.PostAsJsonAsync($"/api/training/events/{id}/registrations", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    /// <summary>A correctly signed code from three minutes ago (the format docs/domain.md describes): expired, not forged.</summary>
    private static string ExpiredToken(string tenant, Guid id, Guid session)
    {
        var step = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 - 3).ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(DevelopmentCheckInKey), Encoding.UTF8.GetBytes($"{tenant}|{id:N}|{session:N}|{step}"));
        return $"{id:N}.{session:N}.{step}.{Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }
}
