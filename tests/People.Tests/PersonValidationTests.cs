using System.Net.Http.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Bad registrations: the right problem, keyed by field, and no person and no event written.</summary>
public sealed class PersonValidationTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private async Task<System.Text.Json.JsonElement> RejectedAsync(HttpClient client, object request)
    {
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);
        var response = await client.PostAsJsonAsync("/persons", request);
        var problem = await response.ReadProblemAsync(400);
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
        return problem;
    }

    private static string[] ErrorFields(System.Text.Json.JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()];

    [Fact]
    public async Task An_unknown_unit_is_a_validation_problem_on_unitId()
    {
        var problem = await RejectedAsync(factory.ClientFor(Tenants.New()), new { name = "张三", unitId = Guid.NewGuid() });

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal(["unitId"], ErrorFields(problem));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Member")] // roles are exact, lower-case
    [InlineData("")]
    public async Task An_unknown_role_is_a_validation_problem_on_roles(string role)
    {
        var problem = await RejectedAsync(factory.ClientFor(Tenants.New()), new { name = "张三", roles = new[] { "member", role } });

        Assert.Equal(["roles"], ErrorFields(problem));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_name_is_a_validation_problem_on_name(string? name)
    {
        var problem = await RejectedAsync(factory.ClientFor(Tenants.New()), new { name, roles = new[] { "member" } });
        Assert.Equal(["name"], ErrorFields(problem));
    }

    [Fact]
    public async Task A_name_over_50_characters_is_rejected()
    {
        var problem = await RejectedAsync(factory.ClientFor(Tenants.New()), new { name = new string('名', 51) });
        Assert.Equal(["name"], ErrorFields(problem));
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var problem = await RejectedAsync(factory.ClientFor(Tenants.New()),
            new { name = "", unitId = Guid.NewGuid(), roles = new[] { "emperor" } });
        Assert.Equal(["name", "roles", "unitId"], ErrorFields(problem));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_problem()
    {
        var client = factory.ClientFor(Tenants.New());
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);

        var response = await client.PostAsync("/persons", new StringContent("[1,2", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("bad-request", (await response.ReadProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused()
    {
        var before = await PeopleDb.CountsAsync(factory.ConnectionString);

        var response = await factory.CreateClient().PostAsJsonAsync("/persons", new { name = "无租户" });

        Assert.Equal("unauthenticated", (await response.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal(before, await PeopleDb.CountsAsync(factory.ConnectionString));
    }
}
