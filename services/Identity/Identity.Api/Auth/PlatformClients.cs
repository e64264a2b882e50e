using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Auth;

/// <summary>The platform's own public client, through which people sign in (portal, tests, scripts).</summary>
public sealed class PlatformClients(IServiceProvider services) : IHostedService
{
    public const string PortalClientId = "sqmy-portal";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(PortalClientId, cancellationToken) is not null) return;
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "社情民意门户",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.Password },
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
