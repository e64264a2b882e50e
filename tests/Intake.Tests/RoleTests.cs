using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Who may do what with submissions: members and officers write and see only their own items (another's answers
/// 404), staff see the whole tenant, partner systems act within their scopes. Every refusal changes nothing.
/// </summary>
public sealed class RoleTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private HttpClient Person(string tenant, string role, Guid? personId) => factory.ClientFor(tenant, [role], personId);

    private HttpClient Partner(string tenant, params string[] scopes) =>
        factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: scopes, clientId: "x"));

    /// <summary>The whole row as PostgreSQL holds it, to show a refused call left it alone.</summary>
    private Task<string> RowAsync(Guid id) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(s)::text FROM submissions s WHERE id = $1", id);

    private static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string code = "forbidden") =>
        Assert.Equal(code, (await response.ReadProblemAsync(403)).GetProperty("code").GetString());

    // ---- members and officers: their own items only ----

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_person_writes_edits_and_submits_a_draft_as_themselves(string role)
    {
        var tenant = Tenants.New();
        var self = Guid.NewGuid();
        var client = Person(tenant, role, self);

        var created = await Drafts.CreateAsync(client, Drafts.New("本人的稿件", self));
        var id = created.GetProperty("id").GetGuid();
        var edit = await Drafts.PutAsync(client, id, new { title = "本人改的", body = "本人改的正文" });
        var submitted = await Drafts.SubmitAsync(client, id);

        Assert.Equal(self, created.GetProperty("authorPersonId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("本人改的", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_person_cannot_write_a_draft_in_another_authors_name(string role)
    {
        var tenant = Tenants.New();
        var client = Person(tenant, role, Guid.NewGuid());
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var response = await client.PostAsJsonAsync(Drafts.Path, Drafts.New("冒名的稿件", Guid.NewGuid()));

        await AssertForbiddenAsync(response, "not-own");
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task A_member_token_without_a_person_cannot_write_a_draft()
    {
        var tenant = Tenants.New();
        var client = Person(tenant, "member", personId: null);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var response = await client.PostAsJsonAsync(Drafts.Path, Drafts.New("无人的稿件", Guid.NewGuid()));

        await response.ReadProblemAsync(403);
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(Drafts.Path)).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_person_lists_only_their_own_items(string role)
    {
        var tenant = Tenants.New();
        var (self, colleague) = (Guid.NewGuid(), Guid.NewGuid());
        var mine = await Drafts.CreateIdAsync(Person(tenant, role, self), Drafts.New("我的", self));
        var theirs = await Drafts.CreateIdAsync(Person(tenant, "member", colleague), Drafts.New("同事的", colleague));
        var byStaff = await Drafts.CreateIdAsync(Person(tenant, "staff-editor", Guid.NewGuid()), Drafts.New("他人的"));

        var page = await Person(tenant, role, self).GetFromJsonAsync<JsonElement>(Drafts.Path);
        var askingForColleague = await Person(tenant, role, self).GetFromJsonAsync<JsonElement>($"{Drafts.Path}?authorPersonId={colleague}");

        Assert.Equal([mine], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.DoesNotContain(theirs, Ids(page));
        Assert.DoesNotContain(byStaff, Ids(page));
        Assert.Empty(Ids(askingForColleague));
        Assert.Equal(0, askingForColleague.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task A_colleagues_item_is_not_found_to_read_edit_or_submit_and_stays_unchanged(string role)
    {
        var tenant = Tenants.New();
        var colleague = Guid.NewGuid();
        var id = await Drafts.CreateIdAsync(Person(tenant, "member", colleague), Drafts.New("同事的稿件", colleague));
        var client = Person(tenant, role, Guid.NewGuid());
        var row = await RowAsync(id);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var read = await client.GetAsync($"{Drafts.Path}/{id}");
        var edit = await Drafts.PutAsync(client, id, new { title = "偷改的", body = "偷改的正文" });
        var submit = await Drafts.PostSubmitAsync(client, id);

        foreach (var response in new[] { read, edit, submit })
            Assert.Equal("not-found", (await response.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal(row, await RowAsync(id));
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        Assert.Empty(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
        Assert.Equal("draft", (await Drafts.GetAsync(Person(tenant, "member", colleague), id)).GetProperty("status").GetString());
    }

    // ---- staff: the whole tenant ----

    [Fact]
    public async Task A_staff_editor_sees_every_item_of_the_tenant()
    {
        var tenant = Tenants.New();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var ofA = await Drafts.CreateIdAsync(Person(tenant, "member", a), Drafts.New("甲的", a));
        var ofB = await Drafts.CreateIdAsync(Person(tenant, "member", b), Drafts.New("乙的", b));
        await Drafts.CreateIdAsync(factory.ClientFor(Tenants.New()), Drafts.New("别的租户的")); // another tenant's: never seen
        var staff = Person(tenant, "staff-editor", Guid.NewGuid());

        var page = await staff.GetFromJsonAsync<JsonElement>(Drafts.Path);

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(new HashSet<Guid> { ofA, ofB }, Ids(page).ToHashSet());
        Assert.Equal(a, (await Drafts.GetAsync(staff, ofA)).GetProperty("authorPersonId").GetGuid());
        Assert.Equal(b, (await Drafts.GetAsync(staff, ofB)).GetProperty("authorPersonId").GetGuid());
    }

    // ---- partner systems: within their scopes ----

    [Fact]
    public async Task A_partner_with_intake_submit_creates_and_submits_for_any_author()
    {
        var tenant = Tenants.New();
        var partner = Partner(tenant, "intake.submit");
        var author = Guid.NewGuid();

        // Without intake.read the partner cannot read the draft back: it submits with the ETag the create answered.
        var (created, etag) = await Drafts.CreateWithETagAsync(partner, Drafts.New("合作方报送", author));
        var id = created.GetProperty("id").GetGuid();
        var response = await Drafts.PostSubmitAsync(partner, id, etag);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var submitted = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(author, created.GetProperty("authorPersonId").GetGuid());
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("SubmissionSubmitted", Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id)).Type);
        // The author, a member, sees it as their own.
        Assert.Equal("submitted", (await Drafts.GetAsync(Person(tenant, "member", author), id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_partner_with_only_intake_read_reads_the_tenant_but_cannot_write()
    {
        var tenant = Tenants.New();
        var author = Guid.NewGuid();
        var id = await Drafts.CreateIdAsync(Person(tenant, "member", author), Drafts.New("成员的稿件", author));
        var partner = Partner(tenant, "intake.read");
        var row = await RowAsync(id);
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var list = await partner.GetFromJsonAsync<JsonElement>(Drafts.Path);
        var read = await Drafts.GetAsync(partner, id);
        var create = await partner.PostAsJsonAsync(Drafts.Path, Drafts.New("合作方的稿件"));
        var edit = await Drafts.PutAsync(partner, id, new { title = "合作方改的", body = "合作方改的" });
        var submit = await Drafts.PostSubmitAsync(partner, id);

        Assert.Equal([id], Ids(list));
        Assert.Equal("成员的稿件", read.GetProperty("title").GetString());
        foreach (var response in new[] { create, edit, submit }) await AssertForbiddenAsync(response);
        Assert.Equal(row, await RowAsync(id));
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
    }

    [Theory]
    [InlineData("")]
    [InlineData("review.read people.read scoring.read training.read")]
    public async Task A_partner_without_an_intake_scope_cannot_read(string scopes)
    {
        var tenant = Tenants.New();
        var id = await Drafts.CreateIdAsync(factory.ClientFor(tenant));
        var partner = Partner(tenant, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        await AssertForbiddenAsync(await partner.GetAsync(Drafts.Path));
        await AssertForbiddenAsync(await partner.GetAsync($"{Drafts.Path}/{id}"));
    }

    // ---- dead letters: the tenant's administrator only ----

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("staff-editor")]
    [InlineData("director")]
    [InlineData("partner")]
    public async Task Only_a_tenant_admin_sees_or_replays_dead_letters(string role)
    {
        var tenant = Tenants.New();
        var refused = factory.ClientWithToken(role == "partner"
            ? TestTokens.Create(tenant, [role], scopes: PlatformScopes.All, clientId: "x")
            : TestTokens.Create(tenant, [role], Guid.NewGuid()));
        var admin = Person(tenant, "tenant-admin", Guid.NewGuid());
        var unknown = Guid.NewGuid();

        await AssertForbiddenAsync(await refused.GetAsync("/admin/dead-letters"));
        await AssertForbiddenAsync(await refused.PostAsync($"/admin/dead-letters/{unknown}/replay", null));
        var list = await admin.GetAsync("/admin/dead-letters");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("total").GetInt32());
        await (await admin.PostAsync($"/admin/dead-letters/{unknown}/replay", null)).ReadProblemAsync(404);
    }
}
