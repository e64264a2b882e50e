using System.Net.Http.Json;
using System.Text;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Bad input: each case answers with the right problem and changes nothing in the database.</summary>
public sealed class SubmissionValidationTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    /// <summary>Runs <paramref name="call"/> and checks the submission, outbox and inbox row counts did not move.</summary>
    private async Task<HttpResponseMessage> ChangesNothingAsync(Func<Task<HttpResponseMessage>> call)
    {
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);
        var response = await call();
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));
        return response;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_is_a_bad_request_problem()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsync(Drafts.Path, Json("{\"title\": \"未闭合")));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("bad-request", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_bad_request_problem()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsync(Drafts.Path,
            Json("""{"title":"标题","body":"正文","authorPersonId":"not-a-guid","unitId":"00000000-0000-0000-0000-000000000001"}""")));

        await response.ReadProblemAsync(400);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("body")]
    [InlineData("authorPersonId")]
    [InlineData("unitId")]
    public async Task A_missing_required_field_is_a_validation_problem_keyed_by_that_field(string field)
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = Drafts.New();
        draft.Remove(field);

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.NotEmpty(errors.GetProperty(field).EnumerateArray());
    }

    [Theory]
    [InlineData("title", "   ")]
    [InlineData("body", "")]
    public async Task A_blank_text_field_counts_as_missing(string field, string value)
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = Drafts.New();
        draft[field] = value;

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_empty_guid_author_counts_as_missing()
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = Drafts.New();
        draft["authorPersonId"] = Guid.Empty;

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("authorPersonId", out _));
    }

    [Fact]
    public async Task Every_missing_field_is_reported_at_once()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, new { }));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(["authorPersonId", "body", "title", "unitId"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task A_title_of_201_characters_is_rejected()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, Drafts.New(new string('议', 201))));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task A_body_over_20000_characters_is_rejected()
    {
        var client = factory.ClientFor(Tenants.New());
        var draft = Drafts.New();
        draft["body"] = new string('文', 20_001);

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, draft));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task An_unknown_id_is_not_found_for_get_edit_and_submit()
    {
        var client = factory.ClientFor(Tenants.New());
        var unknown = Guid.NewGuid();

        foreach (var call in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync($"{Drafts.Path}/{unknown}"),
            () => Drafts.PutAsync(client, unknown, new { title = "标题", body = "正文" }),
            () => Drafts.PostSubmitAsync(client, unknown),
        })
        {
            var problem = await (await ChangesNothingAsync(call)).ReadProblemAsync(404);
            Assert.Equal("not-found", problem.GetProperty("code").GetString());
            Assert.Contains(unknown.ToString(), problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused()
    {
        var client = factory.CreateClient(); // no access token, as if the gateway were bypassed

        foreach (var call in new Func<Task<HttpResponseMessage>>[]
        {
            () => client.PostAsJsonAsync(Drafts.Path, Drafts.New()),
            () => client.GetAsync(Drafts.Path),
        })
        {
            var problem = await (await ChangesNothingAsync(call)).ReadProblemAsync(401);
            Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("Spb-ZX")]
    [InlineData("-spb")]
    [InlineData("spb_zx")]
    [InlineData("租户")]
    public async Task A_token_with_a_malformed_tenant_is_refused(string tenant)
    {
        var client = factory.ClientWithToken(TestTokens.Create(tenant));

        var response = await ChangesNothingAsync(() => client.PostAsJsonAsync(Drafts.Path, Drafts.New()));

        var problem = await response.ReadProblemAsync(403);
        Assert.Equal("tenant-invalid", problem.GetProperty("code").GetString());
    }
}
