using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Auth;

/// <summary>Configuration section "Identity": the platform's own clients.</summary>
public sealed class PlatformClientsOptions
{
    public const string Section = "Identity";

    /// <summary>Where the portal (web and mobile) may receive codes: exact URIs, e.g. https://…/portal/callback, sqmy://signin.</summary>
    public string[] PortalRedirectUris { get; set; } = [];

    /// <summary>
    /// The platform clients that keep the password grant (off by default). The AppHost names <c>sqmy-portal</c>
    /// in local mode, for scripts and tests; a deployment that needs it for a tool names the client here.
    /// </summary>
    public string[] PasswordGrantClients { get; set; } = [];
}

/// <summary>
/// The platform's own public client <c>sqmy-portal</c>, through which people sign in: the authorization code flow
/// with PKCE and refresh tokens, to the configured redirect URIs; the password grant only when configured. Brought
/// in line with the configuration at every start, so removing the password grant from it takes effect.
/// Partner clients (<c>POST /api/identity/clients</c>) are confidential, client credentials only.
/// </summary>
public sealed class PlatformClients(IServiceProvider services, IOptions<PlatformClientsOptions> options) : IHostedService
{
    public const string PortalClientId = "sqmy-portal";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = Portal(options.Value);
        if (await applications.FindByClientIdAsync(PortalClientId, cancellationToken) is { } existing)
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        else
            await applications.CreateAsync(descriptor, cancellationToken);
    }

    private static OpenIddictApplicationDescriptor Portal(PlatformClientsOptions options)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "社情民意门户",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in options.PortalRedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
        if (options.PasswordGrantClients.Contains(PortalClientId)) descriptor.Permissions.Add(Permissions.GrantTypes.Password);
        return descriptor;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
