using System.Net;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Racing changes of one submission, all sent with the ETag they read: exactly one wins, the others get 412
/// precondition-failed (never a 500, never two changes), whether they lose at the If-Match check or at the UPDATE.
/// </summary>
public sealed class ConcurrencyTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Concurrent_submits_of_one_draft_with_the_same_etag_succeed_once_and_write_one_event()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client);
        var etag = await Drafts.ETagAsync(client, id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Drafts.PostSubmitAsync(client, id, etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            Assert.Equal("precondition-failed", (await lost.ReadProblemAsync(412)).GetProperty("code").GetString());
        Assert.Single(await IntakeDb.OutboxForAsync(factory.ConnectionString, id));
    }

    /// <summary>Several rounds of wide bursts so the race on the row version (not only the If-Match check) is hit.</summary>
    [Fact]
    public async Task Concurrent_edits_with_the_same_etag_let_exactly_one_through_and_never_fail_with_a_server_error()
    {
        var client = factory.ClientFor(Tenants.New());
        for (var round = 0; round < 5; round++)
        {
            var id = await Drafts.CreateIdAsync(client);
            var etag = await Drafts.ETagAsync(client, id);
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                Drafts.PutAsync(client, id, new { title = $"版本{i}", body = $"正文{i}" }, etag)));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 200) == 1 && statuses.All(s => s is 200 or 412), $"round {round} statuses: {string.Join(",", statuses)}");
            var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal($"版本{winner}", (await Drafts.GetAsync(client, id)).GetProperty("title").GetString());
        }
    }
}
