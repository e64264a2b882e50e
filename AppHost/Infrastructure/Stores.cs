namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>The stores every service needs, however they are provided.</summary>
public sealed record Stores(
    IResourceBuilder<IResourceWithConnectionString> Redis,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> Database,
    bool IsLocal,
    string? LocalDataDirectory = null); // local mode: where the stores (and identity's key ring) keep their data

public static class StoresBuilderExtensions
{
    /// <summary>
    /// Infrastructure:Mode chooses how PostgreSQL and Redis come in: <c>local</c> (default: executables from this
    /// machine's binaries), <c>containers</c> (needs a Docker engine) or <c>external</c> (connection strings from
    /// configuration, ConnectionStrings:{name}). The services see the same connection strings in all three.
    /// </summary>
    public static Stores AddStores(this IDistributedApplicationBuilder builder)
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
                var postgres = builder.AddLocalPostgres(ResourceNames.Postgres,
                    ServerBinaries.PostgresBin(config["PostgresBin"]), Path.Combine(dataRoot, "postgres"), password);
                var redis = builder.AddLocalRedis(ResourceNames.Redis,
                    ServerBinaries.RedisServer(config["RedisServer"]), Path.Combine(dataRoot, "redis"));
                return new Stores(Widen(redis), name => Widen(postgres.AddDatabase(name)), IsLocal: true, dataRoot);
            }
            case "containers":
            {
                var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume();
                var redis = builder.AddRedis(ResourceNames.Redis).WithDataVolume();
                return new Stores(Widen(redis), name => Widen(postgres.AddDatabase(name)), IsLocal: false);
            }
            case "external":
                return new Stores(Widen(builder.AddConnectionString(ResourceNames.Redis)),
                    name => Widen(builder.AddConnectionString(name)), IsLocal: false);
            default:
                throw new InvalidOperationException($"Infrastructure:Mode '{mode}' is not one of local, containers, external.");
        }
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
