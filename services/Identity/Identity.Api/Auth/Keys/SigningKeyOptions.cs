namespace SheqingMinyi.Identity.Auth.Keys;

/// <summary>
/// Configuration section "Identity:SigningKeys": the schedule of the token-signing keys. A key signs for
/// <see cref="RotationInterval"/>; its successor is published in the JWKS <see cref="PublishAhead"/> before it
/// signs, so every validator has fetched it by then; a replaced key stays published <see cref="RetireAfter"/>
/// after its successor took over, so the tokens it signed stay valid until they expire.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Identity:SigningKeys";

    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Unset: the access token lifetime plus five minutes (validators' 30 s skew and JWKS caching).</summary>
    public TimeSpan? RetireAfter { get; set; }
    /// <summary>How often each replica reads the keys again (and creates the next one when it is due).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
