using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.AppointmentsApi;

namespace SheqingMinyi.People.Tests;

/// <summary>Bad input to the appointment endpoints is a 400 problem in Chinese, naming the field, and writes nothing.</summary>
public sealed class AppointmentValidationTests(AppointmentsFactory factory) : IClassFixture<AppointmentsFactory>
{
    private DateOnly Today => factory.Today;

    private async Task<long> WrittenAsync() =>
        await TestDb.CountAsync(factory.ConnectionString, "appointments") + await TestDb.CountAsync(factory.ConnectionString, "outbox_messages");

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("请求数据无效", problem.GetProperty("title").GetString());
        return problem.GetProperty("errors");
    }

    public static TheoryData<string, int, int> BadTerms => new()
    {
        { "startsOn", 1, 100 },          // starts tomorrow: entered on its first day
        { "endsOn", 0, 0 },              // ends the day it starts
        { "endsOn", 0, -5 },             // ends before it starts
        { "endsOn", 0, 365 * 5 + 2 },    // longer than five years
        { "endsOn", -400, -1 },          // already over
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public async Task A_bad_term_is_a_400_on_its_field(string field, int startOffset, int endOffset)
    {
        var client = factory.ClientFor(Tenants.New());
        var person = await PersonAsync(client);
        var before = await WrittenAsync();

        var response = await client.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today.AddDays(startOffset), endsOn = Today.AddDays(endOffset) });

        Assert.True((await ErrorsAsync(response)).TryGetProperty(field, out _), field);
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var client = factory.ClientFor(Tenants.New());
        var before = await WrittenAsync();

        var errors = await ErrorsAsync(await client.PostAsJsonAsync("/appointments", new { }));

        Assert.Equal(["endsOn", "personId", "startsOn"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task An_unknown_person_is_a_400_on_personId()
    {
        var client = factory.ClientFor(Tenants.New());
        var before = await WrittenAsync();

        var errors = await ErrorsAsync(await client.PostAsJsonAsync("/appointments", new { personId = Guid.NewGuid(), startsOn = Today, endsOn = Today.AddYears(1) }));

        Assert.True(errors.TryGetProperty("personId", out _));
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task Renewing_to_an_earlier_or_too_distant_end_or_without_one_is_a_400_that_changes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await AppointAsync(client, await PersonAsync(client), Today, Today.AddYears(1))).GetProperty("id").GetGuid();
        var before = await WrittenAsync();

        foreach (var body in new object[] { new { endsOn = Today.AddMonths(6) }, new { endsOn = Today.AddYears(7) }, new { } })
            Assert.True((await ErrorsAsync(await PostAsync(client, $"/appointments/{id}/renew", body, "\"1\""))).TryGetProperty("endsOn", out _));

        Assert.Equal(before, await WrittenAsync());
        Assert.Equal(Date(Today.AddYears(1)), (await client.GetFromJsonAsync<JsonElement>($"/appointments/{id}")).GetProperty("endsOn").GetString());
    }

    [Fact]
    public async Task Revoking_without_a_reason_or_with_a_too_long_one_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await AppointAsync(client, await PersonAsync(client), Today, Today.AddYears(1))).GetProperty("id").GetGuid();

        Assert.True((await ErrorsAsync(await PostAsync(client, $"/appointments/{id}/revoke", new { reason = " " }, "\"1\""))).TryGetProperty("reason", out _));
        Assert.True((await ErrorsAsync(await PostAsync(client, $"/appointments/{id}/revoke", new { reason = new string('因', 201) }, "\"1\""))).TryGetProperty("reason", out _));
        Assert.Equal("active", (await client.GetFromJsonAsync<JsonElement>($"/appointments/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/appointments?status=scheduled", "status")]
    [InlineData("/appointments/expiring?days=0", "days")]
    [InlineData("/appointments/expiring?days=366", "days")]
    public async Task Bad_list_filters_are_a_400(string path, string field)
    {
        var errors = await ErrorsAsync(await factory.ClientFor(Tenants.New()).GetAsync(path));
        Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task An_inactive_person_cannot_be_appointed()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var person = await PersonAsync(client);
        await TestDb.ScalarAsync<int>(factory.ConnectionString, "UPDATE persons SET deactivated_at = now() WHERE id = $1 RETURNING 1", person);

        var response = await client.PostAsJsonAsync("/appointments", new { personId = person, startsOn = Today, endsOn = Today.AddYears(1) });

        Assert.Equal("person-inactive", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/appointments?personId={person}")).GetProperty("total").GetInt32());
    }
}
