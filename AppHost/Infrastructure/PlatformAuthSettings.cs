using Microsoft.Extensions.Configuration;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// How every project agrees on tokens. <c>Auth:Issuer</c> is the gateway's public origin in every mode
/// (<c>Gateway:PublicOrigin</c> of the AppHost when set, e.g. https://sqmy.example.gov.cn, else the gateway's own
/// endpoint), so discovery fetched through the gateway names the gateway's URLs and a strict OIDC client accepts
/// it. Validators fetch the JWKS inside the cluster (<c>Auth:Authority</c>): <c>http://identity</c> only in local
/// mode (and so <c>Auth:RequireHttpsMetadata=false</c> there only); elsewhere <c>Auth:Authority</c> of the AppHost,
/// default <c>https://identity</c> (identity must be served over TLS inside the cluster).
/// </summary>
public sealed class PlatformAuthSettings(IConfiguration configuration, IResourceBuilder<ProjectResource> gateway, bool isLocal)
{
    public const string LocalAuthority = "http://identity";

    private readonly string? _publicOrigin = configuration["Gateway:PublicOrigin"];
    private readonly string _authority = isLocal ? LocalAuthority : configuration["Auth:Authority"] ?? "https://identity";

    /// <summary>The issuer, for identity (which signs) and every validator.</summary>
    public IResourceBuilder<ProjectResource> Issuer(IResourceBuilder<ProjectResource> project) =>
        string.IsNullOrWhiteSpace(_publicOrigin)
            ? project.WithEnvironment("Auth__Issuer", gateway.GetEndpoint("http"))
            : project.WithEnvironment("Auth__Issuer", _publicOrigin);

    /// <summary>The issuer and where to fetch the JWKS, for the services and the gateway.</summary>
    public IResourceBuilder<ProjectResource> Validator(IResourceBuilder<ProjectResource> project)
    {
        Issuer(project).WithEnvironment("Auth__Authority", _authority);
        return isLocal ? project.WithEnvironment("Auth__RequireHttpsMetadata", "false") : project;
    }
}
