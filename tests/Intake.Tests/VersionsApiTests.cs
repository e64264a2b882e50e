using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// An item's text versions: the list, one version, the character diff of two, editors' polishing during review and
/// what the editors changed. Every refusal is a problem and changes nothing; another tenant's or another member's
/// item answers 404 on every route.
/// </summary>
public sealed class VersionsApiTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private const string Body1 = "近年来，我区老龄化程度不断加深，养老需求日益增长。";
    private const string Body2 = "近年来，我区老龄化程度加深，社区养老需求日益增长。";
    private const string Body3 = "近年来，我区老龄化程度加深，社区养老需求增长较快。建议加强统筹。";

    private HttpClient Person(string tenant, string role, Guid personId) => factory.ClientFor(tenant, [role], personId);

    private static string V(Guid id, string rest = "") => $"{Drafts.Path}/{id}{rest}";

    /// <summary>A writer (member) whose draft is edited twice: versions 1, 2 and 3 by the writer.</summary>
    private async Task<(HttpClient Writer, Guid WriterId, Guid Id)> EditedTwiceAsync(string tenant, string name = "张明")
    {
        var self = Guid.NewGuid();
        await factory.AnnounceAsync(tenant, self, null, name);
        var writer = Person(tenant, PlatformRoles.Member, self);
        var draft = Drafts.New("关于加强社区养老服务的建议", self);
        draft["body"] = Body1;
        var id = await Drafts.CreateIdAsync(writer, draft);
        Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(writer, id, new { title = "关于加强社区养老服务的建议", body = Body2, reason = "补充社区" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(writer, id, new { title = "关于加快社区养老服务的建议", body = Body3, reason = "加一条建议" })).StatusCode);
        return (writer, self, id);
    }

    /// <summary>An item a member wrote (version 1), edited once (version 2) and submitted: under review.</summary>
    private async Task<(HttpClient Writer, Guid Id)> UnderReviewAsync(string tenant)
    {
        var self = Guid.NewGuid();
        var writer = Person(tenant, PlatformRoles.Member, self);
        var draft = Drafts.New("关于加强社区养老服务的建议", self);
        draft["body"] = Body1;
        var id = await Drafts.CreateIdAsync(writer, draft);
        Assert.Equal(HttpStatusCode.OK, (await Drafts.PutAsync(writer, id, new { title = "关于加强社区养老服务的建议", body = Body2 })).StatusCode);
        await Drafts.SubmitAsync(writer, id);
        return (writer, id);
    }

    private async Task<HttpClient> EditorAsync(string tenant, string role = PlatformRoles.StaffEditor, string name = "王芳", Guid? personId = null)
    {
        var editorId = personId ?? Guid.NewGuid();
        await factory.AnnounceAsync(tenant, editorId, null, name);
        return Person(tenant, role, editorId);
    }

    private static async Task<HttpResponseMessage> PolishAsync(HttpClient client, Guid id, object body, string? etag = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, V(id, "/polish")) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? await Drafts.ETagAsync(client, id));
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A string property, null when absent (the API leaves out nulls).</summary>
    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static (string Op, string Text)[] Segments(JsonElement comparison) =>
        [.. comparison.GetProperty("segments").EnumerateArray().Select(s => (s.GetProperty("op").GetString()!, s.GetProperty("text").GetString()!))];

    /// <summary>What a refused call must leave alone: the item's row, its versions and the outbox.</summary>
    private async Task<(string Row, long Versions, long Outbox)> StateAsync(Guid id) => (
        await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(s)::text FROM submissions s WHERE id = $1", id),
        await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM submission_versions WHERE submission_id = $1", id),
        (await IntakeDb.OutboxForAsync(factory.ConnectionString, id)).Count);

    // ---- versions and one version ----

    [Fact]
    public async Task After_two_edits_the_versions_are_listed_newest_first_with_who_why_and_the_body_length()
    {
        var tenant = Tenants.New();
        var (writer, self, id) = await EditedTwiceAsync(tenant);

        var list = await OkJsonAsync(await writer.GetAsync(V(id, "/versions")));

        Assert.Equal((id, 3), (list.GetProperty("submissionId").GetGuid(), list.GetProperty("currentVersion").GetInt32()));
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], items.Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal(["关于加快社区养老服务的建议", "关于加强社区养老服务的建议", "关于加强社区养老服务的建议"], items.Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(["加一条建议", "补充社区", null], items.Select(i => Text(i, "reason")));
        Assert.All(items, i => Assert.Equal((self, "张明", "writer"),
            (i.GetProperty("editorPersonId").GetGuid(), i.GetProperty("editorName").GetString(), i.GetProperty("editorRole").GetString())));
        Assert.Equal([Body3.Length, Body2.Length, Body1.Length], items.Select(i => i.GetProperty("bodyLength").GetInt32()));
        var times = items.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.True(times[0] >= times[1] && times[1] >= times[2]);
    }

    [Fact]
    public async Task One_version_is_its_full_text_and_an_unknown_number_is_a_404_problem()
    {
        var tenant = Tenants.New();
        var (writer, self, id) = await EditedTwiceAsync(tenant);

        var first = await OkJsonAsync(await writer.GetAsync(V(id, "/versions/1")));
        var second = await OkJsonAsync(await writer.GetAsync(V(id, "/versions/2")));
        var missing = await (await writer.GetAsync(V(id, "/versions/4"))).ReadProblemAsync(404);
        var zero = await (await writer.GetAsync(V(id, "/versions/0"))).ReadProblemAsync(404);

        Assert.Equal((id, 1, "关于加强社区养老服务的建议", Body1, null as string),
            (first.GetProperty("submissionId").GetGuid(), first.GetProperty("number").GetInt32(), first.GetProperty("title").GetString(),
             first.GetProperty("body").GetString(), Text(first, "reason")));
        Assert.Equal((2, Body2, "补充社区", self, "writer"), (second.GetProperty("number").GetInt32(), second.GetProperty("body").GetString(),
            second.GetProperty("reason").GetString(), second.GetProperty("editorPersonId").GetGuid(), second.GetProperty("editorRole").GetString()));
        Assert.Equal(("not-found", "not-found"), (missing.GetProperty("code").GetString(), zero.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_version_read_again_with_its_etag_is_not_modified()
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());
        var first = await writer.GetAsync(V(id, "/versions/1"));
        Assert.NotNull(first.Headers.ETag);

        var request = new HttpRequestMessage(HttpMethod.Get, V(id, "/versions/1"));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        Assert.Equal(HttpStatusCode.NotModified, (await writer.SendAsync(request)).StatusCode);
    }

    // ---- diff ----

    [Fact]
    public async Task The_diff_of_two_versions_gives_the_character_segments_of_title_and_body_and_the_counts()
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());

        var diff = await OkJsonAsync(await writer.GetAsync(V(id, "/diff?from=1&to=3")));

        Assert.Equal((id, 1, 3), (diff.GetProperty("submissionId").GetGuid(), diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()));
        Assert.Equal([("equal", "关于加"), ("delete", "强"), ("insert", "快"), ("equal", "社区养老服务的建议")], Segments(diff.GetProperty("title")));
        Assert.Equal([("equal", "近年来，我区老龄化程度"), ("delete", "不断"), ("equal", "加深，"), ("insert", "社区"), ("equal", "养老需求"),
            ("delete", "日益"), ("equal", "增长"), ("insert", "较快。建议加强统筹"), ("equal", "。")], Segments(diff.GetProperty("body")));
        Assert.Equal((1, 1), (diff.GetProperty("title").GetProperty("inserted").GetInt32(), diff.GetProperty("title").GetProperty("deleted").GetInt32()));
        Assert.Equal((11, 4), (diff.GetProperty("body").GetProperty("inserted").GetInt32(), diff.GetProperty("body").GetProperty("deleted").GetInt32()));
        Assert.Equal((12, 5), (diff.GetProperty("inserted").GetInt32(), diff.GetProperty("deleted").GetInt32()));
    }

    [Fact]
    public async Task The_diff_read_backwards_swaps_insertions_and_deletions()
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());

        var diff = await OkJsonAsync(await writer.GetAsync(V(id, "/diff?from=2&to=1")));

        Assert.Equal((2, 1), (diff.GetProperty("from").GetInt32(), diff.GetProperty("to").GetInt32()));
        Assert.Equal([("equal", "关于加强社区养老服务的建议")], Segments(diff.GetProperty("title")));
        Assert.Equal([("equal", "近年来，我区老龄化程度"), ("insert", "不断"), ("equal", "加深，"), ("delete", "社区"), ("equal", "养老需求日益增长。")],
            Segments(diff.GetProperty("body")));
        Assert.Equal((2, 2), (diff.GetProperty("inserted").GetInt32(), diff.GetProperty("deleted").GetInt32()));
    }

    [Theory]
    [InlineData("", "from")]
    [InlineData("?from=1", "to")]
    [InlineData("?to=2", "from")]
    [InlineData("?from=0&to=2", "from")]
    [InlineData("?from=1&to=-1", "to")]
    [InlineData("?from=2&to=2", "to")]
    public async Task A_diff_of_missing_non_positive_or_equal_numbers_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());
        var before = await StateAsync(id);

        var problem = await (await writer.GetAsync(V(id, "/diff" + query))).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}");
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task A_diff_with_a_number_that_is_not_one_is_a_400_problem()
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());

        await (await writer.GetAsync(V(id, "/diff?from=abc&to=2"))).ReadProblemAsync(400);
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    public async Task A_diff_with_a_version_the_item_does_not_have_is_a_404_problem(int from, int to)
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());

        var problem = await (await writer.GetAsync(V(id, $"/diff?from={from}&to={to}"))).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Contains("version 9", problem.GetProperty("detail").GetString());
    }

    // ---- polish ----

    [Fact]
    public async Task An_editor_polishes_an_item_under_review_into_version_3_with_the_editor_role_and_a_SubmissionEdited_outbox_row()
    {
        var tenant = Tenants.New();
        var (writer, id) = await UnderReviewAsync(tenant);
        var editorId = Guid.NewGuid();
        var editor = await EditorAsync(tenant, personId: editorId);
        var etagBefore = await Drafts.ETagAsync(editor, id);

        var response = await PolishAsync(editor, id, new { title = "关于加强社区养老服务的几点建议", body = Body3, reason = "规范标题，补充建议" }, etagBefore);

        var polished = await OkJsonAsync(response);
        Assert.Equal((3, "submitted", "关于加强社区养老服务的几点建议", Body3), (polished.GetProperty("contentVersion").GetInt32(),
            polished.GetProperty("status").GetString(), polished.GetProperty("title").GetString(), polished.GetProperty("body").GetString()));
        Assert.NotEqual(etagBefore, response.Headers.ETag?.ToString());
        Assert.Equal(response.Headers.ETag?.ToString(), await Drafts.ETagAsync(writer, id));

        var newest = (await OkJsonAsync(await writer.GetAsync(V(id, "/versions")))).GetProperty("items")[0];
        Assert.Equal((3, "editor", editorId, "王芳", "规范标题，补充建议"), (newest.GetProperty("number").GetInt32(), newest.GetProperty("editorRole").GetString(),
            newest.GetProperty("editorPersonId").GetGuid(), newest.GetProperty("editorName").GetString(), newest.GetProperty("reason").GetString()));

        var rows = await IntakeDb.OutboxForAsync(factory.ConnectionString, id);
        Assert.Equal(["SubmissionEdited", "SubmissionSubmitted", "SubmissionEdited"], rows.Select(r => r.Type));
        Assert.Equal(tenant, rows[^1].TenantId);
        var payload = JsonDocument.Parse(rows[^1].Payload).RootElement;
        Assert.Equal((id, 3, editorId, "editor", "规范标题，补充建议", 3), (payload.GetProperty("submissionId").GetGuid(), payload.GetProperty("contentVersion").GetInt32(),
            payload.GetProperty("editorPersonId").GetGuid(), payload.GetProperty("editorRole").GetString(), payload.GetProperty("reason").GetString(),
            payload.GetProperty("sequence").GetInt32()));
    }

    [Theory]
    [InlineData(PlatformRoles.StaffEditor)]
    [InlineData(PlatformRoles.Director)]
    [InlineData(PlatformRoles.TenantAdmin)]
    public async Task Editors_directors_and_tenant_admins_may_polish(string role)
    {
        var tenant = Tenants.New();
        var (_, id) = await UnderReviewAsync(tenant);
        var editor = await EditorAsync(tenant, role);

        var polished = await OkJsonAsync(await PolishAsync(editor, id, new { title = "润色后的标题", body = Body3, reason = "润色" }));

        Assert.Equal(3, polished.GetProperty("contentVersion").GetInt32());
    }

    [Fact]
    public async Task Polishing_to_the_same_text_is_200_with_the_same_version_and_changes_nothing()
    {
        var tenant = Tenants.New();
        var (_, id) = await UnderReviewAsync(tenant);
        var editor = await EditorAsync(tenant);
        var before = await StateAsync(id);

        var same = await OkJsonAsync(await PolishAsync(editor, id, new { title = "关于加强社区养老服务的建议", body = Body2, reason = "通读，无需修改" }));

        Assert.Equal(2, same.GetProperty("contentVersion").GetInt32());
        Assert.Equal(before, await StateAsync(id));
    }

    [Theory]
    [InlineData(PlatformRoles.Member)]
    [InlineData(PlatformRoles.Officer)]
    [InlineData(PlatformRoles.Leader)]
    [InlineData(PlatformRoles.Partner)]
    public async Task Members_officers_leaders_and_partners_cannot_polish_403_and_nothing_changes(string role)
    {
        var tenant = Tenants.New();
        var (writer, id) = await UnderReviewAsync(tenant);
        var etag = await Drafts.ETagAsync(writer, id);
        var caller = role == PlatformRoles.Partner
            ? factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead], clientId: "oa"))
            : Person(tenant, role, Guid.NewGuid());
        var before = await StateAsync(id);

        var problem = await (await PolishAsync(caller, id, new { title = "改", body = "改", reason = "改" }, etag)).ReadProblemAsync(403);

        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task The_writer_cannot_polish_their_own_item_403()
    {
        var tenant = Tenants.New();
        var (writer, id) = await UnderReviewAsync(tenant);
        var before = await StateAsync(id);

        await (await PolishAsync(writer, id, new { title = "作者自己改", body = "作者自己改", reason = "改" })).ReadProblemAsync(403);

        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task Polishing_a_draft_is_a_409_problem_and_changes_nothing()
    {
        var tenant = Tenants.New();
        var editor = await EditorAsync(tenant);
        var (_, _, id) = await EditedTwiceAsync(tenant);
        var before = await StateAsync(id);

        var problem = await (await PolishAsync(editor, id, new { title = "润色", body = "润色", reason = "润色" })).ReadProblemAsync(409);

        Assert.Equal("invalid-state", problem.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task Polishing_with_a_stale_if_match_is_412_and_without_one_428_and_nothing_changes()
    {
        var tenant = Tenants.New();
        var (_, id) = await UnderReviewAsync(tenant);
        var editor = await EditorAsync(tenant);
        var stale = await Drafts.ETagAsync(editor, id);
        await OkJsonAsync(await PolishAsync(editor, id, new { title = "第一次润色", body = Body3, reason = "润色" }));
        var before = await StateAsync(id);

        var staleProblem = await (await PolishAsync(editor, id, new { title = "第二次润色", body = Body1, reason = "再润色" }, stale)).ReadProblemAsync(412);
        var request = new HttpRequestMessage(HttpMethod.Post, V(id, "/polish")) { Content = JsonContent.Create(new { title = "无前提", body = Body1, reason = "再润色" }) };
        var missing = await (await editor.SendAsync(request)).ReadProblemAsync(428);

        Assert.Equal(("precondition-failed", "precondition-required"), (staleProblem.GetProperty("code").GetString(), missing.GetProperty("code").GetString()));
        Assert.Equal(before, await StateAsync(id));
    }

    public static TheoryData<string, string?, string?, string?> BadPolishes => new()
    {
        { "reason", "标题", "正文", null },
        { "reason", "标题", "正文", "  " },
        { "reason", "标题", "正文", new string('因', 501) },
        { "title", "", "正文", "润色" },
        { "title", new string('题', 201), "正文", "润色" },
        { "body", "标题", null, "润色" },
        { "body", "标题", new string('文', 20_001), "润色" },
    };

    [Theory]
    [MemberData(nameof(BadPolishes))]
    public async Task A_polish_with_bad_input_is_a_400_problem_naming_the_field_and_changes_nothing(string field, string? title, string? body, string? reason)
    {
        var tenant = Tenants.New();
        var (_, id) = await UnderReviewAsync(tenant);
        var editor = await EditorAsync(tenant);
        var before = await StateAsync(id);

        var problem = await (await PolishAsync(editor, id, new { title, body, reason })).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task A_polish_retried_with_its_idempotency_key_makes_one_version_and_gets_the_first_answer()
    {
        var tenant = Tenants.New();
        var (_, id) = await UnderReviewAsync(tenant);
        var editor = await EditorAsync(tenant);
        var etag = await Drafts.ETagAsync(editor, id);
        var key = Guid.NewGuid().ToString();
        var polish = new { title = "润色后的标题", body = Body3, reason = "润色" };

        var first = await OkJsonAsync(await PolishAsync(editor, id, polish, etag, key));
        var retry = await OkJsonAsync(await PolishAsync(editor, id, polish, etag, key));

        Assert.Equal((3, 3), (first.GetProperty("contentVersion").GetInt32(), retry.GetProperty("contentVersion").GetInt32()));
        Assert.Equal(3L, (await StateAsync(id)).Versions);
    }

    // ---- what the editors changed ----

    [Fact]
    public async Task The_writer_sees_each_editors_version_with_its_diff_against_the_version_before_newest_first()
    {
        var tenant = Tenants.New();
        var (writer, id) = await UnderReviewAsync(tenant);
        var editorId = Guid.NewGuid();
        var editor = await EditorAsync(tenant, personId: editorId, name: "王芳");
        await OkJsonAsync(await PolishAsync(editor, id, new { title = "关于加强社区养老服务的几点建议", body = Body2, reason = "规范标题" }));
        await OkJsonAsync(await PolishAsync(editor, id, new { title = "关于加强社区养老服务的几点建议", body = Body3, reason = "补充建议" }));

        var changes = await OkJsonAsync(await writer.GetAsync(V(id, "/editor-changes")));

        Assert.Equal(id, changes.GetProperty("submissionId").GetGuid());
        var items = changes.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(4, 3), (3, 2)], items.Select(i => (i.GetProperty("number").GetInt32(), i.GetProperty("previousNumber").GetInt32())));
        Assert.Equal(["补充建议", "规范标题"], items.Select(i => i.GetProperty("reason").GetString()));
        Assert.All(items, i => Assert.Equal((editorId, "王芳"), (i.GetProperty("editorPersonId").GetGuid(), i.GetProperty("editorName").GetString())));
        Assert.Equal([("equal", "关于加强社区养老服务的"), ("insert", "几点"), ("equal", "建议")], Segments(items[1].GetProperty("title")));
        Assert.Equal([("equal", Body2)], Segments(items[1].GetProperty("body")));
        Assert.Equal((2, 0), (items[1].GetProperty("inserted").GetInt32(), items[1].GetProperty("deleted").GetInt32()));
        Assert.Equal([("equal", "近年来，我区老龄化程度加深，社区养老需求"), ("delete", "日益"), ("equal", "增长"), ("insert", "较快。建议加强统筹"),
            ("equal", "。")], Segments(items[0].GetProperty("body")));
        Assert.Equal((9, 2), (items[0].GetProperty("inserted").GetInt32(), items[0].GetProperty("deleted").GetInt32()));
    }

    [Fact]
    public async Task Without_editors_versions_the_editor_changes_are_empty()
    {
        var (writer, _, id) = await EditedTwiceAsync(Tenants.New());

        var changes = await OkJsonAsync(await writer.GetAsync(V(id, "/editor-changes")));

        Assert.Equal(0, changes.GetProperty("items").GetArrayLength());
    }

    // ---- isolation ----

    public static TheoryData<string> ReadRoutes => new() { "/versions", "/versions/1", "/diff?from=1&to=2", "/editor-changes" };

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task Another_tenant_reads_nothing_of_the_versions_404(string route)
    {
        var (_, _, id) = await EditedTwiceAsync(Tenants.New());
        var otherTenant = factory.ClientFor(Tenants.New());

        var problem = await (await otherTenant.GetAsync(V(id, route))).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_tenants_editor_cannot_polish_404_and_nothing_changes()
    {
        var tenant = Tenants.New();
        var (writer, id) = await UnderReviewAsync(tenant);
        var etag = await Drafts.ETagAsync(writer, id);
        var otherEditor = await EditorAsync(Tenants.New());
        var before = await StateAsync(id);

        var problem = await (await PolishAsync(otherEditor, id, new { title = "他人改的", body = "他人改的", reason = "越权" }, etag)).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync(id));
    }

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task Another_member_of_the_tenant_reads_nothing_of_the_versions_404(string route)
    {
        var tenant = Tenants.New();
        var (writer, _, id) = await EditedTwiceAsync(tenant);
        var otherMember = Person(tenant, PlatformRoles.Member, Guid.NewGuid());

        var problem = await (await otherMember.GetAsync(V(id, route))).ReadProblemAsync(404);

        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync(V(id, route))).StatusCode); // still there for its writer
    }

    [Fact]
    public async Task Staff_and_a_reading_partner_of_the_tenant_see_the_versions()
    {
        var tenant = Tenants.New();
        var (_, _, id) = await EditedTwiceAsync(tenant);
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.IntakeRead], clientId: "oa"));

        var byStaff = await OkJsonAsync(await factory.ClientFor(tenant).GetAsync(V(id, "/versions")));
        var byPartner = await OkJsonAsync(await partner.GetAsync(V(id, "/versions")));

        Assert.Equal((3, 3), (byStaff.GetProperty("items").GetArrayLength(), byPartner.GetProperty("items").GetArrayLength()));
    }
}
