namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// How many of the tenant's scanned items contain a character pair: the rarity that decides which pairs the
/// near-duplicate search looks up first (see <see cref="SimilarItems"/>). A hint, never an answer: an item is counted
/// once, with its text at its first scan, so a later edit leaves the counts slightly off, which may cost time but
/// never changes what matches. Written by SQL only (<c>SimilarSql.CountPairs</c>).
/// </summary>
public sealed class SimilarPairCount
{
    public string TenantId { get; private set; } = "";
    public string Pair { get; private set; } = "";
    public int Items { get; private set; }

    private SimilarPairCount() { }
}
