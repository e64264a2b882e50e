using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Apis;

public sealed record RegisterClientRequest(string? DisplayName, IReadOnlyList<string>? Scopes);
public sealed record ClientView(string ClientId, string DisplayName, IReadOnlyList<string> Scopes);
/// <summary>The secret is shown once, at registration; only its hash is kept.</summary>
public sealed record RegisteredClientView(string ClientId, string ClientSecret, string DisplayName, IReadOnlyList<string> Scopes);

/// <summary>合作系统: a tenant admin registers, lists and revokes the partner clients bound to their tenant.</summary>
public static class ClientsApi
{
    public static RouteGroupBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/clients").WithTags("Partner clients").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", ListAsync);
        group.MapPost("/", RegisterAsync);
        group.MapDelete("/{clientId}", RevokeAsync);
        return group;
    }

    public static async Task<Ok<PagedList<ClientView>>> ListAsync(IOpenIddictApplicationManager applications, Caller caller, PageRequest page, CancellationToken ct)
    {
        var clients = new List<ClientView>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, ct))
            if (await ViewIfOwnAsync(applications, application, caller.TenantId, ct) is { } view) clients.Add(view);
        return TypedResults.Ok(clients.OrderBy(c => c.ClientId).ToList().ToPage(page));
    }

    public static async Task<Results<Created<RegisteredClientView>, ValidationProblem>> RegisterAsync(
        RegisterClientRequest request, IOpenIddictApplicationManager applications, Caller caller, CancellationToken ct)
    {
        var scopes = request.Scopes ?? [];
        var validator = new Validator()
            .Required("displayName", request.DisplayName, 100)
            .Check(scopes.Count > 0 && scopes.All(PlatformScopes.All.Contains), "scopes", $"可选: {string.Join(", ", PlatformScopes.All)}");
        if (!validator.IsValid) return validator.ToProblem();
        var tenant = caller.TenantId;
        var clientId = $"{tenant}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var distinct = scopes.Distinct().ToList();
        await applications.CreateAsync(IdentityDemoData.PartnerClientDescriptor(clientId, secret, request.DisplayName!.Trim(), tenant, distinct), ct);
        return TypedResults.Created($"/clients/{clientId}", new RegisteredClientView(clientId, secret, request.DisplayName.Trim(), distinct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string clientId, IOpenIddictApplicationManager applications, IdentityDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null || await ViewIfOwnAsync(applications, application, caller.TenantId, ct) is null)
            return ApiProblems.NotFound("Client", clientId);
        db.Revocations.Add(Domain.Revocation.OfClient(clientId, caller.TenantId, clock.GetUtcNow(), "client revoked")); // saved by the delete
        await applications.DeleteAsync(application, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The client as its tenant's admin sees it, or null when it belongs to another tenant (or is the portal).</summary>
    private static async Task<ClientView?> ViewIfOwnAsync(IOpenIddictApplicationManager applications, object application, string? tenant, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        if (!properties.TryGetValue(TokenEndpoint.TenantProperty, out var owner) || owner.GetString() != tenant) return null;
        var permissions = await applications.GetPermissionsAsync(application, ct);
        var scopes = permissions.Where(p => p.StartsWith(OpenIddictConstants.Permissions.Prefixes.Scope))
            .Select(p => p[OpenIddictConstants.Permissions.Prefixes.Scope.Length..]).Order().ToList();
        return new ClientView((await applications.GetClientIdAsync(application, ct))!, await applications.GetDisplayNameAsync(application, ct) ?? "", scopes);
    }
}
