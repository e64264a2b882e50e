using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// The audit trail's stand-in for a user name that matches no account: <c>unknown:</c> and an HMAC-SHA256 of it
/// under a server secret, so repeated attempts on one name can be told apart without the name being kept (people
/// type their password into the user name field). The secret is created once and kept in <c>server_keys</c>
/// (use <c>audit-hmac</c>) protected by Data Protection like the signing keys, read with the owner's login, and
/// shared by every replica; without the database and the key ring it cannot be recomputed.
/// </summary>
public sealed class UserNameHasher(IConfiguration configuration, IDataProtectionProvider protection)
{
    private const string Use = "audit-hmac";
    private readonly Lazy<byte[]> _key = new(() => LoadOrCreate(configuration, protection.CreateProtector("SheqingMinyi.Identity.AuditHmac.v1")));

    public string Hash(string userName) =>
        "unknown:" + Convert.ToHexString(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(userName)), 0, 16).ToLowerInvariant();

    private static byte[] LoadOrCreate(IConfiguration configuration, IDataProtector protector)
    {
        using var connection = new NpgsqlConnection(DatabaseLogins.FromConfiguration(configuration, ResourceNames.IdentityDb).Owner);
        connection.Open();
        // Insert-if-absent, then read: concurrent first uses agree on one secret.
        using (var insert = new NpgsqlCommand("INSERT INTO server_keys (use, private_key_pem) VALUES ($1, $2) ON CONFLICT (use) DO NOTHING", connection))
        {
            insert.Parameters.AddWithValue(Use);
            insert.Parameters.AddWithValue(protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            insert.ExecuteNonQuery();
        }
        using var select = new NpgsqlCommand("SELECT private_key_pem FROM server_keys WHERE use = $1", connection);
        select.Parameters.AddWithValue(Use);
        return Convert.FromBase64String(protector.Unprotect((string)select.ExecuteScalar()!));
    }
}
