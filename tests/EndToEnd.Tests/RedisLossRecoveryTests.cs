using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;

namespace SheqingMinyi.EndToEnd.Tests;

/// <summary>
/// Redis loses everything mid-flow (streams and consumer groups): the operator republishes the outbox, through the
/// gateway or from the dashboard, and every effect happens exactly once — lost events applied, known ones skipped.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisLossRecoveryTests(PlatformFixture platform)
{
    private async Task<List<Guid>> LedgerSourcesAsync(Guid author)
    {
        var ledger = await FlowTests.GetJsonAsync(platform.Gateway, $"/api/scoring/ledger?personId={author}");
        return [.. ledger.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sourceId").GetGuid())];
    }

    private async Task FlushRedisAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.App.GetConnectionStringAsync("redis") + ",allowAdmin=true");
        await redis.GetServer(redis.GetEndPoints()[0]).FlushAllDatabasesAsync();
    }

    [Fact]
    public async Task Events_lost_with_a_wiped_redis_are_applied_once_after_the_operator_republishes_through_the_gateway()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        var author = await platform.NewAuthorAsync();
        var known = new[] { await FlowTests.SubmitNewItemAsync(platform.Gateway, author), await FlowTests.SubmitNewItemAsync(platform.Gateway, author) };
        await FlowTests.EventuallyAsync(() => LedgerSourcesAsync(author), s => s.Count == 2, "the first two scored");

        // Redis stops; two more are written (their events wait in intake's outbox). Then the fault: the rows are
        // marked published, as when Redis acknowledged them and lost them (the last second before a crash under
        // appendfsync everysec), and Redis comes back wiped (streams and consumer groups gone).
        await platform.RunCommandAsync("redis", "resource-stop");
        List<Guid> lost;
        try
        {
            await platform.App.ResourceNotifications.WaitForResourceAsync("redis", s => s.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped");
            lost = [await FlowTests.SubmitNewItemAsync(platform.Gateway, author), await FlowTests.SubmitNewItemAsync(platform.Gateway, author)];
            await using var intake = new Npgsql.NpgsqlConnection(await platform.App.GetConnectionStringAsync("intakedb-owner"));
            await intake.OpenAsync();
            await using var acknowledged = new Npgsql.NpgsqlCommand(
                "UPDATE outbox_messages SET published_at = now() WHERE published_at IS NULL AND (payload->>'submissionId')::uuid = ANY($1)", intake);
            acknowledged.Parameters.AddWithValue(lost.ToArray());
            Assert.Equal(2, await acknowledged.ExecuteNonQueryAsync());
        }
        finally
        {
            await platform.RunCommandAsync("redis", "resource-start");
        }
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("redis");
        await FlushRedisAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(known.Order(), (await LedgerSourcesAsync(author)).Order()); // lost: nothing brings them back by itself

        var @operator = await platform.SignedInAsync("operator");
        var response = await @operator.PostAsJsonAsync("/api/intake/admin/outbox/republish", new { since });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("republished").GetInt32() >= 4);

        await FlowTests.EventuallyAsync(() => LedgerSourcesAsync(author), s => s.Count >= 4, "the lost two scored", seconds: 90);
        await Task.Delay(TimeSpan.FromSeconds(3)); // any duplicate would land meanwhile
        var sources = await LedgerSourcesAsync(author);
        Assert.Equal(known.Concat(lost).Order(), sources.Order()); // each item scored exactly once
        // Review opened one case per item, never a second for a republished event.
        foreach (var id in known.Concat(lost))
        {
            var cases = await FlowTests.EventuallyAsync(() => FlowTests.GetJsonAsync(platform.Gateway, $"/api/review/cases?submissionId={id}"),
                c => c.GetProperty("total").GetInt32() >= 1, $"case for {id}");
            Assert.Equal(1, cases.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task The_dashboard_command_republishes_the_last_hour_and_nothing_is_applied_twice()
    {
        var author = await platform.NewAuthorAsync();
        var item = await FlowTests.SubmitNewItemAsync(platform.Gateway, author);
        await FlowTests.EventuallyAsync(() => LedgerSourcesAsync(author), s => s.Count == 1, "scored once");

        await platform.RunCommandAsync("intake", "republish-outbox-hour");

        await using var connection = new Npgsql.NpgsqlConnection(await platform.App.GetConnectionStringAsync("intakedb-owner"));
        await connection.OpenAsync();
        await using var pending = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL AND payload->>'submissionId' = $1", connection);
        pending.Parameters.AddWithValue(item.ToString());
        await FlowTests.EventuallyAsync(async () => (long)(await pending.ExecuteScalarAsync())!, n => n == 0, "published again");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal([item], await LedgerSourcesAsync(author));
    }
}
