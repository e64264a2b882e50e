using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>Bad schedules: the right problem, keyed by field, and no event row written.</summary>
public sealed class ScheduleValidationTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private async Task<JsonElement> RejectedAsync(Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);
        var response = await call(factory.ClientFor(Tenants.New()));
        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
        return problem;
    }

    private Task<JsonElement> RejectedAsync(object request) => RejectedAsync(client => client.PostAsJsonAsync(TrainingApi.Path, request));

    private static string[] ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()];

    [Theory]
    [InlineData("title")]
    [InlineData("kind")]
    [InlineData("startsAt")]
    public async Task A_missing_required_field_is_a_validation_problem_keyed_by_that_field(string field)
    {
        var request = TrainingApi.NewEvent();
        request.Remove(field);

        var problem = await RejectedAsync(request);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal([field], ErrorFields(problem));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_capacity_that_is_not_positive_is_rejected(int capacity)
    {
        var problem = await RejectedAsync(TrainingApi.NewEvent(capacity: capacity));
        Assert.Equal(["capacity"], ErrorFields(problem));
    }

    [Fact]
    public async Task Over_long_title_and_place_are_rejected()
    {
        var request = TrainingApi.NewEvent(new string('训', 201));
        request["place"] = new string('地', 201);

        var problem = await RejectedAsync(request);

        Assert.Equal(["place", "title"], ErrorFields(problem));
    }

    [Theory]
    [InlineData("\"cooking-class\"")]
    [InlineData("\"\"")]
    public async Task An_unknown_kind_is_a_bad_request(string kindJson)
    {
        var json = $$"""{"title":"讲座","kind":{{kindJson}},"startsAt":"2026-12-10T09:30:00+08:00"}""";

        var problem = await RejectedAsync(client => client.PostAsync(TrainingApi.Path, new StringContent(json, Encoding.UTF8, "application/json")));

        Assert.Equal("bad-request", problem.GetProperty("code").GetString());
    }

    /// <summary>Guards a fixed bug: the enum converter also accepts integers, and validation only checks the kind is
    /// present, so a number outside TrainingEventKind is stored as a kind that does not exist.</summary>
    [Fact]
    public async Task A_kind_number_outside_the_known_kinds_is_rejected()
    {
        var json = """{"title":"讲座","kind":99,"startsAt":"2026-12-10T09:30:00+08:00"}""";
        await RejectedAsync(client => client.PostAsync(TrainingApi.Path, new StringContent(json, Encoding.UTF8, "application/json")));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        var problem = await RejectedAsync(client => client.PostAsync(TrainingApi.Path,
            new StringContent("{\"title\":\"讲座\",", Encoding.UTF8, "application/json")));
        Assert.Equal("bad-request", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused()
    {
        var before = await TrainingDb.CountsAsync(factory.ConnectionString);

        var response = await factory.CreateClient().PostAsJsonAsync(TrainingApi.Path, TrainingApi.NewEvent());

        Assert.Equal("unauthenticated", (await response.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal(before, await TrainingDb.CountsAsync(factory.ConnectionString));
    }
}
