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
}
