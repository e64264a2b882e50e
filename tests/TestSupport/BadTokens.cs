using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace SheqingMinyi.Tests;

/// <summary>Every way a bearer token can be wrong; each must get 401 and change nothing.</summary>
public static class BadTokens
{
    public static readonly TheoryData<string> Cases = new()
    {
        "missing", "garbage", "expired", "tampered", "wrong-audience", "wrong-issuer", "alg-none", "unknown-key", "hmac-signed", "typ-jwt",
    };

    public static string? Create(string kind, string tenantId) => kind switch
    {
        "missing" => null,
        "garbage" => "not.a.token",
        "expired" => TestTokens.Create(tenantId, lifetime: TimeSpan.FromMinutes(-10)),
        "tampered" => Tamper(TestTokens.Create(tenantId)),
        "wrong-audience" => TestTokens.Create(tenantId, audience: "another-api"),
        "wrong-issuer" => TestTokens.Create(tenantId, issuer: "http://evil-identity/"),
        "alg-none" => Unsigned(TestTokens.Create(tenantId)),
        "unknown-key" => TestTokens.Create(tenantId, signingKey: new RsaSecurityKey(RSA.Create(2048)) { KeyId = TestTokens.Key.KeyId }),
        "hmac-signed" => HmacSigned(TestTokens.Create(tenantId)),
        // Signed by the right key but not an access token (e.g. an id token): typ must be at+jwt.
        "typ-jwt" => TestTokens.Create(tenantId, type: "JWT"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Changes the tenant in the payload, keeping the original signature.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"tenant\":\"", "\"tenant\":\"x");
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    /// <summary>The same claims with "alg": "none" and no signature.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        return $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
    }

    /// <summary>HS256 keyed with the public key's modulus: the classic algorithm-confusion attack.</summary>
    private static string HmacSigned(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"test-key\"}");
        var key = TestTokens.Key.Rsa.ExportParameters(false).Modulus!;
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{header}.{parts[1]}"));
        return $"{header}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }
}

/// <summary>
/// The bad-token suite for one service: each kind of bad token on a read and on a write gets 401 problem+json,
/// and the write changes nothing.
/// </summary>
public abstract class TokenValidationTests<TProgram>(ServiceFactory<TProgram> factory) where TProgram : class
{
    protected abstract string ReadPath { get; }
    protected abstract string WritePath { get; }
    protected abstract object WriteBody { get; }
    /// <summary>Counts what a write would create, to show a refused one created nothing.</summary>
    protected abstract Task<long> CountAsync();

    [Theory]
    [MemberData(nameof(BadTokens.Cases), MemberType = typeof(BadTokens))]
    public async Task A_bad_token_is_refused_with_401_and_changes_nothing(string kind)
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var client = factory.ClientWithToken(BadTokens.Create(kind, tenant));
        var before = await CountAsync();
        var auditedBefore = await AuthenticationFailuresAsync();

        var read = await client.GetAsync(ReadPath);
        var write = await client.PostAsJsonAsync(WritePath, WriteBody);

        Assert.Equal("unauthenticated", (await read.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal("unauthenticated", (await write.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal(before, await CountAsync());
        // Both refusals are on the trail, under no tenant (a bad token proves none).
        Assert.Equal(auditedBefore + 2, await AuthenticationFailuresAsync());
    }

    private async Task<long> AuthenticationFailuresAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM audit_entries WHERE tenant_id = '' AND action = 'authentication-failed'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_same_token_is_accepted_when_it_is_valid()
    {
        var response = await factory.ClientWithToken(TestTokens.Create($"t{Guid.NewGuid():N}"[..12])).GetAsync(ReadPath);
        Assert.True(response.IsSuccessStatusCode, $"valid token got {(int)response.StatusCode}");
    }
}
