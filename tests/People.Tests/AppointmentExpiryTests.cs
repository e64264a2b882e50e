using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.People.Jobs;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.AppointmentsApi;

namespace SheqingMinyi.People.Tests;

/// <summary>The expiry job on a clock the test moves: a term ends the day after its last day, announced once.</summary>
public sealed class AppointmentExpiryTests(AppointmentsFactory factory) : IClassFixture<AppointmentsFactory>
{
    private AppointmentExpiry Job => factory.Services.GetRequiredService<AppointmentExpiry>();

    [Fact]
    public async Task An_ended_term_expires_once_with_one_AppointmentEnded_even_when_the_job_runs_twice()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var today = factory.Today;
        var person = await PersonAsync(client);
        var ending = (await AppointAsync(client, person, today.AddYears(-1), today)).GetProperty("id").GetGuid();
        var running = (await AppointAsync(client, await PersonAsync(client, "李华"), today.AddYears(-1), today.AddDays(1))).GetProperty("id").GetGuid();
        var start = factory.Clock.Now;
        try
        {
            await Job.RunOnceAsync(CancellationToken.None); // the last day itself: nothing ends
            Assert.Equal("active", (await client.GetFromJsonAsync<JsonElement>($"/appointments/{ending}")).GetProperty("status").GetString());

            factory.Clock.Now = start.AddDays(1);
            await Job.RunOnceAsync(CancellationToken.None);
            await Job.RunOnceAsync(CancellationToken.None);

            var expired = await client.GetFromJsonAsync<JsonElement>($"/appointments/{ending}");
            Assert.Equal(("expired", Date(today)), (expired.GetProperty("status").GetString(), expired.GetProperty("endedOn").GetString()));
            Assert.Equal("active", (await client.GetFromJsonAsync<JsonElement>($"/appointments/{running}")).GetProperty("status").GetString());
            var ended = Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentEnded", "appointmentId", ending));
            Assert.Equal(tenant, ended.TenantId);
            var payload = JsonDocument.Parse(ended.Payload).RootElement;
            Assert.Equal(("expired", 2, Date(today)), (payload.GetProperty("reason").GetString(), payload.GetProperty("version").GetInt32(), payload.GetProperty("endedOn").GetString()));
            Assert.Empty(await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentEnded", "appointmentId", running));
            // The kind goes with the appointment.
            var updates = await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", person);
            Assert.Equal(["member"], JsonDocument.Parse(updates[^1].Payload).RootElement.GetProperty("kinds").Strings());
            Assert.Equal(2, updates.Count);
        }
        finally
        {
            factory.Clock.Now = start;
        }
    }

    [Fact]
    public async Task Jobs_running_at_once_end_each_appointment_once()
    {
        var client = factory.ClientFor(Tenants.New());
        var today = factory.Today;
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await AppointAsync(client, await PersonAsync(client, $"委员{i}"), today.AddYears(-1), today)).GetProperty("id").GetGuid());
        var start = factory.Clock.Now;
        try
        {
            factory.Clock.Now = start.AddDays(2);
            await Task.WhenAll(Job.RunOnceAsync(CancellationToken.None), Job.RunOnceAsync(CancellationToken.None), Job.RunOnceAsync(CancellationToken.None));

            foreach (var id in ids)
                Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "AppointmentEnded", "appointmentId", id));
            var list = await client.GetFromJsonAsync<JsonElement>("/appointments?status=expired");
            Assert.Equal(5, list.GetProperty("total").GetInt32());
        }
        finally
        {
            factory.Clock.Now = start;
        }
    }
}
