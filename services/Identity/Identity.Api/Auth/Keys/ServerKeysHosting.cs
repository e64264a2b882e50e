using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace SheqingMinyi.Identity.Auth.Keys;

public static class ServerKeysHosting
{
    /// <summary>The server's keys: encrypted at rest, on a rotation schedule, refreshed in OpenIddict's options at run time.</summary>
    public static IHostApplicationBuilder AddServerKeys(this IHostApplicationBuilder builder)
    {
        builder.AddServerKeyProtection();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section);
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<SigningKeyRing>());
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, SigningKeyRing.ServerChanges>();
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, SigningKeyRing.ValidationChanges>();
        // After the database migrator (registered with the host before this), so the table exists.
        builder.Services.AddHostedService<SigningKeyRotation>();
        return builder;
    }
}
