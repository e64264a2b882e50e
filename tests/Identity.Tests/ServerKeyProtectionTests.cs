using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using SheqingMinyi.Identity.Auth.Keys;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>The server's private keys are stored encrypted, out of the application role's reach, and keys the older code stored in plain PEM are taken over.</summary>
public sealed class ServerKeyProtectionTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Stored_keys_are_encrypted_and_the_application_role_cannot_read_them()
    {
        await Tokens.AccessTokenForAsync(factory.CreateClient(), "zhangming");

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var stored = new List<string>();
        await using (var select = new NpgsqlCommand("SELECT protected_key FROM sqmy_keys.server_keys", connection))
        await using (var reader = await select.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        Assert.Equal(2, stored.Count);
        Assert.All(stored, value => Assert.DoesNotContain("PRIVATE KEY", value));
        // Not a DER/PEM body either: a Data Protection payload (base64url, its magic header 09 F0 C9 F0 first).
        Assert.All(stored, value => Assert.Equal([0x09, 0xF0, 0xC9, 0xF0],
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(value)[..4]));
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM public.server_keys WHERE use IN ('sig', 'enc')"));

        await using (var role = new NpgsqlCommand("SET ROLE sqmy_app", connection)) await role.ExecuteNonQueryAsync();
        await using var refused = new NpgsqlCommand("SELECT protected_key FROM sqmy_keys.server_keys", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Plain_keys_of_a_database_made_by_the_older_code_are_encrypted_at_start_and_keep_their_key_ids()
    {
        // The database as the older code left it: migrations up to Revocations, plain PEM keys in public.server_keys.
        var connectionString = await TestStores.CreateDatabaseAsync("identitylegacy");
        await using (var db = IdentitySchemaUpgradeTests.NewContext(connectionString))
            await db.GetService<IMigrator>().MigrateAsync("20261201005716_Revocations");
        using var sig = RSA.Create(2048);
        using var enc = RSA.Create(2048);
        foreach (var (use, rsa) in new[] { ("sig", sig), ("enc", enc) })
            await TestDb.ScalarAsync<int>(connectionString,
                "INSERT INTO server_keys (use, private_key_pem, created_at) VALUES ($1, $2, now() - interval '3 days') RETURNING 1", use, rsa.ExportPkcs8PrivateKeyPem());
        var legacyKid = SigningKeyStore.KeyIdOf("sig", sig);

        await using var upgraded = new SameDatabaseIdentityFactory(connectionString);
        var client = upgraded.CreateClient();
        var token = await Tokens.AccessTokenForAsync(client, "operator");

        Assert.Equal(legacyKid, Tokens.Decode(token).Header.GetProperty("kid").GetString());
        Assert.Equal(legacyKid, Assert.Single((await Tokens.JwksAsync(client)).Keys).Kid);
        Assert.Equal(0L, await TestDb.ScalarAsync<long>(connectionString, "SELECT count(*) FROM public.server_keys WHERE use IN ('sig', 'enc')"));
        var stored = await TestDb.ScalarAsync<string>(connectionString, "SELECT protected_key FROM sqmy_keys.server_keys WHERE kid = $1", legacyKid);
        Assert.DoesNotContain("PRIVATE KEY", stored);
        Assert.Equal(HttpStatusCode.OK, (await upgraded.CreateClient().WithBearer(token).GetAsync("/tenants")).StatusCode);
    }
}
