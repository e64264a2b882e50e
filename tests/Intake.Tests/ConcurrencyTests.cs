using System.Net;
using System.Net.Http.Json;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Racing requests on one submission: optimistic concurrency must turn losers into 409s, never 500s.</summary>
public sealed class ConcurrencyTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Concurrent_submits_of_one_draft_succeed_once_and_write_one_event()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync($"{Drafts.Path}/{id}/submit", null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
    }

    /// <summary>Guards a fixed bug: EditAsync does not catch DbUpdateConcurrencyException as SubmitAsync does, so the
    /// loser of a race on the row version gets a 500 instead of 409 "concurrent-change".
    /// Several rounds of wide bursts so the race is hit on every run.</summary>
    [Fact]
    public async Task Concurrent_edits_of_one_draft_never_fail_with_a_server_error()
    {
        var client = factory.ClientFor(Tenants.New());
        for (var round = 0; round < 5; round++)
        {
            var id = await Drafts.CreateIdAsync(client);
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                client.PutAsJsonAsync($"{Drafts.Path}/{id}", new { title = $"版本{i}", body = $"正文{i}" })));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Contains(200) && statuses.All(s => s is 200 or 409), $"round {round} statuses: {string.Join(",", statuses)}");
        }
    }
}
