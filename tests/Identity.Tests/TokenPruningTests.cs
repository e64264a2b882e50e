using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Stored tokens are pruned once they are long expired; live ones stay.</summary>
public sealed class TokenPruningTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private Task<long> TokensAsync(string where) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, $"SELECT count(*) FROM \"OpenIddictTokens\" WHERE {where}");

    [Fact]
    public async Task The_retention_pass_removes_tokens_expired_beyond_the_window_and_keeps_live_ones()
    {
        var client = factory.CreateClient();
        await Tokens.ClientCredentialsAsync(client, scope: "intake.read");
        await Tokens.ClientCredentialsAsync(client, scope: "intake.read");
        var stored = await TokensAsync("true");
        Assert.True(stored >= 2, $"issued tokens are stored ({stored})");
        await TestDb.ScalarAsync<long>(factory.ConnectionString, """
            WITH aged AS (UPDATE "OpenIddictTokens" SET creation_date = now() - interval '30 days', expiration_date = now() - interval '30 days'
                          RETURNING 1) SELECT count(*) FROM aged
            """);
        await Tokens.ClientCredentialsAsync(client, scope: "intake.read"); // a live one

        var pruned = await factory.Services.GetRequiredService<RetentionWorker>().RunOnceAsync(CancellationToken.None);

        Assert.True(pruned["inactive tokens and authorizations"] >= stored);
        Assert.Equal(0, await TokensAsync("creation_date < now() - interval '1 day'"));
        Assert.Equal(1, await TokensAsync("expiration_date > now()"));
    }
}
