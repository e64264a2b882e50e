using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Identity.Webhooks;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Apis;

public sealed record RegisterWebhookRequest(string? ClientId, string? Url, IReadOnlyList<string>? EventTypes, bool? Enabled = true);
public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, bool? Enabled);

public sealed record WebhookView(Guid Id, string ClientId, string Url, IReadOnlyList<string> EventTypes, bool Enabled, WebhookEndpointStatus Status,
    string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset SecretRotatedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    Guid? DepartmentId) : IVersioned
{
    public uint Version { get; init; }

    public static WebhookView From(WebhookEndpoint e) => new(e.Id, e.ClientId, e.Url, e.EventTypes, e.Enabled, e.Status, e.DisabledReason, e.DisabledAt,
        e.SecretRotatedAt, e.CreatedAt, e.UpdatedAt, e.DepartmentId) { Version = e.Version };
}

/// <summary>The signing secret is answered here only: when the endpoint is registered and when it is rotated.</summary>
public sealed record WebhookSecretView(WebhookView Endpoint, string Secret) : IVersioned
{
    public uint Version => Endpoint.Version;
}

public sealed record WebhookEventTypeView(string Type, string Scope);

/// <summary>
/// 推送地址 (webhooks): a tenant admin registers, for a partner client of the tenant, the URL that receives the events
/// it subscribes to (signed per Standard Webhooks). Only event types whose scope the client holds; a department's client
/// (交办) only the handling events that name departments, and it gets those naming its own department only; never an address inside the platform (<see cref="WebhookAddressGuard"/>). Creating and rotating answer the
/// secret once and so take no Idempotency-Key (an idempotent replay would have to keep the secret in plain); changes
/// take If-Match.
/// </summary>
public static class WebhooksApi
{
    public const string Registered = "webhook-registered", Changed = "webhook-changed", Deleted = "webhook-deleted", Rotated = "webhook-secret-rotated";
    public const int MaxPerClient = 10;

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", ListAsync);
        group.MapGet("/event-types", EventTypes);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", RegisterAsync).WithETag();
        group.MapPut("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/secret", RotateSecretAsync);
        group.MapWebhookDeliveries();
        group.MapWebhookNotices();
        return group;
    }

    public static async Task<Ok<PagedList<WebhookView>>> ListAsync(IdentityDbContext db, PageRequest page, CancellationToken ct, string? clientId = null)
    {
        var query = db.WebhookEndpoints.AsNoTracking();
        if (clientId is not null) query = query.Where(e => e.ClientId == clientId);
        return TypedResults.Ok((await query.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToPageAsync(page, ct)).Select(WebhookView.From));
    }

    public static Ok<IReadOnlyList<WebhookEventTypeView>> EventTypes(WebhookCatalogue catalogue) =>
        TypedResults.Ok<IReadOnlyList<WebhookEventTypeView>>([.. catalogue.EventTypes.Select(t => new WebhookEventTypeView(t, catalogue.ScopeOf(t)))]);

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(Guid id, IdentityDbContext db, CancellationToken ct) =>
        await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } endpoint
            ? TypedResults.Ok(WebhookView.From(endpoint))
            : ApiProblems.NotFound("Webhook", id);

    public static async Task<Results<Created<WebhookSecretView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(RegisterWebhookRequest request,
        IdentityDbContext db, IOpenIddictApplicationManager applications, WebhookCatalogue catalogue, WebhookAddressGuard guard, WebhookSecrets secrets,
        IOptions<WebhookOptions> options, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("clientId", request.ClientId, 100)
            .Check(request.Enabled is not null, "enabled", "必填: true 或 false (required)");
        var grant = request.ClientId is { } named ? await ClientGrantAsync(db, applications, caller.TenantId, named, ct) : null;
        if (request.ClientId is not null && grant is null)
            validator.Add("clientId", "本单位没有该合作系统 (no partner client of this tenant by that id)");
        await CheckAsync(validator, request.Url, request.EventTypes, grant, catalogue, guard, ct);
        if (!validator.IsValid) return validator.ToProblem();
        var secret = WebhookSecrets.New();
        var endpoint = WebhookEndpoint.Register(caller.TenantId, request.ClientId!, grant!.DepartmentId, request.Url!, request.EventTypes!, request.Enabled!.Value,
            secrets.Protect(secret), clock.GetUtcNow());
        var cap = options.Value.MaxEndpointsPerTenant;
        var refused = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One registration of a tenant at a time, so two at once cannot both pass the caps.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('sqmy.webhooks.' || {caller.TenantId}))", ct);
            if (await db.WebhookEndpoints.CountAsync(e => e.ClientId == request.ClientId, ct) >= MaxPerClient)
                return ApiProblems.Conflict("webhook-limit", "推送地址数量已达上限", $"每个合作系统最多可登记 {MaxPerClient} 个推送地址 (at most {MaxPerClient} per partner client)");
            if (await db.WebhookEndpoints.CountAsync(ct) >= cap)
                return ApiProblems.Conflict("webhook-tenant-limit", "本单位推送地址数量已达上限",
                    $"本单位最多可登记 {cap} 个推送地址，请先删除不用的地址 (at most {cap} per tenant)");
            db.WebhookEndpoints.Add(endpoint);
            db.AddAudit(caller.TenantId, caller.Subject, Registered, $"webhook {endpoint.Id}", $"{endpoint.ClientId} {endpoint.Url} {string.Join(',', endpoint.EventTypes)}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return null;
        });
        if (refused is not null) return refused;
        return TypedResults.Created($"/webhooks/{endpoint.Id}", new WebhookSecretView(WebhookView.From(endpoint), secret));
    }

    /// <summary>URL, event types and enabled (If-Match). Enabling an endpoint identity switched off clears its reason and
    /// gives its waiting deliveries a new retry window.</summary>
    public static async Task<Results<Ok<WebhookView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, UpdateWebhookRequest request, IfMatch ifMatch,
        IdentityDbContext db, IOpenIddictApplicationManager applications, WebhookCatalogue catalogue, WebhookAddressGuard guard, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("Webhook", id);
        var validator = new Validator().Check(request.Enabled is not null, "enabled", "必填: true 或 false (required)");
        await CheckAsync(validator, request.Url, request.EventTypes,
            await ClientGrantAsync(db, applications, caller.TenantId, endpoint.ClientId, ct) ?? new ClientGrant([], endpoint.DepartmentId), catalogue, guard, ct);
        if (!validator.IsValid) return validator.ToProblem();
        if (!ifMatch.Holds(db, endpoint, e => e.Version)) return IfMatch.Stale("webhook");

        var now = clock.GetUtcNow();
        var reenabled = endpoint.Change(request.Url!, request.EventTypes!, request.Enabled!.Value, now);
        db.AddAudit(caller.TenantId, caller.Subject, Changed, $"webhook {id}", $"{endpoint.Url} {string.Join(',', endpoint.EventTypes)} enabled={endpoint.Enabled}");
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                if (reenabled)
                    await db.WebhookDeliveries.Where(d => d.EndpointId == id && d.Status == WebhookDeliveryStatus.Pending)
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.WindowAttempts, 0).SetProperty(d => d.WindowStartedAt, now)
                            .SetProperty(d => d.NextAttemptAt, now), ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("webhook");
        }
        return TypedResults.Ok(WebhookView.From(endpoint));
    }

    /// <summary>Deletes the endpoint with its delivery log (If-Match); nothing more is sent to it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, IfMatch ifMatch, IdentityDbContext db, Caller caller, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("Webhook", id);
        if (!ifMatch.Holds(db, endpoint, e => e.Version)) return IfMatch.Stale("webhook");
        db.WebhookEndpoints.Remove(endpoint);
        db.AddAudit(caller.TenantId, caller.Subject, Deleted, $"webhook {id}", endpoint.Url);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("webhook");
        }
        return TypedResults.NoContent();
    }

    /// <summary>A new secret (If-Match), answered once; the old one stops signing at once.</summary>
    public static async Task<Results<Ok<WebhookSecretView>, ProblemHttpResult>> RotateSecretAsync(Guid id, IfMatch ifMatch, IdentityDbContext db,
        WebhookSecrets secrets, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return ApiProblems.NotFound("Webhook", id);
        if (!ifMatch.Holds(db, endpoint, e => e.Version)) return IfMatch.Stale("webhook");
        var secret = WebhookSecrets.New();
        endpoint.RotateSecret(secrets.Protect(secret), clock.GetUtcNow());
        db.AddAudit(caller.TenantId, caller.Subject, Rotated, $"webhook {id}", "rotated");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("webhook");
        }
        return TypedResults.Ok(new WebhookSecretView(WebhookView.From(endpoint), secret));
    }

    /// <summary>What a partner client of the tenant holds: its scopes, and its department when it is a department's.</summary>
    private sealed record ClientGrant(IReadOnlyCollection<string> Scopes, Guid? DepartmentId);

    /// <summary>The grant of a partner client of the tenant; null when it is not one (another tenant's, unknown).</summary>
    private static async Task<ClientGrant?> ClientGrantAsync(IdentityDbContext db, IOpenIddictApplicationManager applications,
        string tenant, string clientId, CancellationToken ct)
    {
        if (!await db.PartnerClients.AnyAsync(c => c.ClientId == clientId && c.TenantId == tenant, ct)) return null;
        if (await applications.FindByClientIdAsync(clientId, ct) is not { } application) return null;
        var properties = await applications.GetPropertiesAsync(application, ct);
        Guid? department = properties.TryGetValue(TokenEndpoint.DepartmentProperty, out var value) && Guid.TryParse(value.GetString(), out var id) ? id : null;
        var prefix = OpenIddictConstants.Permissions.Prefixes.Scope;
        return new([.. (await applications.GetPermissionsAsync(application, ct)).Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..])], department);
    }

    private static async Task CheckAsync(Validator validator, string? url, IReadOnlyList<string>? eventTypes, ClientGrant? grant,
        WebhookCatalogue catalogue, WebhookAddressGuard guard, CancellationToken ct)
    {
        if (WebhookAddressGuard.CheckForm(url) is { } form) validator.Add("url", form);
        else
        {
            try
            {
                var uri = new Uri(url!);
                await guard.ResolveAsync(uri.IdnHost, uri.Port, ct);
            }
            catch (WebhookAddressRefusedException refused)
            {
                validator.Add("url", refused.Message);
            }
        }
        var types = eventTypes ?? [];
        if (types.Count == 0 || types.Count > 50 || types.Any(t => t is null || !catalogue.Contains(t)))
            validator.Add("eventTypes", $"至少一个，可选: {string.Join(", ", catalogue.EventTypes)}");
        else if (grant is { DepartmentId: not null } && types.FirstOrDefault(t => !catalogue.IsForDepartments(t)) is { } notDepartmental)
            validator.Add("eventTypes", $"承办单位的系统只能订阅交办事件（{string.Join(", ", catalogue.DepartmentEventTypes)}），不能订阅 {notDepartmental}");
        else if (grant is { DepartmentId: null } && types.FirstOrDefault(t => !grant.Scopes.Contains(catalogue.ScopeOf(t))) is { } denied)
            validator.Add("eventTypes", $"该合作系统没有 {catalogue.ScopeOf(denied)} 权限，不能订阅 {denied} (the client lacks the scope)");
    }
}
