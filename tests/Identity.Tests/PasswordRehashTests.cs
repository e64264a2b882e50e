using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>A password hash of an older format is upgraded at the next successful sign-in.</summary>
public sealed class PasswordRehashTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private Task<string> HashOfAsync(string user) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT password_hash FROM accounts WHERE user_name = $1", user);

    [Fact]
    public async Task A_v2_hash_becomes_a_v3_hash_when_its_owner_signs_in_and_the_password_still_works()
    {
        _ = factory.Server;
        var legacy = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new Account(), Tokens.Password);
        Assert.Equal(0x00, Convert.FromBase64String(legacy)[0]); // the V2 format marker
        await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "WITH u AS (UPDATE accounts SET password_hash = $1 WHERE user_name = 'chenjing' RETURNING 1) SELECT count(*) FROM u", legacy);

        var (status, _) = await Tokens.PasswordAsync(factory.CreateClient(), "chenjing");

        Assert.Equal(HttpStatusCode.OK, status);
        var upgraded = await HashOfAsync("chenjing");
        Assert.NotEqual(legacy, upgraded);
        Assert.Equal(0x01, Convert.FromBase64String(upgraded)[0]); // the V3 format marker
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(factory.CreateClient(), "chenjing")).Status);
        Assert.Equal(upgraded, await HashOfAsync("chenjing")); // a current hash is left alone
    }
}
