using Npgsql;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>Redis stops while submissions keep arriving: nothing is refused, nothing is lost, nothing counts twice.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisOutageTests(PlatformFixture platform)
{
    private async Task<(long Pending, long Attempted)> PendingInIntakeOutboxAsync(IReadOnlyList<Guid> submissionIds)
    {
        await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync("intakedb-owner"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE attempts > 0 AND last_error IS NOT NULL)
            FROM outbox_messages
            WHERE published_at IS NULL AND type = 'SubmissionSubmitted' AND (payload->>'submissionId')::uuid = ANY($1)
            """, connection);
        command.Parameters.AddWithValue(submissionIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Submissions_succeed_while_Redis_is_down_and_each_is_scored_once_when_it_is_back()
    {
        var gateway = platform.Gateway;
        var author = await platform.NewAuthorAsync(); // announced while Redis is up
        await platform.RunCommandAsync("redis", "resource-stop");
        List<Guid> submitted = [];
        try
        {
            await platform.App.ResourceNotifications.WaitForResourceAsync("redis", s => s.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped");
            for (var i = 0; i < 3; i++)
                submitted.Add(await FlowTests.SubmitNewItemAsync(gateway, author));
            // Nothing can be delivered yet: the events wait in intake's outbox, with failed attempts recorded.
            var waiting = await FlowTests.EventuallyAsync(() => PendingInIntakeOutboxAsync(submitted),
                n => n.Attempted == 3, "publish attempts against the stopped Redis", seconds: 30);
            Assert.Equal(3, waiting.Pending);
            var ledgerWhileDown = await gateway.GetAsync($"/api/scoring/ledger?personId={author}");
            if (ledgerWhileDown.IsSuccessStatusCode)
                Assert.Equal(0, (await ledgerWhileDown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());
        }
        finally
        {
            await platform.RunCommandAsync("redis", "resource-start");
        }
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("redis");

        var ledger = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(gateway, $"/api/scoring/ledger?personId={author}"),
            l => l.GetProperty("total").GetInt32() >= 3, "all three submissions scored after Redis is back", seconds: 120);
        Assert.Equal(0, (await PendingInIntakeOutboxAsync(submitted)).Pending);
        // Let any redelivery arrive, then check each event was applied exactly once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        ledger = await FlowTests.GetJsonAsync(gateway, $"/api/scoring/ledger?personId={author}");
        var sources = ledger.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sourceId").GetGuid()).ToList();
        Assert.Equal(submitted.Order(), sources.Order());
        Assert.All(ledger.GetProperty("items").EnumerateArray(), e => Assert.Equal(1m, e.GetProperty("points").GetDecimal()));
    }
}
