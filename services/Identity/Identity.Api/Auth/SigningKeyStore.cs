using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;

namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// The server's RSA keys (one to sign access tokens, published as JWKS; one to encrypt its own tokens), created
/// once and kept in the identity database (table server_keys, made by the ServerKeys migration) so every replica and
/// restart signs with the same key.
/// </summary>
public sealed class SigningKeyStore(IConfiguration configuration) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var connectionString = configuration.GetConnectionString(ResourceNames.IdentityDb)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.IdentityDb} is not set.");
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var signing = LoadOrCreate(connection, "sig");
        var encryption = LoadOrCreate(connection, "enc");
        transaction.Commit();
        options.SigningCredentials.Add(new SigningCredentials(signing, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static RsaSecurityKey LoadOrCreate(NpgsqlConnection connection, string use)
    {
        using var candidate = RSA.Create(2048);
        // Insert-if-absent, then read: concurrent first starts agree on one key.
        using (var insert = new NpgsqlCommand("INSERT INTO server_keys (use, private_key_pem) VALUES ($1, $2) ON CONFLICT (use) DO NOTHING", connection))
        {
            insert.Parameters.AddWithValue(use);
            insert.Parameters.AddWithValue(candidate.ExportPkcs8PrivateKeyPem());
            insert.ExecuteNonQuery();
        }
        using var select = new NpgsqlCommand("SELECT private_key_pem FROM server_keys WHERE use = $1", connection);
        select.Parameters.AddWithValue(use);
        var rsa = RSA.Create();
        rsa.ImportFromPem((string)select.ExecuteScalar()!);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData([.. parameters.Modulus!, .. parameters.Exponent!]))[..16];
        return new RsaSecurityKey(rsa) { KeyId = $"{use}-{keyId}" };
    }
}
