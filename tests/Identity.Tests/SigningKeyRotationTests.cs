using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using OpenIddict.Validation;
using SheqingMinyi.Identity.Auth.Keys;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Identity whose key schedule reads <see cref="Clock"/>; tokens keep real time, so validators check them as they would.</summary>
public sealed class RotatingIdentityFactory : IdentityFactory
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Identity:SigningKeys:RotationInterval"] = "30.00:00:00",
        ["Identity:SigningKeys:PublishAhead"] = "1.00:00:00",
        ["Identity:AccessTokenLifetime"] = "00:15:00",
        ["Identity:SigningKeys:CheckInterval"] = "01:00:00", // the test drives the refreshes
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.Configure<OpenIddictServerOptions>(o => o.TimeProvider = TimeProvider.System);
            services.Configure<OpenIddictValidationOptions>(o => o.TimeProvider = TimeProvider.System);
        });
    }
}

/// <summary>A rotation with live tokens: published before it signs, the old key published until its tokens expired.</summary>
public sealed class SigningKeyRotationTests(RotatingIdentityFactory factory) : IClassFixture<RotatingIdentityFactory>
{
    private static string Kid(string jwt) => Tokens.Decode(jwt).Header.GetProperty("kid").GetString()!;

    [Fact]
    public async Task The_next_key_is_published_a_day_ahead_signs_from_its_time_and_the_old_one_leaves_after_its_tokens_expired()
    {
        var start = factory.Clock.Now;
        var ring = factory.Services.GetRequiredService<SigningKeyRing>();
        var client = factory.CreateClient();
        var key1 = Assert.Single((await Tokens.JwksAsync(client)).Keys).Kid;
        var tokenA = await Tokens.AccessTokenForAsync(client, "operator");
        Assert.Equal(key1, Kid(tokenA));

        // Day 29: the next key is published, to sign from day 30; key 1 still signs.
        factory.Clock.Now = start + TimeSpan.FromDays(29);
        await ring.RefreshAsync();
        var published = await Tokens.JwksAsync(client);
        Assert.Equal(2, published.Keys.Count);
        var key2 = Assert.Single(published.Keys, k => k.Kid != key1).Kid;
        Assert.Equal((start + TimeSpan.FromDays(30)).UtcDateTime, await TestDb.ScalarAsync<DateTime>(factory.ConnectionString,
            "SELECT activates_at FROM sqmy_keys.server_keys WHERE kid = $1", key2), TimeSpan.FromMilliseconds(1));
        Assert.Equal(key1, Kid(await Tokens.AccessTokenForAsync(client, "operator")));
        Assert.True((await Tokens.ValidateAsync(tokenA, published)).IsValid, "token A validates while key 2 is only published");

        // Day 30: key 2 signs; key 1 stays published for token A.
        factory.Clock.Now = start + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1);
        await ring.RefreshAsync();
        var tokenB = await Tokens.AccessTokenForAsync(client, "operator");
        Assert.Equal(key2, Kid(tokenB));
        var both = await Tokens.JwksAsync(client);
        Assert.Equal(new[] { key1, key2 }.Order(), both.Keys.Select(k => k.Kid).Order());
        Assert.True((await Tokens.ValidateAsync(tokenA, both)).IsValid, "token A still validates after key 2 took over");
        Assert.True((await Tokens.ValidateAsync(tokenB, both)).IsValid, "token B validates");
        // Identity's own APIs (validated against the local server's keys) follow the rotation too.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().WithBearer(tokenB).GetAsync("/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().WithBearer(tokenA).GetAsync("/tenants")).StatusCode);
        var retiresAt = await TestDb.ScalarAsync<DateTime>(factory.ConnectionString, "SELECT retires_at FROM sqmy_keys.server_keys WHERE kid = $1", key1);
        var activatesAt = await TestDb.ScalarAsync<DateTime>(factory.ConnectionString, "SELECT activates_at FROM sqmy_keys.server_keys WHERE kid = $1", key2);
        Assert.Equal(TimeSpan.FromMinutes(20), retiresAt - activatesAt); // 15 min tokens + 5 min

        // After token A's lifetime (and skew) from key 2's start, key 1 is gone: its tokens no longer validate.
        factory.Clock.Now = start + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(21);
        await ring.RefreshAsync();
        var after = await Tokens.JwksAsync(client);
        Assert.Equal(key2, Assert.Single(after.Keys).Kid);
        Assert.False((await Tokens.ValidateAsync(tokenA, after)).IsValid, "token A's key is retired");
        Assert.True((await Tokens.ValidateAsync(tokenB, after)).IsValid);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().WithBearer(tokenA).GetAsync("/tenants")).StatusCode);
    }
}
