using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SearchData;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// 疑似重复 computed after the submit by intake's consumer of its own SubmissionSubmitted and SubmissionEdited: an
/// editor's polish recomputes them, a redelivered or republished event changes nothing, and a late event leaves the
/// matches of the current text.
/// </summary>
public sealed class SimilarItemsConsumerTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static Guid[] SimilarIds(JsonElement similar) =>
        [.. similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private Task<long> CountAsync(string table, Guid id) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, $"SELECT count(*) FROM {table} WHERE submission_id = $1", id);

    private Task<DateTime> ComputedAtAsync(Guid id) =>
        TestDb.ScalarAsync<DateTime>(factory.ConnectionString, "SELECT computed_at FROM similar_scans WHERE submission_id = $1", id);

    /// <summary>The tenant's pair counts added up: each scanned item adds its distinct pairs once.</summary>
    private Task<long> PairCountsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT coalesce(sum(items), 0) FROM similar_pair_counts WHERE tenant_id = $1", tenant);

    private Task<long> DistinctPairsAsync(params Guid[] ids) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT coalesce(sum(length(search_vector)), 0) FROM submissions WHERE id = ANY($1)", ids);

    private static async Task PolishAsync(HttpClient editor, Guid id, Text text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Drafts.Path}/{id}/polish")
        {
            Content = JsonContent.Create(new { title = text.Title, body = text.Body, reason = "改写" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", await Drafts.ETagAsync(editor, id));
        var response = await editor.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"polish: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task An_editors_polish_recomputes_the_matches_for_the_new_version()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var canteen = await SubmittedAsync(client, Canteen);
        var water = await SubmittedAsync(client, Water);
        var item = await SubmittedAsync(client, CanteenEdited);
        var first = await SimilarAsync(client, item);
        Assert.Equal([canteen], SimilarIds(first));
        Assert.Equal(1, first.GetProperty("contentVersion").GetInt32());
        await SimilarAsync(client, canteen);
        await SimilarAsync(client, water);
        var counted = await PairCountsAsync(tenant);
        Assert.Equal(await DistinctPairsAsync(canteen, water, item), counted);

        await PolishAsync(factory.ClientFor(tenant, ["staff-editor"], Guid.NewGuid()), item, new Text(Water.Title, Water.Body + "建议尽快落实。"));

        var polished = await SimilarAsync(client, item);
        Assert.Equal(2, polished.GetProperty("contentVersion").GetInt32());
        Assert.Equal([water], SimilarIds(polished));
        Assert.Equal(1, await CountAsync("similar_items", item));
        Assert.Equal(1, await CountAsync("similar_scans", item));
        // The pair counts only choose where the search looks first: an item counts once, at its first scan.
        Assert.Equal(counted, await PairCountsAsync(tenant));
    }

    [Fact]
    public async Task The_same_SubmissionSubmitted_twice_and_republished_keeps_one_set_of_matches()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var canteen = await SubmittedAsync(client, Canteen);
        var edited = await SubmittedAsync(client, CanteenEdited);
        var item = await SubmittedAsync(client, Canteen);
        Assert.Equal([canteen, edited], SimilarIds(await SimilarAsync(client, item)));
        var view = await Drafts.GetAsync(client, item);
        var submitted = new SubmissionSubmitted(item, Canteen.Title, Guid.NewGuid(), Guid.NewGuid(), view.GetProperty("submittedAt").GetDateTimeOffset());
        var before = await ComputedAtAsync(item);

        var eventId = Guid.NewGuid();
        await EventStreams.PublishAsync(factory.RedisPrefix, eventId, tenant, submitted);
        var again = await EventStreams.PublishAsync(factory.RedisPrefix, eventId, tenant, submitted);
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SubmissionSubmitted), again);
        var republished = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant, submitted);
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SubmissionSubmitted), republished);

        var similar = await SimilarAsync(client, item);
        Assert.Equal([canteen, edited], SimilarIds(similar));
        Assert.Equal(1.000m, similar.GetProperty("items")[0].GetProperty("score").GetDecimal());
        Assert.Equal(2, await CountAsync("similar_items", item));
        Assert.Equal(1, await CountAsync("similar_scans", item));
        Assert.Equal(1, await IntakeDb.InboxRowsForAsync(factory.ConnectionString, eventId));
        Assert.True(await ComputedAtAsync(item) > before, "the republished event recomputed (replacing, not adding)");
        await SimilarAsync(client, canteen);
        await SimilarAsync(client, edited);
        Assert.Equal(await DistinctPairsAsync(canteen, edited, item), await PairCountsAsync(tenant));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM dead_letters WHERE tenant_id = $1", tenant));
    }

    [Fact]
    public async Task A_late_SubmissionSubmitted_after_a_polish_leaves_the_matches_of_the_polished_text()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        await SubmittedAsync(client, Canteen);
        var water = await SubmittedAsync(client, Water);
        var item = await SubmittedAsync(client, CanteenEdited);
        await SimilarAsync(client, item);
        var view = await Drafts.GetAsync(client, item);
        await PolishAsync(factory.ClientFor(tenant, ["staff-editor"], Guid.NewGuid()), item, new Text(Water.Title, Water.Body + "建议尽快落实。"));
        Assert.Equal([water], SimilarIds(await SimilarAsync(client, item)));

        // The first submit's event, delivered again after the polish (version 1 of the text).
        var late = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant,
            new SubmissionSubmitted(item, CanteenEdited.Title, Guid.NewGuid(), Guid.NewGuid(), view.GetProperty("submittedAt").GetDateTimeOffset(), ContentVersion: 1));
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SubmissionSubmitted), late);

        var similar = await SimilarAsync(client, item);
        Assert.Equal(2, similar.GetProperty("contentVersion").GetInt32());
        Assert.Equal([water], SimilarIds(similar));
    }

    [Fact]
    public async Task An_event_for_an_item_never_submitted_records_nothing()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var canteen = await SubmittedAsync(client, Canteen);
        var draft = await DraftAsync(client, CanteenEdited);

        var entry = await EventStreams.PublishAsync(factory.RedisPrefix, Guid.NewGuid(), tenant,
            new SubmissionSubmitted(draft, CanteenEdited.Title, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow));
        await EventStreams.WaitUntilConsumedAsync(factory.RedisPrefix, nameof(SubmissionSubmitted), entry);

        Assert.Equal(0, await CountAsync("similar_items", draft));
        Assert.Equal(0, await CountAsync("similar_scans", draft));
        await SimilarAsync(client, canteen);
        Assert.Equal(await DistinctPairsAsync(canteen), await PairCountsAsync(tenant));
        Assert.False((await ReadSimilarAsync(client, draft)).TryGetProperty("computedAt", out _));
    }
}
