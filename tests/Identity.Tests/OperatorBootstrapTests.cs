using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Identity as production starts it: no demo data; the first operator from the bootstrap secret, if given.</summary>
public sealed class ProductionIdentityFactory() : ServiceFactory<Program>(ResourceNames.IdentityDb)
{
    public const string BootstrapPassword = "first-operator-Secret-2026";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "false",
        ["Identity:Bootstrap:OperatorPassword"] = BootstrapPassword,
        // A deployment that keeps the password grant for a tool names the client.
        ["Identity:PasswordGrantClients:0"] = "sqmy-portal",
    };
}

public sealed class OperatorBootstrapTests(ProductionIdentityFactory factory) : IClassFixture<ProductionIdentityFactory>
{
    /// <summary>The same service started again on the same database, with other settings (a restart, a redeploy).</summary>
    private WebApplicationFactory<Program> Restarted(string? bootstrapPassword) => factory.WithWebHostBuilder(b =>
        b.UseSetting("Identity:Bootstrap:OperatorPassword", bootstrapPassword ?? ""));

    private Task<long> CountAsync(string sql) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql);

    [Fact]
    public async Task Without_demo_data_the_only_account_is_the_bootstrapped_operator_and_no_demo_secret_works()
    {
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = 'operator' AND 'platform-operator' = ANY(roles)"));
        var client = factory.CreateClient();

        var (status, body) = await Tokens.PasswordAsync(client, "operator", ProductionIdentityFactory.BootstrapPassword);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["platform-operator"], Tokens.Values(Tokens.Decode(body.GetProperty("access_token").GetString()!).Payload, "role"));

        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(client, "operator", "Sqmy@2026")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(client, "wangfang", "Sqmy@2026")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await Tokens.ClientCredentialsAsync(client)).Status); // no demo partner
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM tenants WHERE id IN ('spb-zx', 'mj-cq')"));
    }

    [Fact]
    public async Task A_later_start_with_another_secret_changes_nothing()
    {
        await using var again = Restarted("another-Secret-of-2027");
        var client = again.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await Tokens.PasswordAsync(client, "operator", "another-Secret-of-2027")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Tokens.PasswordAsync(client, "operator", ProductionIdentityFactory.BootstrapPassword)).Status);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public async Task A_short_bootstrap_secret_stops_the_start_with_the_reason()
    {
        var fresh = await TestStores.CreateDatabaseAsync("bootstrap");
        await using var weak = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in TestStores.DatabaseSettings(ResourceNames.IdentityDb, fresh)) b.UseSetting(key, value);
            b.UseSetting("ConnectionStrings:redis", TestStores.Redis);
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("Identity:Bootstrap:OperatorPassword", "short");
        });

        var error = Assert.ThrowsAny<Exception>(() => weak.CreateClient());
        Assert.Contains("at least 12 characters", error.ToString());
        Assert.Equal(0, await TestDb.ScalarAsync<long>(fresh, "SELECT count(*) FROM accounts"));
    }
}
