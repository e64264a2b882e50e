using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Identity.Apis;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Makes the id of a new partner client; replaceable so tests can force a collision.</summary>
public interface IClientIdGenerator
{
    string NewId(string tenantId);
}

/// <summary><c>{tenant}-{20 hex digits}</c>: 80 random bits, so a collision is a rarity the registry retries.</summary>
public sealed class RandomClientIds : IClientIdGenerator
{
    public string NewId(string tenantId) => $"{tenantId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant()}";
}

/// <summary>
/// Creates a partner client: OpenIddict's application and its <see cref="PartnerClient"/> row (the tenant it
/// belongs to) in one transaction. An id already taken — found first, or lost in a race to a unique index or to
/// OpenIddict's own check — is tried again with a new id a few times, then reported as a conflict (null), never thrown.
/// </summary>
public sealed class PartnerClientRegistry(IOpenIddictApplicationManager applications, IdentityDbContext db, IClientIdGenerator ids, TimeProvider clock)
{
    public const int Attempts = 3;

    /// <summary>The new client's id, or null when every id tried was taken.</summary>
    public async Task<string?> RegisterAsync(string tenantId, string secret, string name, IReadOnlyList<string> scopes, CancellationToken ct,
        Guid? departmentId = null)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var clientId = ids.NewId(tenantId);
            if (await applications.FindByClientIdAsync(clientId, ct) is not null) continue;
            if (await TryCreateAsync(clientId, secret, name, tenantId, scopes, ct, departmentId)) return clientId;
        }
        return null;
    }

    /// <summary>False, with nothing created, when the id is taken. Starts from an empty change tracker (a retry of the
    /// execution strategy repeats the whole transaction).</summary>
    public Task<bool> TryCreateAsync(string clientId, string secret, string name, string tenantId, IEnumerable<string> scopes, CancellationToken ct,
        Guid? departmentId = null) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.PartnerClients.Add(new PartnerClient { ClientId = clientId, TenantId = tenantId, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                await applications.CreateAsync(Descriptor(clientId, secret, name, tenantId, scopes, departmentId), ct);
                await transaction.CommitAsync(ct);
                return true;
            }
            catch (Exception error) when (IdentityWriteConflicts.IsConflict(error))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return false;
            }
        });

    /// <summary>A confidential client bound to one tenant (and, for a department's system, one department) with the scopes it
    /// may ask for. OpenIddict stores the secret hashed.</summary>
    public static OpenIddictApplicationDescriptor Descriptor(string clientId, string secret, string name, string tenantId, IEnumerable<string> scopes,
        Guid? departmentId = null)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = name,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in scopes) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        descriptor.Properties[TokenEndpoint.TenantProperty] = JsonSerializer.SerializeToElement(tenantId);
        if (departmentId is { } department)
            descriptor.Properties[TokenEndpoint.DepartmentProperty] = JsonSerializer.SerializeToElement(department.ToString());
        return descriptor;
    }
}
