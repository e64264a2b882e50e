using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>主席直通车: the tenant admin's settings, and items only their authors, the chair and the named staff see.</summary>
public sealed class ChairChannelTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static readonly string[] StaffEditor = [PlatformRoles.StaffEditor, PlatformRoles.Director];

    private Task<long> SettingsRowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM chair_channel_settings WHERE tenant_id = $1", tenant);

    [Fact]
    public async Task Unset_settings_read_as_the_defaults_with_etag_zero()
    {
        var response = await factory.ClientFor(Tenants.New()).GetAsync(ChannelKit.SettingsPath);

        var settings = await ChannelKit.OkAsync(response);
        Assert.Equal("\"0\"", response.Headers.ETag!.ToString());
        Assert.False(settings.GetProperty("set").GetBoolean());
        Assert.Equal(10, settings.GetProperty("replyDays").GetInt32());
        Assert.Empty(settings.GetProperty("chairPersonIds").EnumerateArray());
    }

    [Fact]
    public async Task The_admin_sets_and_then_changes_the_settings_each_time_with_the_etag_read()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant, [PlatformRoles.TenantAdmin]);
        var (chair, staff, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var p in new[] { chair, staff, other }) await ChannelKit.AnnouncePersonAsync(factory, tenant, p);

        var set = await ChannelKit.OkAsync(await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = new[] { chair }, staffPersonIds = new[] { staff } }, "\"0\""));
        var read = await admin.GetAsync(ChannelKit.SettingsPath);
        var changed = await ChannelKit.OkAsync(await ChannelKit.PutSettingsAsync(admin,
            new { chairPersonIds = new[] { chair, other }, replyDays = 15 }, read.Headers.ETag!.ToString()));
        var stale = await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = new[] { other } }, read.Headers.ETag!.ToString());

        Assert.True(set.GetProperty("set").GetBoolean());
        Assert.Equal([staff], set.GetProperty("staffPersonIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(10, set.GetProperty("replyDays").GetInt32());
        Assert.Equal([chair, other], changed.GetProperty("chairPersonIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Empty(changed.GetProperty("staffPersonIds").EnumerateArray());
        Assert.Equal(15, changed.GetProperty("replyDays").GetInt32());
        Assert.Equal("precondition-failed", (await stale.ReadProblemAsync(412)).GetProperty("code").GetString());
        Assert.Equal(1, await SettingsRowsAsync(tenant));
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'chair-channel-changed'", tenant)); // set, then changed
    }

    [Fact]
    public async Task Setting_twice_from_unset_loses_the_second_with_412_and_no_if_match_is_428()
    {
        var tenant = Tenants.New();
        var chair = Guid.NewGuid();
        await ChannelKit.AnnouncePersonAsync(factory, tenant, chair);
        var admin = factory.ClientFor(tenant);

        await ChannelKit.OkAsync(await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = new[] { chair } }, "\"0\""));
        var again = await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = new[] { chair } }, "\"0\"");
        var bare = await admin.PutAsJsonAsync(ChannelKit.SettingsPath, new { chairPersonIds = new[] { chair } });

        await again.ReadProblemAsync(412);
        Assert.Equal("precondition-required", (await bare.ReadProblemAsync(428)).GetProperty("code").GetString());
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { "none", "chairPersonIds" },
        { "unknown", "chairPersonIds[0]" },
        { "inactive", "chairPersonIds[0]" },
        { "repeated", "chairPersonIds" },
        { "chair-as-staff", "staffPersonIds" },
        { "unknown-staff", "staffPersonIds[1]" },
        { "zero-days", "replyDays" },
        { "61-days", "replyDays" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_are_a_400_naming_the_field_and_change_nothing(string what, string field)
    {
        var tenant = Tenants.New();
        var (known, inactive) = (Guid.NewGuid(), Guid.NewGuid());
        await ChannelKit.AnnouncePersonAsync(factory, tenant, known);
        await ChannelKit.AnnouncePersonAsync(factory, tenant, inactive, deactivated: true);
        object body = what switch
        {
            "none" => new { chairPersonIds = Array.Empty<Guid>() },
            "unknown" => new { chairPersonIds = new[] { Guid.NewGuid() } },
            "inactive" => new { chairPersonIds = new[] { inactive } },
            "repeated" => new { chairPersonIds = new[] { known, known } },
            "chair-as-staff" => new { chairPersonIds = new[] { known }, staffPersonIds = new[] { known } },
            "unknown-staff" => new { chairPersonIds = new[] { known }, staffPersonIds = new[] { Guid.NewGuid(), Guid.NewGuid() } },
            "zero-days" => new { chairPersonIds = new[] { known }, replyDays = 0 },
            _ => new { chairPersonIds = new[] { known }, replyDays = 61 },
        };

        var response = await ChannelKit.PutSettingsAsync(factory.ClientFor(tenant), body, "\"0\"");

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await SettingsRowsAsync(tenant));
    }

    [Theory]
    [InlineData(PlatformRoles.StaffEditor)]
    [InlineData(PlatformRoles.Leader)]
    [InlineData(PlatformRoles.Member)]
    public async Task Only_the_tenant_admin_reads_or_sets_them(string role)
    {
        var tenant = Tenants.New();
        var chair = Guid.NewGuid();
        await ChannelKit.AnnouncePersonAsync(factory, tenant, chair);
        var client = factory.ClientFor(tenant, [role], Guid.NewGuid());

        var read = await client.GetAsync(ChannelKit.SettingsPath);
        var set = await ChannelKit.PutSettingsAsync(client, new { chairPersonIds = new[] { chair } }, "\"0\"");

        await read.ReadProblemAsync(403);
        await set.ReadProblemAsync(403);
        Assert.Equal(0, await SettingsRowsAsync(tenant));
    }

    /// <summary>A tenant with chair 赵强, named staff 陈静 and unnamed staff 王芳; 张明 (member) writes a chair-direct item.</summary>
    private async Task<(string Tenant, Guid Item, Guid Portal, Dictionary<string, HttpClient> Clients)> ChairItemAsync()
    {
        var tenant = Tenants.New();
        var (zhao, chen) = (Guid.NewGuid(), Guid.NewGuid());
        await ChannelKit.SetChairAsync(factory, tenant, [zhao], [chen]);
        var (zhang, author) = await ChannelKit.PersonAsync(factory, tenant, [PlatformRoles.Member]);
        var (_, otherMemberClient) = await ChannelKit.PersonAsync(factory, tenant, [PlatformRoles.Member]);
        var coAuthor = Guid.NewGuid();
        await ChannelKit.AnnouncePersonAsync(factory, tenant, coAuthor);
        var draft = Drafts.New("关于重大安全隐患的紧急报告", zhang);
        draft["channel"] = "chair-direct";
        draft["coAuthorPersonIds"] = new[] { coAuthor };
        var item = (await ChannelKit.CreatedAsync(await author.PostAsJsonAsync(Drafts.Path, draft))).GetProperty("id").GetGuid();
        var portal = await Drafts.CreateIdAsync(author, Drafts.New("普通门户稿件", zhang));
        return (tenant, item, portal, new()
        {
            ["author"] = author,
            ["coAuthor"] = factory.ClientFor(tenant, [PlatformRoles.Member], coAuthor),
            ["chair"] = factory.ClientFor(tenant, [PlatformRoles.Leader], zhao),
            ["namedStaff"] = factory.ClientFor(tenant, StaffEditor, chen),
            ["unnamedStaff"] = factory.ClientFor(tenant, StaffEditor, Guid.NewGuid()),
            ["admin"] = factory.ClientFor(tenant, [PlatformRoles.TenantAdmin, PlatformRoles.Leader], Guid.NewGuid()),
            ["partner"] = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: "oa")),
            ["otherMember"] = otherMemberClient,
        });
    }

    [Theory]
    [InlineData("author")]
    [InlineData("coAuthor")]
    [InlineData("chair")]
    [InlineData("namedStaff")]
    public async Task Its_authors_the_chair_and_named_staff_see_a_chair_direct_item(string who)
    {
        var (_, item, _, clients) = await ChairItemAsync();

        var read = await Drafts.GetAsync(clients[who], item);
        var (ids, _) = await ChannelKit.ListAsync(clients[who]);

        Assert.Equal("chair-direct", read.GetProperty("provenance").GetProperty("channel").GetString());
        Assert.Contains(item, ids);
    }

    [Theory]
    [InlineData("unnamedStaff")]
    [InlineData("admin")]
    [InlineData("partner")]
    [InlineData("otherMember")]
    public async Task Everyone_else_gets_404_and_does_not_find_it_in_lists_even_whole_tenant_staff(string who)
    {
        var (_, item, portal, clients) = await ChairItemAsync();

        var problem = await (await clients[who].GetAsync($"{Drafts.Path}/{item}")).ReadProblemAsync(404);
        var (ids, total) = await ChannelKit.ListAsync(clients[who]);
        var edit = await Drafts.PutAsync(clients[who], item, new { title = "改", body = "改" }, "\"1\"");

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.DoesNotContain(item, ids);
        Assert.Equal(ids.Count, total);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        if (who is "unnamedStaff" or "admin" or "partner") Assert.Contains(portal, ids); // they do see the tenant's other items
    }

    [Fact]
    public async Task Naming_a_staff_member_later_lets_them_see_it_and_removing_them_hides_it_again()
    {
        var (tenant, item, _, clients) = await ChairItemAsync();
        var later = Guid.NewGuid();
        await ChannelKit.AnnouncePersonAsync(factory, tenant, later);
        var staff = factory.ClientFor(tenant, StaffEditor, later);
        var admin = factory.ClientFor(tenant, [PlatformRoles.TenantAdmin]);
        var current = await ChannelKit.OkAsync(await admin.GetAsync(ChannelKit.SettingsPath));
        var chairs = current.GetProperty("chairPersonIds").EnumerateArray().Select(e => e.GetGuid()).ToArray();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"{Drafts.Path}/{item}")).StatusCode);

        await ChannelKit.OkAsync(await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = chairs, staffPersonIds = new[] { later } }));
        await Drafts.GetAsync(staff, item);
        await ChannelKit.OkAsync(await ChannelKit.PutSettingsAsync(admin, new { chairPersonIds = chairs }));

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"{Drafts.Path}/{item}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clients["namedStaff"].GetAsync($"{Drafts.Path}/{item}")).StatusCode); // no longer named
    }
}
