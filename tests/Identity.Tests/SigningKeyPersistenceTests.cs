using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Identity.Auth.Keys;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>The signing key lives in sqmy_keys.server_keys: a restart or another replica on the same database signs with the same key.</summary>
public sealed class SigningKeyPersistenceTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static async Task<Dictionary<string, long>> KeyRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT use, count(*) FROM sqmy_keys.server_keys GROUP BY use", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_publishes_the_same_key_and_accepts_the_first_ones_tokens()
    {
        var first = factory.CreateClient();
        var firstKid = Assert.Single((await Tokens.JwksAsync(first)).Keys).Kid;
        var firstToken = await Tokens.AccessTokenForAsync(first, "operator");

        await using var restarted = new SameDatabaseIdentityFactory(factory.ConnectionString);
        var second = restarted.CreateClient();

        var secondJwks = await Tokens.JwksAsync(second);
        Assert.Equal(firstKid, Assert.Single(secondJwks.Keys).Kid);
        var secondToken = await Tokens.AccessTokenForAsync(second, "operator");
        Assert.Equal(firstKid, Tokens.Decode(secondToken).Header.GetProperty("kid").GetString());
        Assert.True((await Tokens.ValidateAsync(firstToken, secondJwks)).IsValid, "a token of the first verifies with the second's JWKS");
        Assert.True((await Tokens.ValidateAsync(secondToken, await Tokens.JwksAsync(first))).IsValid);
        // The restarted service itself accepts a token the first issued (and sees the seeded data once, not twice).
        var tenants = await restarted.CreateClient().WithBearer(firstToken).GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.OK, tenants.StatusCode);
        Assert.Equal(3, (await tenants.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, long> { ["enc"] = 1, ["sig"] = 1 }, await KeyRowsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task Many_token_requests_leave_exactly_one_signing_and_one_encryption_key()
    {
        var client = factory.CreateClient();
        var kids = new HashSet<string>();
        foreach (var user in new[] { "zhangming", "lihua", "wangfang", "zhaoqiang", "spb-admin" })
            kids.Add(Tokens.Decode(await Tokens.AccessTokenForAsync(client, user)).Header.GetProperty("kid").GetString()!);
        for (var i = 0; i < 5; i++)
            kids.Add(Tokens.Decode(await Tokens.PartnerAccessTokenAsync(client)).Header.GetProperty("kid").GetString()!);

        Assert.Single(kids);
        Assert.Equal(new Dictionary<string, long> { ["enc"] = 1, ["sig"] = 1 }, await KeyRowsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task Another_database_has_a_key_of_its_own_that_does_not_verify_these_tokens()
    {
        var jwt = await Tokens.AccessTokenForAsync(factory.CreateClient(), "zhangming");
        await using var other = new IdentityFactory();
        await other.InitializeAsync();

        var otherJwks = await Tokens.JwksAsync(other.CreateClient());

        Assert.NotEqual(Tokens.Decode(jwt).Header.GetProperty("kid").GetString(), Assert.Single(otherJwks.Keys).Kid);
        Assert.False((await Tokens.ValidateAsync(jwt, otherJwks)).IsValid);
    }

    /// <summary>"Concurrent first starts agree on one key": replicas starting together on a fresh database all load
    /// the same keys, and none fails.</summary>
    [Fact]
    public async Task Concurrent_first_starts_on_a_fresh_database_agree_on_one_key()
    {
        for (var round = 0; round < 3; round++)
        {
            // A fresh database as start-up leaves it (the ServerKeys migration made the table), before any key.
            var connectionString = await TestStores.CreateDatabaseAsync("identitykeys");
            await using (var db = IdentitySchemaUpgradeTests.NewContext(connectionString))
                await db.MigrateServiceDatabaseAsync();
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.IdentityDb}"] = connectionString, [$"ConnectionStrings:{ResourceNames.IdentityDb}-owner"] = connectionString })
                .Build();
            // One Data Protection key ring, as replicas sharing Identity:KeyRing:Directory have.
            var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Path.GetTempPath(), "sqmy-keyring-tests")));
            var now = DateTimeOffset.UtcNow;
            using var start = new Barrier(8);
            var starts = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
            {
                var store = new SigningKeyStore(configuration, protection, Microsoft.Extensions.Options.Options.Create(new SigningKeyOptions()),
                    NullLogger<SigningKeyStore>.Instance);
                start.SignalAndWait();
                var keys = store.SynchroniseAsync(now).GetAwaiter().GetResult();
                return (Sig: keys.Single(k => k.Use == "sig").KeyId, Enc: keys.Single(k => k.Use == "enc").KeyId);
            }, TaskCreationOptions.LongRunning)).ToList();

            var outcomes = await Task.WhenAll(starts.Select(async s =>
            {
                try { return (await s, Error: (string?)null); }
                catch (Exception error) { return ((Sig: "", Enc: ""), Error: error.GetType().Name + ": " + error.Message); }
            }));

            var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error).ToList();
            Assert.True(errors.Count == 0, $"round {round}: {errors.Count} of 8 starts failed: {string.Join(" | ", errors.Distinct())}");
            Assert.Single(outcomes.Select(o => o.Item1.Sig).Distinct());
            Assert.Single(outcomes.Select(o => o.Item1.Enc).Distinct());
            Assert.Equal(new Dictionary<string, long> { ["enc"] = 1, ["sig"] = 1 }, await KeyRowsAsync(connectionString));
        }
    }
}
