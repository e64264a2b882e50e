using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>The identity service as a local platform starts it: demo tenants, accounts and partner client seeded.</summary>
public class IdentityFactory() : ServiceFactory<Program>(ResourceNames.IdentityDb)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
}

/// <summary>
/// A second instance of the service on the database of an existing fixture, as a restart or another replica
/// would be. Not initialised through <see cref="ServiceFactory{TProgram}.InitializeAsync"/> (that would create a
/// database of its own): its connection string comes after the base settings, so it wins; it starts on first use.
/// </summary>
public sealed class SameDatabaseIdentityFactory(string connectionString) : IdentityFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(
        base.ExtraSettings.Concat(TestStores.DatabaseSettings(ResourceNames.IdentityDb, connectionString)));
}
