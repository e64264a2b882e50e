using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Drafts: create, read and edit.</summary>
public sealed class SubmissionsApiTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static object NewDraft(string title = "关于加强社区养老服务的建议") => new
    {
        title,
        body = "近年来，我区老龄化程度不断加深……",
        authorPersonId = Guid.NewGuid(),
        unitId = Guid.NewGuid(),
    };

    [Fact]
    public async Task Creating_a_draft_returns_it_with_status_draft()
    {
        var client = factory.ClientFor("spb-zx");
        var response = await client.PostAsJsonAsync("/submissions", NewDraft());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", created.GetProperty("status").GetString());
        Assert.Equal("关于加强社区养老服务的建议", created.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_created_draft_can_be_read_back_with_every_field_and_its_location()
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = Drafts.New("  关于规范电动自行车停放的建议  ");
        var response = await client.PostAsJsonAsync(Drafts.Path, draft);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/submissions/{id}", response.Headers.Location?.OriginalString);

        var read = await Drafts.GetAsync(client, id);
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        Assert.Equal("关于规范电动自行车停放的建议", read.GetProperty("title").GetString()); // trimmed
        Assert.Equal((string)draft["body"]!, read.GetProperty("body").GetString());
        Assert.Equal((Guid)draft["authorPersonId"]!, read.GetProperty("authorPersonId").GetGuid());
        Assert.Equal((Guid)draft["unitId"]!, read.GetProperty("unitId").GetGuid());
        Assert.Equal("draft", read.GetProperty("status").GetString());
        Assert.Empty(read.GetProperty("adoptionLevels").EnumerateArray());
        Assert.False(read.TryGetProperty("submittedAt", out _), "a draft has no submittedAt");
        Assert.False(read.TryGetProperty("reviewComment", out _), "a draft has no review comment");
    }

    [Fact]
    public async Task Creating_a_draft_writes_the_row_but_no_event()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);

        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM submissions WHERE id = $1", id));
        Assert.Empty(await IntakeDb.OutboxForAsync(factory.ConnectionString, id)); // only submitting announces it
    }

    [Fact]
    public async Task A_title_of_exactly_200_characters_is_accepted()
    {
        var client = factory.ClientFor(Tenants.New());
        var created = await Drafts.CreateAsync(client, Drafts.New(new string('议', 200)));
        Assert.Equal(200, created.GetProperty("title").GetString()!.Length);
    }

    [Fact]
    public async Task Editing_a_draft_changes_title_and_body_and_keeps_it_a_draft()
    {
        var client = factory.ClientFor(Tenants.New());
        var created = await Drafts.CreateAsync(client);
        var id = created.GetProperty("id").GetGuid();

        var response = await Drafts.PutAsync(client, id, new { title = " 修改后的标题 ", body = "修改后的正文" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Drafts.GetAsync(client, id);
        Assert.Equal("修改后的标题", read.GetProperty("title").GetString());
        Assert.Equal("修改后的正文", read.GetProperty("body").GetString());
        Assert.Equal("draft", read.GetProperty("status").GetString());
        Assert.Equal(created.GetProperty("authorPersonId").GetGuid(), read.GetProperty("authorPersonId").GetGuid());
        Assert.True(read.GetProperty("updatedAt").GetDateTimeOffset() > created.GetProperty("updatedAt").GetDateTimeOffset());
        // PostgreSQL keeps microseconds; the create answer had the clock's full 100 ns precision.
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), read.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Editing_with_an_empty_title_is_rejected_and_keeps_the_old_text()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Drafts.New("原标题"));

        var response = await Drafts.PutAsync(client, id, new { title = " ", body = "新正文" });

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        var read = await Drafts.GetAsync(client, id);
        Assert.Equal("原标题", read.GetProperty("title").GetString());
        Assert.NotEqual("新正文", read.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_submitted_item_can_no_longer_be_edited()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateSubmittedAsync(client);

        var response = await Drafts.PutAsync(client, id, new { title = "偷改标题", body = "偷改正文" });

        var problem = await response.ReadProblemAsync(409);
        Assert.Equal("invalid-state", problem.GetProperty("code").GetString());
        Assert.Equal("关于加强社区养老服务的建议", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
    }
}
