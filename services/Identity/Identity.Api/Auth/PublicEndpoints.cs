using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// Discovery names every endpoint under the issuer (the gateway's public origin), not under the address the request
/// reached identity at (the gateway's upstream, an internal port): a strict OIDC client refuses endpoints on another
/// host than its authority.
/// </summary>
public static class PublicEndpoints
{
    public static OpenIddictServerBuilder UsePublicEndpoints(this OpenIddictServerBuilder server, Uri issuer) =>
        server.AddEventHandler<HandleConfigurationRequestContext>(handler => handler
            .UseInlineHandler(context =>
            {
                context.AuthorizationEndpoint = UnderIssuer(context.AuthorizationEndpoint, issuer);
                context.TokenEndpoint = UnderIssuer(context.TokenEndpoint, issuer);
                context.JsonWebKeySetEndpoint = UnderIssuer(context.JsonWebKeySetEndpoint, issuer);
                context.DeviceAuthorizationEndpoint = UnderIssuer(context.DeviceAuthorizationEndpoint, issuer);
                context.IntrospectionEndpoint = UnderIssuer(context.IntrospectionEndpoint, issuer);
                context.EndSessionEndpoint = UnderIssuer(context.EndSessionEndpoint, issuer);
                context.RevocationEndpoint = UnderIssuer(context.RevocationEndpoint, issuer);
                context.UserInfoEndpoint = UnderIssuer(context.UserInfoEndpoint, issuer);
                context.PushedAuthorizationEndpoint = UnderIssuer(context.PushedAuthorizationEndpoint, issuer);
                return default;
            })
            // After OpenIddict has attached the endpoints it knows.
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom));

    private static Uri? UnderIssuer(Uri? endpoint, Uri issuer) =>
        endpoint is null ? null : new Uri(issuer, endpoint.PathAndQuery.TrimStart('/'));
}
