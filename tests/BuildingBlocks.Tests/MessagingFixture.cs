using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Tests;
using StackExchange.Redis;

namespace SheqingMinyi.BuildingBlocks.Tests;

/// <summary>A thing a test handler creates, so an applied event leaves a row to count.</summary>
public sealed class Widget
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public Guid EventId { get; set; }
    public string Name { get; set; } = "";
}

public sealed class MessagingTestDbContext(DbContextOptions<MessagingTestDbContext> options, TenantContext? tenant = null) : DbContext(options)
{
    public DbSet<Widget> Widgets => Set<Widget>();
    public TenantContext? Tenant { get; } = tenant;

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddMessagingTables();
        model.Entity<Widget>().ToTable("widgets");
    }
}

/// <summary>
/// A database of its own with the platform schema (messaging tables, NOTIFY trigger), the real Redis under a prefix of
/// its own, and a service provider wired like a service's (context, tenant, subscriptions, processor).
/// </summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestStores.CreateDatabaseAsync("messaging");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        Redis = await ConnectionMultiplexer.ConnectAsync(TestStores.Redis);
        // The test's own table from its model; the messaging tables and trigger as every service database has them.
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
        await using var connection = await DataSource.OpenConnectionAsync();
        await PlatformSchemaMigrator.MigrateAsync(connection);
    }

    public MessagingTestDbContext NewContext(TenantContext? tenant = null) => new(
        new DbContextOptionsBuilder<MessagingTestDbContext>().UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options, tenant);

    public IOptions<MessagingOptions> Options(Action<MessagingOptions>? configure = null)
    {
        var options = new MessagingOptions
        {
            StreamPrefix = TestStores.NewRedisPrefix("bb"),
            ConsumerGroup = "test-consumer",
            RelayPollInterval = TimeSpan.FromMilliseconds(200),
            ConsumerPollInterval = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public OutboxRelay Relay(IOptions<MessagingOptions> options, IEventTransport? transport = null) =>
        new(DataSource, transport ?? new RedisStreamTransport(Redis, options), options, NullLogger<OutboxRelay>.Instance);

    /// <summary>A provider shaped like a service's, with <paramref name="register"/> adding the handlers.</summary>
    public ServiceProvider Services(IOptions<MessagingOptions> options, Action<EventSubscriptions, IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(options);
        services.AddScoped<TenantContext>();
        services.AddDbContext<MessagingTestDbContext>(o => o.UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention());
        services.AddSingleton<IConnectionMultiplexer>(Redis);
        var subscriptions = new EventSubscriptions();
        register(subscriptions, services);
        services.AddSingleton(subscriptions);
        services.AddSingleton<EventProcessor<MessagingTestDbContext>>();
        services.AddSingleton<StreamConsumer<MessagingTestDbContext>>();
        return services.BuildServiceProvider();
    }

    /// <summary>Counts rows with a query (the tests' view of the truth in the database).</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

public sealed record WidgetCreated(string Name);

/// <summary>Applies WidgetCreated by adding a widget; throws for names starting with "fail".</summary>
public sealed class CreateWidget(MessagingTestDbContext db) : IEventHandler<WidgetCreated>
{
    public static int Calls;

    public Task HandleAsync(WidgetCreated e, EventContext context, CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        db.Widgets.Add(new Widget { Id = Guid.NewGuid(), TenantId = context.TenantId, EventId = context.EventId, Name = e.Name });
        if (e.Name.StartsWith("fail")) throw new InvalidOperationException($"cannot apply {e.Name}");
        return Task.CompletedTask;
    }
}

/// <summary>A transport that fails its first <c>failures</c> publishes (or all of them), then passes to the real one.</summary>
public sealed class FlakyTransport(IEventTransport inner, int failures) : IEventTransport
{
    public int Calls;

    public Task PublishAsync(EventEnvelope envelope, CancellationToken ct)
    {
        if (Interlocked.Increment(ref Calls) <= failures) throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "redis is down (test)");
        return inner.PublishAsync(envelope, ct);
    }
}
