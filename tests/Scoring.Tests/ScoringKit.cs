using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>What the scoring tests do over and over: feed what people did, read ledgers and boards.</summary>
public sealed class ScoringKit(ServiceFactory<Program> factory)
{
    public const string ConsumerGroup = ResourceNames.Scoring;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Mid-November 2026 in Beijing: inside 2026, 2026-Q4 and 2026-11. In UTC, as the producers stamp events.</summary>
    public static readonly DateTimeOffset November2026 = Beijing(2026, 11, 15, 10);

    /// <summary>A Beijing wall-clock time as the UTC instant producers put in events (clock.GetUtcNow()).</summary>
    public static DateTimeOffset Beijing(int year, int month, int day, int hour) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public StreamFeeder Feeder { get; } = new(factory.RedisPrefix);

    /// <summary>A tenant of the test's own, so boards and totals see only its data.</summary>
    public static string NewTenant() => $"t{Guid.NewGuid():N}"[..12];

    public HttpClient Client(string tenant) => factory.ClientFor(tenant);

    public Task<FedEvent> SubmittedAsync(string tenant, Guid author, Guid submissionId, DateTimeOffset? at = null) =>
        Feeder.PublishAsync(tenant, new SubmissionSubmitted(submissionId, "关于加强社区养老服务的建议", author, Guid.NewGuid(), at ?? November2026));

    public Task<FedEvent> AdoptedAsync(string tenant, Guid author, Guid submissionId, AdoptionLevel level = AdoptionLevel.OwnBody,
        DateTimeOffset? at = null) =>
        Feeder.PublishAsync(tenant, new SubmissionAdopted(submissionId, Guid.NewGuid(), level, author, Guid.NewGuid(), at ?? November2026));

    public Task<FedEvent> RegisteredAsync(string tenant, Guid person, string name) =>
        Feeder.PublishAsync(tenant, new PersonRegistered(person, name, Guid.NewGuid(), ["member"]));

    /// <summary>A later change of the person (a rename): person events apply by Version, so this one is 2 or more.</summary>
    public Task<FedEvent> UpdatedAsync(string tenant, Guid person, string name, int version = 2, Guid? unit = null) =>
        Feeder.PublishAsync(tenant, new PersonUpdated(person, name, unit ?? Guid.NewGuid(), ["member"], ["member"], DateTimeOffset.UtcNow, version));

    /// <summary>An author with a submission that was submitted and adopted at own-body level: 1 + 5 points.</summary>
    public async Task<(Guid Author, Guid SubmissionId)> SubmittedAndAdoptedAsync(string tenant, DateTimeOffset? at = null)
    {
        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmittedAsync(tenant, author, submissionId, at);
        await AdoptedAsync(tenant, author, submissionId, at: at);
        await WaitForLedgerAsync(tenant, author, 2);
        return (author, submissionId);
    }

    public async Task<PageDto<LedgerEntryDto>> LedgerAsync(string tenant, Guid personId)
    {
        var response = await Client(tenant).GetAsync($"/ledger?personId={personId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PageDto<LedgerEntryDto>>(Json))!;
    }

    /// <summary>Every entry of an item (or instruction) in the tenant, whoever earned it.</summary>
    public async Task<PageDto<LedgerEntryDto>> SourceLedgerAsync(string tenant, Guid sourceId)
    {
        var response = await Client(tenant).GetAsync($"/ledger?sourceId={sourceId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PageDto<LedgerEntryDto>>(Json))!;
    }

    public Task<PageDto<LedgerEntryDto>> WaitForLedgerAsync(string tenant, Guid personId, int entries) =>
        Eventually.GetAsync(() => LedgerAsync(tenant, personId), l => l.Total >= entries, what: $"{entries} ledger entries of {personId}");

    public async Task<BoardDto> BoardAsync(string tenant, string? period, int? top = null)
    {
        var query = string.Join('&', new[] { period is null ? null : $"period={period}", top is null ? null : $"top={top}" }.OfType<string>());
        var response = await Client(tenant).GetAsync($"/leaderboards/persons?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<BoardDto>(Json))!;
    }

    /// <summary>Waits until the board satisfies <paramref name="condition"/> (board updates follow the ledger commit).</summary>
    public Task<BoardDto> WaitForBoardAsync(string tenant, string period, Func<BoardDto, bool> condition) =>
        Eventually.GetAsync(() => BoardAsync(tenant, period), condition, what: $"board {period} of {tenant}");

    public Task<HttpResponseMessage> RankAsync(string tenant, Guid personId, string? period = null) =>
        Client(tenant).GetAsync($"/leaderboards/persons/{personId}{(period is null ? "" : $"?period={period}")}");

    /// <summary>The tenant's admin, who may change the rules.</summary>
    public HttpClient Admin(string tenant) => factory.ClientFor(tenant, ["tenant-admin"]);

    /// <summary>PUT /rules with the current version's ETag (read first unless <paramref name="ifMatch"/> is given).</summary>
    public async Task<HttpResponseMessage> PutRulesAsync(string tenant, object body, string? ifMatch = null)
    {
        var admin = Admin(tenant);
        ifMatch ??= (await admin.GetAsync("/rules")).Headers.ETag!.Tag;
        var request = new HttpRequestMessage(HttpMethod.Put, "/rules") { Content = JsonContent.Create(body, options: Json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await admin.SendAsync(request);
    }

    /// <summary>A rule change that must succeed; its answer.</summary>
    public async Task<RulesDto> ChangeRulesAsync(string tenant, object body)
    {
        var response = await PutRulesAsync(tenant, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RulesDto>(Json))!;
    }

    public async Task<StatementDto> StatementAsync(string tenant, string kind, Guid id, string period)
    {
        var response = await Client(tenant).GetAsync($"/statements/{kind}/{id}?period={period}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StatementDto>(Json))!;
    }

    /// <summary>A person's score on a board, 0 when not on it (404).</summary>
    public async Task<decimal> ScoreAsync(string tenant, Guid personId, string period)
    {
        var response = await RankAsync(tenant, personId, period);
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BoardEntryDto>(Json))!.Points;
    }

    /// <summary>Publishes an event and waits until scoring consumed it (its boards follow before the acknowledgement).</summary>
    public async Task FeedAsync<TEvent>(string tenant, TEvent payload) where TEvent : notnull =>
        await Feeder.WaitConsumedAsync(await Feeder.PublishAsync(tenant, payload), ConsumerGroup);

    /// <summary>Drops every leaderboard key of this fixture, as a Redis flush or eviction would.</summary>
    public async Task<int> DeleteLeaderboardKeysAsync()
    {
        var server = await StreamFeeder.RedisServerAsync();
        var db = await StreamFeeder.RedisAsync();
        var keys = new List<StackExchange.Redis.RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{factory.RedisPrefix}:lb:*")) keys.Add(key);
        if (keys.Count > 0) await db.KeyDeleteAsync([.. keys]);
        return keys.Count;
    }
}
