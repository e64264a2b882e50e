using Microsoft.Extensions.Configuration;

namespace SheqingMinyi.BuildingBlocks.Persistence;

/// <summary>
/// The two logins of a service database. <see cref="Application"/> (<c>ConnectionStrings:{db}</c>) is what
/// requests and consumers use: a member of <see cref="RowLevelSecurity.AppRole"/> that owns nothing, so row security
/// binds it and no SQL it runs can become the owner. <see cref="Owner"/> (<c>ConnectionStrings:{db}-owner</c>) owns
/// the tables: migrations, the platform-schema scripts and the few scopes that work across tenants
/// (<see cref="Tenancy.TenantContext.RunAsOwner"/>, the outbox relay's data source) use it.
/// </summary>
public sealed record DatabaseLogins(string Application, string Owner)
{
    public const string OwnerSuffix = "-owner";

    /// <summary>The connection-string name of the owner login of <paramref name="databaseName"/>.</summary>
    public static string OwnerName(string databaseName) => databaseName + OwnerSuffix;

    public string For(bool owner) => owner ? Owner : Application;

    public static DatabaseLogins FromConfiguration(IConfiguration configuration, string databaseName) => new(
        configuration.GetConnectionString(databaseName) is { Length: > 0 } application ? application
            : throw new InvalidOperationException($"ConnectionStrings:{databaseName} (the application's login) is not set."),
        configuration.GetConnectionString(OwnerName(databaseName)) is { Length: > 0 } owner ? owner
            : throw new InvalidOperationException(
                $"ConnectionStrings:{OwnerName(databaseName)} (the tables' owner, for migrations and cross-tenant work) is not set."));
}
