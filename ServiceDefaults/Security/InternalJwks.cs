using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace SheqingMinyi.Security;

/// <summary>
/// Validators fetch the signing keys from the identity service directly (<c>{Auth:Authority}/.well-known/jwks</c>),
/// not through the discovery document: that one names the public issuer's (the gateway's) URLs for partners, while
/// services keep talking to identity inside the cluster. Over TLS unless <c>Auth:RequireHttpsMetadata</c> is false
/// (the AppHost sets it so only in local mode).
/// </summary>
public static class InternalJwks
{
    public static string Address(string authority) => $"{authority.TrimEnd('/')}/.well-known/jwks";

    public static ConfigurationManager<OpenIdConnectConfiguration> Manager(string authority, string issuer, HttpClient backchannel, bool requireHttps) =>
        new(Address(authority), new Retriever(issuer), new HttpDocumentRetriever(backchannel) { RequireHttps = requireHttps })
        {
            // Retry a failed fetch soon rather than after the default five minutes.
            RefreshInterval = TimeSpan.FromSeconds(10),
        };

    private sealed class Retriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var jwks = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
            var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JwksUri = address, JsonWebKeySet = jwks };
            foreach (var key in jwks.GetSigningKeys()) configuration.SigningKeys.Add(key);
            return configuration;
        }
    }
}
