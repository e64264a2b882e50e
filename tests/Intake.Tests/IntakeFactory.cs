using Microsoft.IdentityModel.JsonWebTokens;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Intake in process. Intake credits only persons and units the people service announced; so that every test need
/// not announce its authors first, this fixture's clients announce the author and unit a created draft names (in the
/// directory tables, as the people events would) just before sending it. <see cref="UnannouncedClientFor"/> does not,
/// for the tests of that rule.
/// </summary>
public class IntakeFactory() : ServiceFactory<Program>(ResourceNames.IntakeDb)
{
    public override HttpClient ClientWithToken(string? token)
    {
        if (TenantOf(token) is not { } tenant) return base.ClientWithToken(token);
        var client = CreateDefaultClient(new AnnounceNamedAuthors(this, tenant));
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static string? TenantOf(string? token)
    {
        var handler = new JsonWebTokenHandler();
        try
        {
            return token is null ? null : handler.ReadJsonWebToken(token).Claims.FirstOrDefault(c => c.Type == PlatformClaims.Tenant)?.Value;
        }
        catch (ArgumentException)
        {
            return null; // not a token at all: the tests of bad tokens
        }
    }

    /// <summary>A client whose drafts name only what the test announced itself.</summary>
    public HttpClient UnannouncedClientFor(string tenantId, IEnumerable<string>? roles = null, Guid? personId = null) =>
        base.ClientWithToken(TestTokens.Create(tenantId, roles, personId));

    /// <summary>Writes a person and a unit to intake's directory as their people events would have.</summary>
    public Task AnnounceAsync(string tenant, Guid? personId, Guid? unitId, string name = "测试作者") =>
        PeopleDirectoryRows.AnnounceAsync(ConnectionString, tenant, personId, unitId, name);
}
