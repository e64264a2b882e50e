using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Each channel's provenance on create, who may use it, and the bad input it refuses (changing nothing).</summary>
public sealed class ChannelTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private async Task<HttpResponseMessage> ChangesNothingAsync(Func<Task<HttpResponseMessage>> call)
    {
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);
        var response = await call();
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        return response;
    }

    private static Dictionary<string, object?> Draft(Guid? author = null, params (string Key, object? Value)[] extra)
    {
        var draft = Drafts.New(authorPersonId: author);
        foreach (var (key, value) in extra) draft[key] = value;
        return draft;
    }

    private HttpClient Partner(string tenant, string clientId) => factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner],
        scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: clientId));

    [Fact]
    public async Task A_persons_item_defaults_to_the_portal_with_no_other_provenance()
    {
        var created = await Drafts.CreateAsync(factory.ClientFor(Tenants.New()));

        var provenance = created.GetProperty("provenance");
        Assert.Equal("portal", provenance.GetProperty("channel").GetString());
        Assert.Equal("门户", provenance.GetProperty("channelName").GetString());
        Assert.False(provenance.TryGetProperty("reportingPointId", out _));
        Assert.False(provenance.TryGetProperty("partnerClientId", out _));
    }

    [Fact]
    public async Task Staff_submit_for_a_reporting_point_and_it_is_kept()
    {
        var tenant = Tenants.New();
        var point = Guid.NewGuid();
        await ChannelKit.AnnounceUnitAsync(factory, tenant, point);

        var created = await ChannelKit.CreatedAsync(await factory.ClientFor(tenant).PostAsJsonAsync(Drafts.Path,
            Draft(null, ("channel", "reporting-point"), ("reportingPointId", point))));

        var provenance = (await Drafts.GetAsync(factory.ClientFor(tenant), created.GetProperty("id").GetGuid())).GetProperty("provenance");
        Assert.Equal("reporting-point", provenance.GetProperty("channel").GetString());
        Assert.Equal("报送点", provenance.GetProperty("channelName").GetString());
        Assert.Equal(point, provenance.GetProperty("reportingPointId").GetGuid());
        Assert.Equal(point, await TestDb.ScalarAsync<Guid>(factory.ConnectionString,
            "SELECT reporting_point_id FROM submissions WHERE id = $1 AND channel = 'ReportingPoint'", created.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task An_officer_of_the_point_may_submit_for_it_but_not_for_another_point_nor_a_member_of_it()
    {
        var tenant = Tenants.New();
        var point = Guid.NewGuid();
        var otherPoint = Guid.NewGuid();
        await ChannelKit.AnnounceUnitAsync(factory, tenant, point);
        await ChannelKit.AnnounceUnitAsync(factory, tenant, otherPoint);
        var (officer, officerClient) = await ChannelKit.PersonAsync(factory, tenant, [PlatformRoles.Officer], point);
        var (member, memberClient) = await ChannelKit.PersonAsync(factory, tenant, [PlatformRoles.Member], point);

        var own = await ChannelKit.CreatedAsync(await officerClient.PostAsJsonAsync(Drafts.Path, Draft(officer, ("reportingPointId", point))));
        var other = await ChangesNothingAsync(() => officerClient.PostAsJsonAsync(Drafts.Path, Draft(officer, ("reportingPointId", otherPoint))));
        var byMember = await ChangesNothingAsync(() => memberClient.PostAsJsonAsync(Drafts.Path,
            Draft(member, ("channel", "reporting-point"), ("reportingPointId", point))));

        Assert.Equal("reporting-point", own.GetProperty("provenance").GetProperty("channel").GetString()); // the point implies the channel
        Assert.Equal(point, own.GetProperty("provenance").GetProperty("reportingPointId").GetGuid());
        Assert.Equal("not-of-reporting-point", (await other.ReadProblemAsync(403)).GetProperty("code").GetString());
        Assert.Equal("not-of-reporting-point", (await byMember.ReadProblemAsync(403)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_partner_submitting_for_a_reporting_point_keeps_its_client_id_too()
    {
        var tenant = Tenants.New();
        var point = Guid.NewGuid();
        await ChannelKit.AnnounceUnitAsync(factory, tenant, point);
        var partner = Partner(tenant, "jiangbei-oa");

        var created = await ChannelKit.CreatedAsync(await partner.PostAsJsonAsync(Drafts.Path, Draft(null, ("reportingPointId", point))));
        var plain = await ChannelKit.CreatedAsync(await partner.PostAsJsonAsync(Drafts.Path, Draft()));

        var provenance = created.GetProperty("provenance");
        Assert.Equal("reporting-point", provenance.GetProperty("channel").GetString());
        Assert.Equal(point, provenance.GetProperty("reportingPointId").GetGuid());
        Assert.Equal("jiangbei-oa", provenance.GetProperty("partnerClientId").GetString());
        Assert.Equal("partner", plain.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.Equal("jiangbei-oa", plain.GetProperty("provenance").GetProperty("partnerClientId").GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("unknown")]
    [InlineData("not-a-reporting-point")]
    [InlineData("closed")]
    public async Task A_reporting_point_that_is_not_an_open_reporting_point_of_the_tenant_is_a_400(string what)
    {
        var tenant = Tenants.New();
        var point = Guid.NewGuid();
        if (what == "not-a-reporting-point") await ChannelKit.AnnounceUnitAsync(factory, tenant, point, "special-committee");
        if (what == "closed") await ChannelKit.AnnounceUnitAsync(factory, tenant, point, closed: true);
        var draft = what == "missing" ? Draft(null, ("channel", "reporting-point")) : Draft(null, ("reportingPointId", point));

        var response = await ChangesNothingAsync(() => factory.ClientFor(tenant).PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(["reportingPointId"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Another_tenants_reporting_point_is_unknown_here()
    {
        var a = Tenants.New();
        var point = Guid.NewGuid();
        await ChannelKit.AnnounceUnitAsync(factory, a, point);

        var response = await ChangesNothingAsync(() => factory.ClientFor(Tenants.New()).PostAsJsonAsync(Drafts.Path, Draft(null, ("reportingPointId", point))));

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reportingPointId", out _));
    }

    [Theory]
    [InlineData("research", "调研")]
    [InlineData("inspection", "视察")]
    [InlineData("visit", "走访")]
    [InlineData("consultation", "协商")]
    [InlineData("reception", "轮值接待")]
    public async Task A_duty_activity_keeps_its_kind_and_reference(string kind, string _)
    {
        var reference = "2026年第3次" + new string('调', 190);
        var created = await ChannelKit.CreatedAsync(await factory.ClientFor(Tenants.New()).PostAsJsonAsync(Drafts.Path,
            Draft(null, ("channel", "duty-activity"), ("activityKind", kind), ("activityReference", $" {reference} "))));

        var provenance = created.GetProperty("provenance");
        Assert.Equal("duty-activity", provenance.GetProperty("channel").GetString());
        Assert.Equal("履职活动转化", provenance.GetProperty("channelName").GetString());
        Assert.Equal(kind, provenance.GetProperty("activityKind").GetString());
        Assert.Equal(reference, provenance.GetProperty("activityReference").GetString()); // trimmed, 197 characters
    }

    [Theory]
    [InlineData(null, "走访记录", "activityKind")]
    [InlineData("meeting", "走访记录", "activityKind")]
    [InlineData("visit", null, "activityReference")]
    [InlineData("visit", "  ", "activityReference")]
    [InlineData("visit", "LONG", "activityReference")]
    public async Task A_duty_activity_without_a_known_kind_or_a_reference_is_a_400(string? kind, string? reference, string field)
    {
        var draft = Draft(null, ("channel", "duty-activity"), ("activityKind", kind),
            ("activityReference", reference == "LONG" ? new string('调', 201) : reference));

        var response = await ChangesNothingAsync(() => factory.ClientFor(Tenants.New()).PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("clue", "channel")]
    [InlineData("fax", "channel")]
    [InlineData("portal", "activityKind")]
    public async Task A_channel_that_cannot_be_created_or_another_channels_field_is_a_400(string channel, string field)
    {
        var draft = Draft(null, ("channel", channel));
        if (field == "activityKind") draft["activityKind"] = "visit";

        var response = await ChangesNothingAsync(() => factory.ClientFor(Tenants.New()).PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Chair_direct_needs_a_chair_named_first()
    {
        var response = await ChangesNothingAsync(() => factory.ClientFor(Tenants.New()).PostAsJsonAsync(Drafts.Path, Draft(null, ("channel", "chair-direct"))));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(["channel"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_chair_direct_item_gets_its_reply_deadline_on_submission_and_names_its_readers_in_the_event()
    {
        var tenant = Tenants.New();
        var chair = Guid.NewGuid();
        var staff = Guid.NewGuid();
        await ChannelKit.SetChairAsync(factory, tenant, [chair], [staff], replyDays: 7);
        var (author, client) = await ChannelKit.PersonAsync(factory, tenant, [PlatformRoles.Member]);

        var created = await ChannelKit.CreatedAsync(await client.PostAsJsonAsync(Drafts.Path, Draft(author, ("channel", "chair-direct"))));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("chair-direct", created.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.False(created.GetProperty("provenance").TryGetProperty("replyDueOn", out _)); // not before it is submitted
        var submitted = await Drafts.SubmitAsync(client, id);

        var expected = BodyCalendar.AddWorkingDays(BodyCalendar.Today(submitted.GetProperty("submittedAt").GetDateTimeOffset()), 7);
        Assert.Equal(expected, DateOnly.Parse(submitted.GetProperty("provenance").GetProperty("replyDueOn").GetString()!));
        Assert.Equal("主席直通车", submitted.GetProperty("provenance").GetProperty("channelName").GetString());
        var row = Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id), r => r.Type == "SubmissionSubmitted");
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.Equal("chair-direct", payload.GetProperty("channel").GetString());
        Assert.Equal([author, chair, staff], payload.GetProperty("restrictedTo").EnumerateArray().Select(e => e.GetGuid()));
    }

    [Fact]
    public async Task Other_items_carry_no_readers_in_their_event()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateSubmittedAsync(client);

        var row = Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id), r => r.Type == "SubmissionSubmitted");
        var payload = JsonDocument.Parse(row.Payload).RootElement;
        Assert.True(!payload.TryGetProperty("restrictedTo", out var readers) || readers.ValueKind == JsonValueKind.Null);
    }
}
