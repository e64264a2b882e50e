using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

/// <summary>Configuration section "Cards".</summary>
public sealed class BusinessCardOptions
{
    public const string Section = "Cards";

    /// <summary>Origin of the public card URLs; empty means <c>Auth:Issuer</c>, which the AppHost sets to the
    /// gateway's public origin (<c>Gateway:PublicOrigin</c>, else the gateway's own endpoint).</summary>
    public string? PublicOrigin { get; set; }

    /// <summary>Clues one card takes per window (then 429 until the window ends).</summary>
    public int CluesPerWindow { get; set; } = 20;
    public int ClueWindowMinutes { get; set; } = 60;

    /// <summary>Largest clue request body, form or JSON (413 above it).</summary>
    public int MaxClueBodyBytes { get; set; } = 16 * 1024;

    public ClueLimit ClueLimit => new(CluesPerWindow, TimeSpan.FromMinutes(ClueWindowMinutes));
}

/// <summary>Everything the card endpoints use: options, the token's encryption, the public URL and the QR codes.</summary>
public sealed class BusinessCards(IOptions<BusinessCardOptions> options, IConfiguration configuration, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("SheqingMinyi.People.BusinessCard.Token.v1");

    public BusinessCardOptions Options => options.Value;

    public string Protect(CardToken token) => _protector.Protect(token.Value);

    /// <summary>The card's current token; null if the key ring that encrypted it is gone (rotate the card then).</summary>
    public CardToken? Unprotect(BusinessCard card)
    {
        try
        {
            return CardToken.From(_protector.Unprotect(card.ProtectedToken));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public string PublicUrl(CardToken token)
    {
        var origin = string.IsNullOrWhiteSpace(Options.PublicOrigin) ? PlatformAuthentication.Issuer(configuration) : Options.PublicOrigin;
        return $"{origin.TrimEnd('/')}/card/{token.Value}";
    }
}

public static class BusinessCardSetup
{
    /// <summary>
    /// The cards' services. Data Protection's key ring encrypts the stored tokens: every replica must share it (the
    /// platform's key ring settings apply); without it a card's QR code cannot be drawn again until it is rotated,
    /// while its public URL keeps working (the lookup needs only the hash).
    /// </summary>
    public static IHostApplicationBuilder AddBusinessCards(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection();
        builder.Services.AddOptions<BusinessCardOptions>().BindConfiguration(BusinessCardOptions.Section)
            .Validate(o => o.CluesPerWindow > 0 && o.ClueWindowMinutes > 0 && o.MaxClueBodyBytes > 0, "Cards: limits must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BusinessCards>();
        builder.Services.AddSingleton<CardClueLimiter>();
        return builder;
    }
}
