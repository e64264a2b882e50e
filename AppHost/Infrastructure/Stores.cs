using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// The stores every service needs, however they are provided. Each service database comes with two logins:
/// <see cref="Database"/> (ConnectionStrings:{db}) is the application's, which owns nothing and is bound by row
/// security; <see cref="Owner"/> (ConnectionStrings:{db}-owner) owns the tables, for migrations and cross-tenant work.
/// Call <see cref="Database"/> first for a name (it adds both).
/// </summary>
public sealed record Stores(
    IResourceBuilder<IResourceWithConnectionString> Redis,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Database,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Owner,
    bool IsLocal,
    string? LocalDataDirectory = null, // local mode: where the stores (and identity's key ring) keep their data
    bool DirectEndpoints = false); // local mode: the stores and projects reached without the AppHost's proxy

public static class StoresBuilderExtensions
{
    /// <summary>
    /// Infrastructure:Mode chooses how PostgreSQL and Redis come in: <c>local</c> (default: executables from this
    /// machine's binaries), <c>containers</c> (needs a Docker engine) or <c>external</c> (connection strings from
    /// configuration, ConnectionStrings:{name}). The services see the same connection strings in all three.
    /// </summary>
    public static Stores AddStores(this IDistributedApplicationBuilder builder, SpeedSettings speed)
    {
        builder.AddStartupFailureWatcher();
        var config = builder.Configuration.GetSection("Infrastructure");
        var mode = (config["Mode"] ?? "local").Trim().ToLowerInvariant();
        switch (mode)
        {
            case "local":
            {
                var dataRoot = Path.GetFullPath(config["DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", ".data", "local"));
                var password = config["PostgresPassword"] ?? "sqmy-local-dev";
                var direct = speed.DirectEndpoints(builder.Configuration);
                var postgres = builder.AddLocalPostgres(ResourceNames.Postgres,
                    ServerBinaries.PostgresBin(config["PostgresBin"]), Path.Combine(dataRoot, "postgres"), password,
                    DirectEndpoints.StorePort(builder.Configuration, direct, "PostgresPort", DirectEndpoints.DefaultPostgresPort));
                var redis = builder.AddLocalRedis(ResourceNames.Redis,
                    ServerBinaries.RedisServer(config["RedisServer"]), Path.Combine(dataRoot, "redis"),
                    DirectEndpoints.StorePort(builder.Configuration, direct, "RedisPort", DirectEndpoints.DefaultRedisPort));
                var owners = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
                return new Stores(Widen(redis), name =>
                {
                    // The owner's first: it creates the database before the application's is reported running.
                    owners[name] = Widen(postgres.AddDatabase(DatabaseLogins.OwnerName(name), name));
                    return Widen(postgres.AddDatabase(name, name, asApplication: true));
                }, name => owners[name], IsLocal: true, dataRoot, direct);
            }
            case "containers":
            {
                var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume().WithApplicationLogin(out var applicationPassword);
                var redis = builder.AddRedis(ResourceNames.Redis).WithDataVolume();
                var owners = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
                return new Stores(Widen(redis), name =>
                {
                    owners[name] = Widen(postgres.AddDatabase(DatabaseLogins.OwnerName(name), name));
                    var endpoint = postgres.Resource.PrimaryEndpoint;
                    return Widen(builder.AddConnectionString(name, ReferenceExpression.Create(
                        $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={ApplicationLogin.DefaultName};Password={applicationPassword};Database={name}")));
                }, name => owners[name], IsLocal: false);
            }
            case "external":
            {
                var owners = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
                return new Stores(Widen(builder.AddConnectionString(ResourceNames.Redis)), name =>
                {
                    owners[name] = Widen(builder.AddConnectionString(DatabaseLogins.OwnerName(name)));
                    return Widen(builder.AddConnectionString(name));
                }, name => owners[name], IsLocal: false);
            }
            default:
                throw new InvalidOperationException($"Infrastructure:Mode '{mode}' is not one of local, containers, external.");
        }
    }

    /// <summary>Containers mode: the application login is made (or its password set) by the superuser once the server is ready.</summary>
    private static IResourceBuilder<PostgresServerResource> WithApplicationLogin(this IResourceBuilder<PostgresServerResource> postgres,
        out ParameterResource password)
    {
        var parameter = postgres.ApplicationBuilder.AddParameter($"{postgres.Resource.Name}-app-password",
            new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true).Resource;
        postgres.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(postgres.Resource, async (_, ct) =>
        {
            await using var source = Npgsql.NpgsqlDataSource.Create((await postgres.Resource.ConnectionStringExpression.GetValueAsync(ct))!);
            await ApplicationLogin.EnsureAsync(source, ApplicationLogin.DefaultName, (await parameter.GetValueAsync(ct))!, ct);
        });
        password = parameter;
        return postgres;
    }

    private static IResourceBuilder<IResourceWithConnectionString> Widen<T>(IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString => new WidenedBuilder<T>(builder);

    /// <summary>Lets the three modes hand back one builder type; calls go to the real builder.</summary>
    private sealed class WidenedBuilder<T>(IResourceBuilder<T> inner) : IResourceBuilder<IResourceWithConnectionString>
        where T : IResourceWithConnectionString
    {
        public IDistributedApplicationBuilder ApplicationBuilder => inner.ApplicationBuilder;
        public IResourceWithConnectionString Resource => inner.Resource;
        public IResourceBuilder<IResourceWithConnectionString> WithAnnotation<TAnnotation>(TAnnotation annotation, ResourceAnnotationMutationBehavior behavior = ResourceAnnotationMutationBehavior.Append)
            where TAnnotation : IResourceAnnotation
        {
            inner.WithAnnotation(annotation, behavior);
            return this;
        }
    }
}
