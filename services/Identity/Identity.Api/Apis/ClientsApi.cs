using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Identity.Messaging;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Apis;

/// <summary><c>departmentId</c>: a department's system (交办), bound to that department of the tenant, with scope review.handle only.</summary>
public sealed record RegisterClientRequest(string? DisplayName, IReadOnlyList<string>? Scopes, Guid? DepartmentId = null);
public sealed record ClientView(string ClientId, string DisplayName, IReadOnlyList<string> Scopes, Guid? DepartmentId = null);
/// <summary>The secret is shown once, at registration; only its hash is kept.</summary>
public sealed record RegisteredClientView(string ClientId, string ClientSecret, string DisplayName, IReadOnlyList<string> Scopes, Guid? DepartmentId = null);

/// <summary>合作系统: a tenant admin registers, lists and revokes the partner clients bound to their tenant.</summary>
public static class ClientsApi
{
    public const string ClientRegistered = "client-registered", ClientRevoked = "client-revoked";

    public static RouteGroupBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clients").WithTags("Partner clients").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", ListAsync);
        group.MapPost("/", RegisterAsync);
        group.MapDelete("/{clientId}", RevokeAsync);
        return group;
    }

    /// <summary>The page is a query on the tenant's own rows of partner_clients; only its clients are then read from OpenIddict.</summary>
    public static async Task<Ok<PagedList<ClientView>>> ListAsync(IdentityDbContext db, IOpenIddictApplicationManager applications,
        Caller caller, PageRequest page, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var ids = await db.PartnerClients.AsNoTracking().Where(c => c.TenantId == tenant).OrderBy(c => c.ClientId)
            .Select(c => c.ClientId).ToPageAsync(page, ct);
        var views = new List<ClientView>(ids.Items.Count);
        foreach (var id in ids.Items)
            if (await applications.FindByClientIdAsync(id, ct) is { } application) views.Add(await ViewAsync(applications, application, ct));
        return TypedResults.Ok(new PagedList<ClientView>(views, ids.Page, ids.PageSize, ids.Total));
    }

    public static async Task<Results<Created<RegisteredClientView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterClientRequest request, PartnerClientRegistry registry, IdentityDbContext db, Caller caller, CancellationToken ct)
    {
        var scopes = request.Scopes ?? [];
        var validator = new Validator()
            .Required("displayName", request.DisplayName, 100)
            .Check(scopes.Count > 0 && scopes.All(PlatformScopes.All.Contains), "scopes", $"可选: {string.Join(", ", PlatformScopes.All)}")
            // A department's system reads and answers its own queue, nothing else; review.handle is only a department's.
            .Check(request.DepartmentId is null || scopes.All(s => s == PlatformScopes.ReviewHandle), "scopes",
                $"承办单位的系统只能申请 {PlatformScopes.ReviewHandle} (a department's client has only {PlatformScopes.ReviewHandle})")
            .Check(request.DepartmentId is not null || !scopes.Contains(PlatformScopes.ReviewHandle), "departmentId",
                $"申请 {PlatformScopes.ReviewHandle} 须指明承办单位 (required with {PlatformScopes.ReviewHandle})");
        if (!validator.IsValid) return validator.ToProblem();
        if (request.DepartmentId is { } department && !await db.IsActiveDepartmentAsync(caller.TenantId, department, ct))
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["departmentId"] = ["承办单位不存在、已停用或尚未同步 (unknown or inactive department of this tenant, or not yet received from review)"],
            });
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var distinct = scopes.Distinct().ToList();
        var name = request.DisplayName!.Trim();
        if (await registry.RegisterAsync(caller.TenantId, secret, name, distinct, ct, request.DepartmentId) is not { } clientId)
            return ApiProblems.Conflict("client-id-conflict", "客户端标识冲突，请重试",
                $"Every client id tried ({PartnerClientRegistry.Attempts}) was taken; nothing was registered. Try again.");
        db.AddAudit(caller.TenantId, caller.Subject, ClientRegistered, clientId,
            string.Join(' ', distinct) + (request.DepartmentId is { } d ? $" department {d}" : ""));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/clients/{clientId}", new RegisteredClientView(clientId, secret, name, distinct, request.DepartmentId));
    }

    /// <summary>Deletes the client and records a revocation, so tokens it already holds are refused too.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string clientId, IdentityDbContext db,
        IOpenIddictApplicationManager applications, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var owned = await db.PartnerClients.FirstOrDefaultAsync(c => c.ClientId == clientId && c.TenantId == tenant, ct);
        if (owned is null) return ApiProblems.NotFound("Client", clientId);
        // The row, the revocation, the audit entry and OpenIddict's application: one transaction, repeated whole on a retry.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.PartnerClients.Remove(owned);
            db.Revocations.Add(Revocation.OfClient(clientId, tenant, clock.GetUtcNow(), "client revoked"));
            db.AddAudit(tenant, caller.Subject, ClientRevoked, clientId, "revoked");
            await db.SaveChangesAsync(ct);
            if (await applications.FindByClientIdAsync(clientId, ct) is { } application) await applications.DeleteAsync(application, ct);
            await transaction.CommitAsync(ct);
        });
        return TypedResults.NoContent();
    }

    private static async Task<ClientView> ViewAsync(IOpenIddictApplicationManager applications, object application, CancellationToken ct)
    {
        var permissions = await applications.GetPermissionsAsync(application, ct);
        var scopes = permissions.Where(p => p.StartsWith(OpenIddictConstants.Permissions.Prefixes.Scope))
            .Select(p => p[OpenIddictConstants.Permissions.Prefixes.Scope.Length..]).Order().ToList();
        var properties = await applications.GetPropertiesAsync(application, ct);
        Guid? department = properties.TryGetValue(TokenEndpoint.DepartmentProperty, out var value) && Guid.TryParse(value.GetString(), out var id) ? id : null;
        return new ClientView((await applications.GetClientIdAsync(application, ct))!, await applications.GetDisplayNameAsync(application, ct) ?? "", scopes, department);
    }
}
