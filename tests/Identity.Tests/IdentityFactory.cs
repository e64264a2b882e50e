using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// The identity service as a local platform starts it: demo tenants, accounts and partner client seeded, the portal
/// client allowed the password grant (as the AppHost allows it in local mode) and a redirect URI for the code flow.
/// </summary>
public class IdentityFactory() : ServiceFactory<Program>(ResourceNames.IdentityDb)
{
    public const string PortalRedirectUri = "http://localhost/portal/callback";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Identity:PasswordGrantClients:0"] = "sqmy-portal",
        ["Identity:PortalRedirectUris:0"] = PortalRedirectUri,
    };
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
