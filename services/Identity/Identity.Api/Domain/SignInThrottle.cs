namespace SheqingMinyi.Identity.Domain;

/// <summary>
/// Failed sign-ins counted for one key — an account (<c>account:{id}</c>) or a client (<c>client:{client_id}</c>) —
/// in a window, and until when the key is locked. Kept in PostgreSQL so a lock survives restarts and holds on every
/// replica. Unknown user names have no row, so the table is bounded by the accounts and clients.
/// </summary>
public sealed class SignInThrottle
{
    public const int KeyMaxLength = 150;
    public string Key { get; init; } = "";
    public int Failures { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}
