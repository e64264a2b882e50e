using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Counts the database connections the service opens, and the contexts it builds, per tenant of the scope.</summary>
public sealed class ConnectionCounter
{
    private readonly ConcurrentDictionary<string, int> _opened = new();
    private readonly ConcurrentDictionary<string, int> _contexts = new();

    public int Of(string tenant) => _opened.GetValueOrDefault(tenant);

    public int ContextsOf(string tenant) => _contexts.GetValueOrDefault(tenant);

    public void Opening(TenantContext tenant) => _opened.AddOrUpdate(tenant.IsSet ? tenant.TenantId : "", 1, (_, n) => n + 1);

    public void ContextBuilt(TenantContext tenant) => _contexts.AddOrUpdate(tenant.IsSet ? tenant.TenantId : "", 1, (_, n) => n + 1);
}

/// <summary>An interceptor per scope, so it knows the scope's tenant.</summary>
public sealed class CountingInterceptor(TenantContext tenant, ConnectionCounter counter) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        counter.Opening(tenant);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        counter.Opening(tenant);
        return ValueTask.FromResult(result);
    }
}

/// <summary>The scoring service with every database connection it opens counted.</summary>
public sealed class CountingScoringFactory : ServiceFactory<Program>
{
    public CountingScoringFactory() : base(ResourceNames.ScoringDb) { }

    public ConnectionCounter Connections { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The options are built with each context (scoped), so this runs once per context the service creates.
        builder.ConfigureTestServices(services => services.ConfigureDbContext<ScoringDbContext>((scope, options) =>
        {
            var tenant = scope.GetRequiredService<TenantContext>();
            Connections.ContextBuilt(tenant);
            options.AddInterceptors(new CountingInterceptor(tenant, Connections));
        }, ServiceLifetime.Scoped));
    }
}

/// <summary>
/// A warm leaderboard read is Redis alone: names come from a Redis hash per tenant that the people directory feeds after
/// commit; a missing name falls back to the people directory (directory_persons) once and is cached, per tenant.
/// </summary>
public sealed class LeaderboardNamesTests(CountingScoringFactory factory) : IClassFixture<CountingScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    private string NamesKey(string tenant) => LeaderboardKeys.NamesOf(factory.RedisPrefix, tenant);

    private async Task<string?> CachedNameAsync(string tenant, Guid person) =>
        await (await StreamFeeder.RedisAsync()).HashGetAsync(NamesKey(tenant), person.ToString());

    private async Task<BoardEntryDto> RankAsync(string tenant, Guid person)
    {
        var response = await _kit.RankAsync(tenant, person, "2026");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BoardEntryDto>(ScoringKit.Json))!;
    }

    private async Task<(Guid Author, Guid Second)> RegisteredAuthorsAsync(string tenant)
    {
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        var second = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, second, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, second, 1);
        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, author, "张明"), ScoringKit.ConsumerGroup);
        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, second, "李华"), ScoringKit.ConsumerGroup);
        return (author, second);
    }

    [Fact]
    public async Task A_warm_read_opens_no_database_connection_and_builds_no_context()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, second) = await RegisteredAuthorsAsync(tenant);
        await _kit.BoardAsync(tenant, "2026"); // builds the board (a cold read)
        var before = factory.Connections.Of(tenant);
        var contextsBefore = factory.Connections.ContextsOf(tenant);

        for (var i = 0; i < 5; i++)
        {
            var board = await _kit.BoardAsync(tenant, "2026", top: 50);
            Assert.Equal([(1L, author, "张明", 6m), (2L, second, "李华", 1m)], board.Entries.Select(e => (e.Rank, e.PersonId, e.Name, e.Points)));
            Assert.Equal(new BoardEntryDto(2, second, "李华", 1m), await RankAsync(tenant, second));
        }

        Assert.Equal(before, factory.Connections.Of(tenant));
        // Not even a context is built (nor its options): no middleware takes one unless the request needs it.
        Assert.Equal(contextsBefore, factory.Connections.ContextsOf(tenant));

        // The counter does see the service's connections: a cold read (the board dropped) opens one.
        await (await StreamFeeder.RedisAsync()).KeyDeleteAsync(factory.Services.GetRequiredService<LeaderboardStore>().Keys(tenant, "2026").Built);
        await _kit.BoardAsync(tenant, "2026");
        Assert.True(factory.Connections.Of(tenant) > before, "the rebuild's connection was counted");
        Assert.True(factory.Connections.ContextsOf(tenant) > contextsBefore, "the rebuild's context was counted");
    }

    [Fact]
    public async Task A_registered_name_is_in_the_read_model_once_the_event_is_applied()
    {
        var tenant = ScoringKit.NewTenant();
        var person = Guid.NewGuid();

        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, person, "王芳"), ScoringKit.ConsumerGroup);
        Assert.Equal("王芳", await CachedNameAsync(tenant, person));

        await _kit.Feeder.WaitConsumedAsync(await _kit.UpdatedAsync(tenant, person, "王芳芳"), ScoringKit.ConsumerGroup);
        Assert.Equal("王芳芳", await CachedNameAsync(tenant, person));

        // A late copy of the registration (version 1) changes neither the directory nor the cached name.
        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, person, "王芳"), ScoringKit.ConsumerGroup);
        Assert.Equal("王芳芳", await CachedNameAsync(tenant, person));
    }

    [Fact]
    public async Task A_wiped_names_hash_falls_back_to_the_table_and_is_filled_again()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, second) = await RegisteredAuthorsAsync(tenant);
        await _kit.BoardAsync(tenant, "2026");
        Assert.True(await (await StreamFeeder.RedisAsync()).KeyDeleteAsync(NamesKey(tenant)));
        var before = factory.Connections.Of(tenant);

        var board = await _kit.BoardAsync(tenant, "2026");

        Assert.Equal(["张明", "李华"], board.Entries.Select(e => e.Name));
        Assert.True(factory.Connections.Of(tenant) > before, "the names were read from the table");
        Assert.Equal(("张明", "李华"), (await CachedNameAsync(tenant, author), await CachedNameAsync(tenant, second)));

        // Refilled: warm again.
        var warm = factory.Connections.Of(tenant);
        Assert.Equal("李华", (await RankAsync(tenant, second)).Name);
        Assert.Equal(["张明", "李华"], (await _kit.BoardAsync(tenant, "2026")).Entries.Select(e => e.Name));
        Assert.Equal(warm, factory.Connections.Of(tenant));
    }

    [Fact]
    public async Task A_person_without_a_name_is_read_from_the_table_once_and_named_when_registered()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenant);
        Assert.Null((await _kit.BoardAsync(tenant, "2026")).Of(author)!.Name);
        Assert.Equal("", await CachedNameAsync(tenant, author)); // known to have none
        var before = factory.Connections.Of(tenant);

        Assert.Null((await _kit.BoardAsync(tenant, "2026")).Of(author)!.Name);
        Assert.Null((await RankAsync(tenant, author)).Name);
        Assert.Equal(before, factory.Connections.Of(tenant));

        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenant, author, "赵强"), ScoringKit.ConsumerGroup);
        Assert.Equal("赵强", (await _kit.BoardAsync(tenant, "2026")).Of(author)!.Name);
    }

    [Fact]
    public async Task Another_tenant_s_names_never_show_cached_or_not()
    {
        var (tenantA, tenantB) = (ScoringKit.NewTenant(), ScoringKit.NewTenant());
        var (author, _) = await _kit.SubmittedAndAdoptedAsync(tenantA);
        await _kit.Feeder.WaitConsumedAsync(await _kit.RegisteredAsync(tenantB, author, "王芳"), ScoringKit.ConsumerGroup);

        Assert.Null((await _kit.BoardAsync(tenantA, "2026")).Of(author)!.Name);
        Assert.Null((await RankAsync(tenantA, author)).Name);
        Assert.Equal("", await CachedNameAsync(tenantA, author));
        Assert.Equal("王芳", await CachedNameAsync(tenantB, author));

        await (await StreamFeeder.RedisAsync()).KeyDeleteAsync(NamesKey(tenantA));
        Assert.Null((await _kit.BoardAsync(tenantA, "2026")).Of(author)!.Name);
    }
}
