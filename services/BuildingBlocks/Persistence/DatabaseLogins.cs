using Microsoft.Extensions.Configuration;
using Npgsql;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// The two logins of a service database. <see cref="Application"/> (<c>ConnectionStrings:{db}</c>) is what
/// requests and consumers use: a member of <see cref="RowLevelSecurity.AppRole"/> that owns nothing, so row security
/// binds it and no SQL it runs can become the owner. <see cref="Owner"/> (<c>ConnectionStrings:{db}-owner</c>) owns
/// the tables: migrations, the platform-schema scripts and the few scopes that work across tenants
/// (<see cref="Tenancy.TenantContext.RunAsOwner"/>, the outbox relay's data source) use it.
/// Both prepare the statements they repeat (<see cref="WithAutoPrepare"/>).
/// </summary>
public sealed record DatabaseLogins
{
    public const string OwnerSuffix = "-owner";

    /// <summary>Statements prepared per pooled connection (least used replaced first): the hot paths' EF statements fit.</summary>
    public const int AutoPreparedStatements = 256;

    public DatabaseLogins(string application, string owner)
    {
        Application = WithAutoPrepare(application);
        Owner = WithAutoPrepare(owner);
    }

    public string Application { get; }
    public string Owner { get; }

    /// <summary>The connection-string name of the owner login of <paramref name="databaseName"/>.</summary>
    public static string OwnerName(string databaseName) => databaseName + OwnerSuffix;

    public string For(bool owner) => owner ? Owner : Application;

    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string chooses: a statement used twice on a pooled
    /// connection is prepared there and then only bound and executed, where before PostgreSQL parsed and planned every
    /// EF statement on every call (under row 4 of the bench that was most of PostgreSQL's CPU; docs/performance.md).
    /// Prepared statements outlive the pool's reset, which then clears the session without DEALLOCATE (RESET ALL
    /// included, so the tenant setting still goes; tested in RowLevelSecurityTests).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0 || connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) return connectionString;
        builder.MaxAutoPrepare = AutoPreparedStatements;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    public static DatabaseLogins FromConfiguration(IConfiguration configuration, string databaseName) => new(
        configuration.GetConnectionString(databaseName) is { Length: > 0 } application ? application
            : throw new InvalidOperationException($"ConnectionStrings:{databaseName} (the application's login) is not set."),
        configuration.GetConnectionString(OwnerName(databaseName)) is { Length: > 0 } owner ? owner
            : throw new InvalidOperationException(
                $"ConnectionStrings:{OwnerName(databaseName)} (the tables' owner, for migrations and cross-tenant work) is not set."));
}
