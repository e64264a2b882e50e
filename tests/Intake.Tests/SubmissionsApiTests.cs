using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

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
}
