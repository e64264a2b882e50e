namespace SheqingMinyi.Gateway.Revocation;

/// <summary>Configuration section "Gateway:Revocation".</summary>
public sealed class RevocationOptions
{
    public const string Section = "Gateway:Revocation";

    /// <summary>
    /// How often the list is read from identity (1 to 20 s). With identity's own save being immediate, a revocation
    /// bites within this interval plus one request to identity: well inside the promised 60 s.
    /// </summary>
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>
    /// Tokens issued up to this long after a revocation are refused too: <c>iat</c> counts whole seconds, and
    /// identity's replicas may differ by a little in their clocks. A new sign-in waits this long at most.
    /// </summary>
    public int IssuedAtSkewSeconds { get; set; } = 2;

    /// <summary>Identity's feed, found through service discovery; never routed by the gateway itself.</summary>
    public string FeedUrl { get; set; } = "http://identity/internal/revocations";

    public TimeSpan Refresh => TimeSpan.FromSeconds(RefreshSeconds);
    public TimeSpan IssuedAtSkew => TimeSpan.FromSeconds(IssuedAtSkewSeconds);
}
