using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// Intake on a database its login owns without being a superuser, as in external mode: row security is forced, so
/// the owner's own policy is what lets migrations and the outbox relay work for every tenant.
/// </summary>
public sealed class OwnerLoginIntakeFactory : IntakeFactory
{
    protected override Task<string> CreateDatabaseAsync(string purpose) => TestStores.CreateDatabaseOwnedByLoginAsync(purpose);
}

public sealed class OwnerLoginTests(OwnerLoginIntakeFactory factory) : IClassFixture<OwnerLoginIntakeFactory>
{
    private async Task<Guid> SubmitAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        var created = await client.PostAsJsonAsync("/submissions", new { title = "属主登录", body = "正文", authorPersonId = Guid.NewGuid(), unitId = Guid.NewGuid() });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await Drafts.PostSubmitAsync(client, id)).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task The_relay_publishes_every_tenants_events_under_forced_row_security()
    {
        Assert.False(await TestDb.ScalarAsync<bool>(factory.ConnectionString, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.Empty(await RowSecurityCatalog.UnprotectedAsync(factory.ConnectionString));
        var (a, b) = (Tenants.New(), Tenants.New());

        await SubmitAsync(a);
        await SubmitAsync(b);

        foreach (var tenant in new[] { a, b })
            await Eventually.GetAsync(() => TestDb.OutboxAsync(factory.ConnectionString, "tenant_id = $1", tenant),
                rows => rows.Count == 1 && rows[0].PublishedAt is not null, what: $"the outbox row of {tenant} published");
    }
}

/// <summary>The row-security suite again, with the owner subject to forced row security.</summary>
public sealed class OwnerLoginRowLevelSecurityTests(OwnerLoginIntakeFactory factory)
    : RowLevelSecurityTests<Program, IntakeDbContext>(factory), IClassFixture<OwnerLoginIntakeFactory>
{
    protected override string[] Tables => ["submissions", "outbox_messages"];

    protected override async Task SeedAsync(string tenant)
    {
        var client = factory.ClientFor(tenant);
        var created = await client.PostAsJsonAsync("/submissions", new { title = "行级安全", body = "正文", authorPersonId = Guid.NewGuid(), unitId = Guid.NewGuid() });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await Drafts.PostSubmitAsync(client, id)).EnsureSuccessStatusCode();
    }
}
