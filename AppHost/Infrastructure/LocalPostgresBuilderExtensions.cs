using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SheqingMinyi.AppHost.Infrastructure;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL as an executable: initialises <paramref name="dataDirectory"/> on first run (as the
    /// postgres user when we are root, since PostgreSQL refuses to run as root) and checks readiness with a query.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binFolder, string dataDirectory, string password)
    {
        var asRoot = ServerBinaries.RunningAsRoot;
        var postgres = Path.Combine(binFolder, "postgres");
        var resource = new LocalPostgresResource(name, asRoot ? "runuser" : postgres, builder.AppHostDirectory, dataDirectory, password);
        var healthKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new ConnectionStringHealthCheck(resource, CanQueryPostgres), null, null));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (_, ct) =>
            InitialiseDataDirectoryAsync(binFolder, dataDirectory, password, asRoot, ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (e, ct) =>
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct);
            await using var source = NpgsqlDataSource.Create(connectionString!);
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in resource.Databases)
            {
                await CreateDatabaseIfMissingAsync(source, database.DatabaseName, ct);
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running });
            }
        });

        return builder.AddResource(resource)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                object[] server = ["-D", dataDirectory, "-p", resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"];
                foreach (var arg in asRoot ? ["-u", "postgres", "--", postgres, .. server] : server) context.Args.Add(arg);
            })
            .WithHealthCheck(healthKey);
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
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
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION"))) return;
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"sqmy-pg-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", dataDirectory], ct);
                await RunAsync("chown", ["postgres", passwordFile], ct);
            }
            string[] initdb = [Path.Combine(binFolder, "initdb"), "-D", dataDirectory, "-U", "postgres", "-E", "UTF8",
                "--locale=C.UTF-8", "--auth=scram-sha-256", $"--pwfile={passwordFile}"];
            await (asRoot ? RunAsync("runuser", ["-u", "postgres", "--", .. initdb], ct) : RunAsync(initdb[0], initdb[1..], ct));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string program, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
    }
}
