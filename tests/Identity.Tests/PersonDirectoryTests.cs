using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Messaging;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// Identity learns the people service's persons from its PersonRegistered events (identity's own consumer group on
/// a real Redis stream) and lets a tenant admin invite only a person registered in the admin's tenant.
/// </summary>
public sealed class PersonDirectoryTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string ConsumerGroup = "identity";
    private const string GoodPassword = "Chongqing-Jialing-7";
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task<HttpClient> AdminAsync(string user = "spb-admin") =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    private static string NewUserName() => $"u{Guid.NewGuid():N}"[..12];

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    /// <summary>The people service announcing a person, and identity having applied it.</summary>
    private async Task<FedEvent> RegisteredAsync(string tenant, Guid person, string name)
    {
        factory.CreateClient(); // the host, and so its consumer, runs
        var fed = await _feeder.PublishAsync(tenant, new PersonRegistered(person, name, null, ["member"]));
        await _feeder.WaitConsumedAsync(fed, ConsumerGroup);
        return fed;
    }

    private static Task<HttpResponseMessage> InviteAsync(HttpClient admin, string userName, Guid? personId) =>
        admin.PostAsJsonAsync("/accounts", new { userName, displayName = "周晓燕", roles = new[] { "member" }, personId });

    [Fact]
    public async Task A_person_the_people_service_registered_is_invited_and_signs_in_with_their_person_id()
    {
        var person = Guid.NewGuid();
        await RegisteredAsync("spb-zx", person, "周晓燕");
        Assert.Equal("周晓燕", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT name FROM known_persons WHERE tenant_id = 'spb-zx' AND person_id = $1", person));

        var userName = NewUserName();
        var response = await InviteAsync(await AdminAsync(), userName, person);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(person, body.GetProperty("account").GetProperty("personId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await factory.CreateClient().PostAsJsonAsync("/accounts/activate",
            new { userName, code = body.GetProperty("activationCode").GetString(), password = GoodPassword })).StatusCode);

        var (status, token) = await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword);
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, payload) = Tokens.Decode(token.GetProperty("access_token").GetString()!);
        Assert.Equal(person.ToString(), payload.GetProperty("person_id").GetString());
        Assert.Equal("spb-zx", payload.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task An_unknown_person_is_refused_and_no_account_is_created()
    {
        factory.CreateClient();
        var before = await CountAsync("SELECT count(*) FROM accounts");
        var userName = NewUserName();
        var problem = await (await InviteAsync(await AdminAsync(), userName, Guid.NewGuid())).ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Contains("人员不存在或尚未同步", problem.GetProperty("errors").GetProperty("personId")[0].GetString());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1", userName));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'account-invited' AND outcome LIKE $1", userName + "%"));
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM accounts"));
    }

    [Fact]
    public async Task Another_tenants_person_is_refused_like_an_unknown_one()
    {
        var theirs = Guid.NewGuid();
        await RegisteredAsync("mj-cq", theirs, "民建会员");
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM known_persons WHERE tenant_id = 'mj-cq' AND person_id = $1", theirs));

        var userName = NewUserName();
        var problem = await (await InviteAsync(await AdminAsync("spb-admin"), userName, theirs)).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("personId", out _));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1 OR person_id = $2", userName, theirs));
        // The demo people too: 刘飞龙 is 民建's, not 沙坪坝's.
        Assert.Equal(400, (int)(await InviteAsync(await AdminAsync("spb-admin"), NewUserName(), new Guid("0e5b1c2a-0002-4000-8000-000000000004"))).StatusCode);
        // Their own admin may invite them.
        Assert.Equal(HttpStatusCode.Created, (await InviteAsync(await AdminAsync("mj-admin"), NewUserName(), theirs)).StatusCode);
    }

    [Fact]
    public async Task Staff_accounts_without_a_person_stay_allowed()
    {
        factory.CreateClient();
        var userName = NewUserName();
        var response = await InviteAsync(await AdminAsync(), userName, null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1 AND person_id IS NULL", userName));
    }

    [Fact]
    public async Task The_same_registration_handled_twice_leaves_one_row()
    {
        var person = Guid.NewGuid();
        var fed = await RegisteredAsync("spb-zx", person, "重复");
        var again = await _feeder.RedeliverAsync(fed); // the same event id: the inbox drops it
        await _feeder.WaitConsumedAsync(again, ConsumerGroup);
        var republished = await _feeder.PublishAsync("spb-zx", new PersonRegistered(person, "重复", null, ["member"])); // a new id, same person
        await _feeder.WaitConsumedAsync(republished, ConsumerGroup);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM known_persons WHERE person_id = $1", person));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM inbox_messages WHERE consumer = 'identity' AND event_id = $1", fed.Id));
    }

    [Fact]
    public async Task An_older_registration_arriving_late_changes_nothing()
    {
        factory.CreateClient();
        var person = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await HandleAsync("spb-zx", new PersonRegistered(person, "新名字", null, []), now);
        await HandleAsync("spb-zx", new PersonRegistered(person, "旧名字", null, []), now.AddMinutes(-5));
        Assert.Equal("新名字", await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT name FROM known_persons WHERE person_id = $1", person));
        await HandleAsync("spb-zx", new PersonRegistered(person, "更新", null, []), now.AddMinutes(1));
        Assert.Equal("更新", await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT name FROM known_persons WHERE person_id = $1", person));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM known_persons WHERE person_id = $1", person));
    }

    /// <summary>The handler as the processor calls it, under the event's tenant (the application login, row security).</summary>
    private async Task HandleAsync(string tenant, PersonRegistered e, DateTimeOffset occurredAt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        await scope.ServiceProvider.GetRequiredService<RecordPerson>().HandleAsync(e, new EventContext(Guid.NewGuid(), tenant, null, occurredAt), default);
    }
}
