using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.AppHost.Infrastructure;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL as an executable: initialises its data directory on first run (as the postgres user when we
    /// are root, since PostgreSQL refuses to run as root) and checks readiness with a query. With a
    /// <paramref name="directPort"/> it listens there itself, unproxied (<see cref="DirectEndpoints"/>). Whatever stops it from
    /// starting is reported with the reason and stops the AppHost (<see cref="StartupFailureWatcher"/>).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binFolder, string dataDirectory, string password,
        int? directPort = null)
    {
        var asRoot = ServerBinaries.RunningAsRoot;
        var postgres = Path.Combine(binFolder, "postgres");
        // As root the server runs as postgres, which may not enter our working directory: start it from /.
        var applicationPassword = builder.AddParameter($"{name}-app-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);
        var resource = new LocalPostgresResource(name, asRoot ? "runuser" : postgres, asRoot ? "/" : builder.AppHostDirectory, dataDirectory, password,
            applicationPassword.Resource);
        var healthKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new ConnectionStringHealthCheck(resource, CanQueryPostgres), null, null));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (e, ct) =>
        {
            try
            {
                var location = await PostgresDataLocation.ResolveAsync(resource.ConfiguredDataDirectory, asRoot, ct);
                resource.DataDirectory = location.DataDirectory;
                StoreMessages.Tell(e.Services, resource, location.Explanation);
                await InitialiseDataDirectoryAsync(binFolder, resource.DataDirectory, password, asRoot, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await e.Services.GetRequiredService<StartupFailureWatcher>().FailAsync(resource, ex.Message);
                throw;
            }
        });
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (e, ct) =>
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct);
            await using var source = NpgsqlDataSource.Create(connectionString!);
            // The services' application login, before any service can start (they wait for their databases).
            try
            {
                await ApplicationLogin.EnsureAsync(source, ApplicationLogin.DefaultName, (await resource.ApplicationPassword.GetValueAsync(ct))!, ct);
            }
            catch (NpgsqlException ex)
            {
                await e.Services.GetRequiredService<StartupFailureWatcher>().FailAsync(resource,
                    $"could not create the services' login {ApplicationLogin.DefaultName}: {ex.Message}");
                throw;
            }
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in resource.Databases)
            {
                if (!database.AsApplication) await CreateDatabaseIfMissingAsync(source, database.DatabaseName, ct);
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running });
            }
        });

        return builder.AddResource(resource)
            .WithEndpoint(port: directPort, targetPort: directPort, name: LocalPostgresResource.EndpointName, scheme: "tcp",
                isProxied: directPort is null ? null : false)
            .WithArgs(context =>
            {
                // pg_stat_statements loaded (a preload library, so only at start): what each statement costs the server,
                // for operators and for bench/ (its CREATE EXTENSION is the bench's, in the postgres database).
                object[] server = ["-D", resource.DataDirectory, "-p", resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300",
                    "-c", "shared_preload_libraries=pg_stat_statements"];
                foreach (var arg in asRoot ? ["-u", PostgresUser.Name, "--", postgres, .. server] : server) context.Args.Add(arg);
            })
            .WithHealthCheck(healthKey)
            .WithAnnotation(new StopAppIfStartFailsAnnotation());
    }

    /// <summary>A database as its owner (the cluster's superuser) or, <paramref name="asApplication"/>, as the services' application login
    /// (listed after the owner's resource of the same database, which creates it).</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null, bool asApplication = false)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource, asApplication);
        server.Resource.Databases.Add(database);
        var healthKey = $"{name}-ready";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new ConnectionStringHealthCheck(database, CanQueryPostgres), null, null));
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithHealthCheck(healthKey);
    }

    private static async Task<bool> CanQueryPostgres(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Timeout=3;Pooling=false");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(ct) is 1;
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlDataSource source, string database, CancellationToken ct)
    {
        await using var exists = source.CreateCommand("SELECT 1 FROM pg_database WHERE datname = $1");
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        // Identifiers cannot be parameters; the name comes from the app model, quoted anyway.
        await using var create = source.CreateCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"");
        await create.ExecuteNonQueryAsync(ct);
    }

    private static async Task InitialiseDataDirectoryAsync(string binFolder, string dataDirectory, string password, bool asRoot, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(binFolder, "postgres")))
            throw new StoreStartException($"there is no PostgreSQL server in {binFolder} (Infrastructure:PostgresBin): {Path.Combine(binFolder, "postgres")} does not exist");
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION"))) return;
        var initdb = Path.Combine(binFolder, "initdb");
        if (!File.Exists(initdb))
            throw new StoreStartException($"there is no initdb in {binFolder} (Infrastructure:PostgresBin) to create the cluster in {dataDirectory}");
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"sqmy-pg-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        try
        {
            if (asRoot)
            {
                await PostgresUser.TakeOwnershipAsync(dataDirectory, ct);
                await MustSucceedAsync("chown", ["postgres", passwordFile], ct);
            }
            string[] initdbArgs = ["-D", dataDirectory, "-U", "postgres", "-E", "UTF8",
                "--locale=C.UTF-8", "--auth=scram-sha-256", $"--pwfile={passwordFile}"];
            await (asRoot
                ? MustSucceedAsync("runuser", ["-u", PostgresUser.Name, "--", initdb, .. initdbArgs], ct, what: "initdb")
                : MustSucceedAsync(initdb, initdbArgs, ct, what: "initdb"));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task MustSucceedAsync(string program, string[] args, CancellationToken ct, string? what = null)
    {
        var (code, stdout, stderr) = await PostgresUser.RunAsync(program, args, ct);
        if (code == 0) return;
        var output = string.IsNullOrWhiteSpace(stderr) ? stdout : stderr;
        throw new StoreStartException($"{what ?? program} failed (exit code {code}): {output.Trim()}");
    }
}
