using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>One tenant never sees or touches another's submissions, whatever the id.</summary>
public sealed class TenantIsolationTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Another_tenants_submission_is_not_found()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(a);

        var problem = await (await b.GetAsync($"{Drafts.Path}/{id}")).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        await Drafts.GetAsync(a, id); // still there for its owner
    }

    [Fact]
    public async Task Another_tenants_submission_is_absent_from_the_list_and_the_total()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var ofA = await Drafts.CreateIdAsync(a);
        var ofB = await Drafts.CreateIdAsync(b);

        var listOfB = await b.GetFromJsonAsync<JsonElement>(Drafts.Path);

        Assert.Equal(1, listOfB.GetProperty("total").GetInt32());
        var ids = listOfB.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([ofB], ids);
        Assert.DoesNotContain(ofA, ids);
    }

    [Fact]
    public async Task Another_tenant_can_neither_edit_nor_submit_it()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(a, Drafts.New("A 的稿件"));
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var edit = await Drafts.PutAsync(b, id, new { title = "B 改的", body = "B 改的" });
        var submit = await Drafts.PostSubmitAsync(b, id);

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        var read = await Drafts.GetAsync(a, id);
        Assert.Equal("A 的稿件", read.GetProperty("title").GetString());
        Assert.Equal("draft", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_row_is_stored_under_the_tenant_of_the_request()
    {
        var tenant = Tenants.New();
        var id = await Drafts.CreateIdAsync(factory.ClientFor(tenant));

        Assert.Equal(tenant, await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT tenant_id FROM submissions WHERE id = $1", id));
    }

    [Fact]
    public async Task Another_tenant_can_neither_withdraw_nor_archive_it()
    {
        var a = factory.ClientFor(Tenants.New());
        var b = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateSubmittedAsync(a);
        var etag = await Drafts.ETagAsync(a, id);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var withdraw = await ChannelKit.PostAsync(b, id, "withdraw", etag: etag);
        var archive = await ChannelKit.PostAsync(b, id, "archive", etag: etag);

        await withdraw.ReadProblemAsync(404);
        await archive.ReadProblemAsync(404);
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        Assert.Equal("submitted", (await Drafts.GetAsync(a, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_tenants_chair_channel_is_neither_read_nor_changed_and_its_persons_are_unknown_here()
    {
        var (ta, tb) = (Tenants.New(), Tenants.New());
        var chairOfA = Guid.NewGuid();
        await ChannelKit.SetChairAsync(factory, ta, [chairOfA], replyDays: 5);
        var b = factory.ClientFor(tb);

        var readByB = await ChannelKit.OkAsync(await b.GetAsync(ChannelKit.SettingsPath));
        var namingAsPerson = await ChannelKit.PutSettingsAsync(b, new { chairPersonIds = new[] { chairOfA } }, "\"0\"");

        Assert.False(readByB.GetProperty("set").GetBoolean());
        Assert.True((await namingAsPerson.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("chairPersonIds[0]", out _));
        var ofA = await ChannelKit.OkAsync(await factory.ClientFor(ta).GetAsync(ChannelKit.SettingsPath));
        Assert.Equal([chairOfA], ofA.GetProperty("chairPersonIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(5, ofA.GetProperty("replyDays").GetInt32());
    }

    [Fact]
    public async Task Being_named_in_one_tenants_chair_channel_shows_nothing_of_another_tenant()
    {
        var (ta, tb) = (Tenants.New(), Tenants.New());
        var person = Guid.NewGuid(); // one person id known to both (an appointment across bodies)
        await ChannelKit.SetChairAsync(factory, tb, [person]);
        await ChannelKit.SetChairAsync(factory, ta, [Guid.NewGuid()]);
        var draft = Drafts.New("A 的直通车");
        draft["channel"] = "chair-direct";
        var id = (await Drafts.CreateAsync(factory.ClientFor(ta), draft)).GetProperty("id").GetGuid();

        var response = await factory.ClientFor(tb, personId: person).GetAsync($"{Drafts.Path}/{id}");
        var asStaffOfA = await factory.ClientFor(ta, personId: person).GetAsync($"{Drafts.Path}/{id}");

        await response.ReadProblemAsync(404);
        await asStaffOfA.ReadProblemAsync(404); // named in B, not in A
    }
}
