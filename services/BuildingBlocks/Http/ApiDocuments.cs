using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SheqingMinyi.Security;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>
/// A service's OpenAPI document as partners see it: paths under the gateway (server /api/{service}), how to get a
/// token (bearer JWT, or OAuth 2.0 client credentials / password at the gateway's /connect/token), which operations
/// need one, and the contract's headers and paging parameters. Scalar at the gateway's /docs tries requests with it.
/// </summary>
public static class ApiDocuments
{
    public const string BearerScheme = "bearer", OAuthScheme = "oauth2";
    public const string TokenPath = "/connect/token";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services, string gatewayPath) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = [new OpenApiServer { Url = $"/api/{gatewayPath}", Description = "通过网关 (through the gateway)" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = $"An access token from {TokenPath} (RS256 JWT, 15 minutes).",
                };
                var scopes = PlatformScopes.All.ToDictionary(s => s, s => s);
                document.Components.SecuritySchemes[OAuthScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "Partner systems: client credentials. People: authorization code with PKCE (S256), client_id sqmy-portal; the password grant only where it is allowed (local mode).",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenPath, UriKind.Relative), Scopes = scopes },
                        Password = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenPath, UriKind.Relative), Scopes = scopes },
                        AuthorizationCode = new OpenApiOAuthFlow
                        {
                            AuthorizationUrl = new Uri("/connect/authorize", UriKind.Relative), TokenUrl = new Uri(TokenPath, UriKind.Relative),
                            RefreshUrl = new Uri(TokenPath, UriKind.Relative),
                            Scopes = new Dictionary<string, string> { ["openid"] = "openid", ["offline_access"] = "offline_access" },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (!metadata.OfType<IAllowAnonymous>().Any())
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OAuthScheme, context.Document)] = [] },
                    ];
                if (metadata.OfType<PagedEndpointMetadata>().Any())
                {
                    AddParameter(operation, "page", ParameterLocation.Query, false, "页码 (page number)", Integer(1, PageRequest.MaxPage));
                    AddParameter(operation, "pageSize", ParameterLocation.Query, false, "每页条数 (items per page)", Integer(1, PageRequest.MaxPageSize));
                }
                foreach (var header in metadata.OfType<IDocumentedHeader>())
                    AddParameter(operation, header.Name, ParameterLocation.Header, header.Required, header.Description,
                        new OpenApiSchema { Type = JsonSchemaType.String });
                return Task.CompletedTask;
            });
        });

    private static OpenApiSchema Integer(int min, int max) => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = min.ToString(), Maximum = max.ToString(),
    };

    private static void AddParameter(OpenApiOperation operation, string name, ParameterLocation location, bool required, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.Name == name && p.In == location)) return;
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = location, Required = required, Description = description, Schema = schema });
    }
}

/// <summary>Endpoint metadata for a request header of the API contract (If-Match, Idempotency-Key), put in the API document.</summary>
public interface IDocumentedHeader
{
    string Name { get; }
    bool Required { get; }
    string Description { get; }
}
