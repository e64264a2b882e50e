using Npgsql;

namespace SheqingMinyi.Tests;

/// <summary>
/// The real PostgreSQL and Redis the tests run against, started by scripts/test.sh (scripts/test-stores.sh)
/// and handed over in SQMY_TEST_POSTGRES and SQMY_TEST_REDIS. Missing stores fail the tests: they never skip.
/// </summary>
public static class TestStores
{
    public static string PostgresAdmin => Require("SQMY_TEST_POSTGRES");
    public static string Redis => Require("SQMY_TEST_REDIS");

    /// <summary>A fresh, empty database of its own for one fixture; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"t_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        await using var source = NpgsqlDataSource.Create(PostgresAdmin);
        await using (var create = source.CreateCommand($"CREATE DATABASE \"{name}\""))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// A fresh database owned by a new login that is no superuser (as a service's owner login in external mode, set up
    /// as docs/security.md says: the application role exists, the owner is not a member of it); returns its connection
    /// string as that login.
    /// </summary>
    public static async Task<string> CreateDatabaseOwnedByLoginAsync(string purpose)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (login, password, name) = ($"t_owner_{suffix}", Guid.NewGuid().ToString("N"), $"t_{purpose.ToLowerInvariant()}_owned_{suffix}");
        await using var source = NpgsqlDataSource.Create(PostgresAdmin);
        await using (var roles = source.CreateCommand($"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BuildingBlocks.Persistence.RowLevelSecurity.AppRole}')
                THEN CREATE ROLE {BuildingBlocks.Persistence.RowLevelSecurity.AppRole} NOLOGIN; END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$;
            CREATE ROLE {login} LOGIN PASSWORD '{password}';
            """))
            await roles.ExecuteNonQueryAsync();
        await using (var create = source.CreateCommand($"CREATE DATABASE \"{name}\" OWNER {login}"))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Username = login, Password = password }.ConnectionString;
    }

    /// <summary>The application login's password on the throwaway test cluster (local mode generates one per run).</summary>
    public const string ApplicationLoginPassword = "sqmy-test-app";

    private static readonly Lazy<Task> ApplicationLoginMade = new(async () =>
    {
        await using var source = NpgsqlDataSource.Create(PostgresAdmin);
        await BuildingBlocks.Persistence.ApplicationLogin.EnsureAsync(source, BuildingBlocks.Persistence.ApplicationLogin.DefaultName, ApplicationLoginPassword);
    });

    /// <summary>
    /// The application login's connection string for the database of <paramref name="ownerConnectionString"/>: what a
    /// service gets as ConnectionStrings:{db} (the owner's is ConnectionStrings:{db}-owner). Made once per test run, as
    /// local mode makes it.
    /// </summary>
    public static string ApplicationLoginFor(string ownerConnectionString)
    {
        ApplicationLoginMade.Value.GetAwaiter().GetResult();
        return new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            Username = BuildingBlocks.Persistence.ApplicationLogin.DefaultName, Password = ApplicationLoginPassword,
        }.ConnectionString;
    }

    /// <summary>Both logins of a database as a service's configuration: ConnectionStrings:{name} and ConnectionStrings:{name}-owner.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> DatabaseSettings(string name, string ownerConnectionString) =>
    [
        new($"ConnectionStrings:{name}", ApplicationLoginFor(ownerConnectionString)),
        new($"ConnectionStrings:{BuildingBlocks.Persistence.DatabaseLogins.OwnerName(name)}", ownerConnectionString),
    ];

    /// <summary>A key prefix of its own, so fixtures sharing one Redis never see each other's streams and boards.</summary>
    public static string NewRedisPrefix(string purpose) => $"t-{purpose}-{Guid.NewGuid():N}";

    private static string Require(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{variable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL and Redis for them.");
}
