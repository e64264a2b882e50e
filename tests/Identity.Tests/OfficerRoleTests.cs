using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// The officer role follows the people service's appointments in the appointing tenant (identity's consumer group on a
/// real Redis stream): added when one starts, removed with the account's tokens revoked when the last one ends; a
/// repeated or older event changes nothing; a person appointed by another tenant becomes invitable there.
/// </summary>
public sealed class OfficerRoleTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string ConsumerGroup = "identity";
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<HttpClient> AdminAsync(string user) =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    /// <summary>An account of <paramref name="admin"/>'s tenant linked to the person, invited as a member.</summary>
    private async Task<Guid> AccountAsync(string admin, Guid person)
    {
        var response = await (await AdminAsync(admin)).PostAsJsonAsync("/accounts",
            new { userName = $"u{Guid.NewGuid():N}"[..12], displayName = "特邀信息员", roles = new[] { "member" }, personId = person });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
    }

    private async Task<string> RolesAsync(Guid account) =>
        await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT array_to_string(roles, ',') FROM accounts WHERE id = $1", account);

    private Task<long> RevocationsAsync(Guid account) => CountAsync("SELECT count(*) FROM revocations WHERE kind = 'Account' AND subject = $1", account.ToString());

    private async Task<FedEvent> ConsumedAsync<TEvent>(string tenant, TEvent e) where TEvent : notnull
    {
        factory.CreateClient();
        var fed = await _feeder.PublishAsync(tenant, e);
        await _feeder.WaitConsumedAsync(fed, ConsumerGroup);
        return fed;
    }

    [Fact]
    public async Task An_appointment_adds_the_officer_role_and_its_end_removes_it_and_revokes_the_accounts_tokens()
    {
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var account = await AccountAsync("spb-admin", person);
        var appointment = Guid.NewGuid();

        await ConsumedAsync("spb-zx", new AppointmentStarted(appointment, person, "spb-zx", Today, Today.AddYears(1), 1));
        Assert.Equal("member,officer", await RolesAsync(account));
        Assert.Equal(0, await RevocationsAsync(account));

        await ConsumedAsync("spb-zx", new AppointmentEnded(appointment, person, "spb-zx", Today, "revoked", 2));
        Assert.Equal("member", await RolesAsync(account));
        Assert.Equal(1, await RevocationsAsync(account));
        Assert.Equal("role officer withdrawn", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT reason FROM revocations WHERE subject = $1", account.ToString()));
    }

    [Fact]
    public async Task The_same_event_twice_and_an_older_one_after_a_newer_change_nothing()
    {
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var account = await AccountAsync("spb-admin", person);
        var appointment = Guid.NewGuid();
        var started = new AppointmentStarted(appointment, person, "spb-zx", Today, Today.AddYears(1), 1);

        var fed = await ConsumedAsync("spb-zx", started);
        await _feeder.WaitConsumedAsync(await _feeder.RedeliverAsync(fed), ConsumerGroup); // the same event id
        await ConsumedAsync("spb-zx", started);                                          // the same content, a new id
        Assert.Equal("member,officer", await RolesAsync(account));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM officer_appointments WHERE appointment_id = $1", appointment));

        var ended = new AppointmentEnded(appointment, person, "spb-zx", Today, "expired", 2);
        await ConsumedAsync("spb-zx", ended);
        await ConsumedAsync("spb-zx", ended);
        await ConsumedAsync("spb-zx", started); // older, arriving after the end
        Assert.Equal("member", await RolesAsync(account));
        Assert.Equal(1, await RevocationsAsync(account));
        Assert.Equal(2, await CountAsync("SELECT version FROM officer_appointments WHERE appointment_id = $1", appointment));
        Assert.False(await TestDb.ScalarAsync<bool>(factory.ConnectionString, "SELECT active FROM officer_appointments WHERE appointment_id = $1", appointment));
    }

    [Fact]
    public async Task An_end_arriving_before_its_start_leaves_no_role()
    {
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var account = await AccountAsync("spb-admin", person);
        var appointment = Guid.NewGuid();

        await ConsumedAsync("spb-zx", new AppointmentEnded(appointment, person, "spb-zx", Today, "revoked", 2));
        await ConsumedAsync("spb-zx", new AppointmentStarted(appointment, person, "spb-zx", Today, Today.AddYears(1), 1));

        Assert.Equal("member", await RolesAsync(account));
        Assert.Equal(0, await RevocationsAsync(account));
    }

    [Fact]
    public async Task The_role_stays_while_another_appointment_of_the_person_is_active()
    {
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var account = await AccountAsync("spb-admin", person);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await ConsumedAsync("spb-zx", new AppointmentStarted(first, person, "spb-zx", Today, Today.AddYears(1), 1));
        await ConsumedAsync("spb-zx", new AppointmentStarted(second, person, "spb-zx", Today, Today.AddYears(1), 1));
        await ConsumedAsync("spb-zx", new AppointmentEnded(first, person, "spb-zx", Today, "revoked", 2));

        Assert.Equal("member,officer", await RolesAsync(account));
        Assert.Equal(0, await RevocationsAsync(account));
    }

    [Fact]
    public async Task A_person_appointed_by_another_tenant_becomes_invitable_there_as_officer_and_their_home_account_is_unchanged()
    {
        var person = await KnownPersons.RecordAsync(factory, "spb-zx");
        var home = await AccountAsync("spb-admin", person);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await AdminAsync("mj-admin")).PostAsJsonAsync("/accounts",
            new { userName = $"u{Guid.NewGuid():N}"[..12], displayName = "特邀", roles = new[] { "member" }, personId = person })).StatusCode);

        await ConsumedAsync("mj-cq", new AppointmentStarted(Guid.NewGuid(), person, "spb-zx", Today, Today.AddYears(1), 1));

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM known_persons WHERE tenant_id = 'mj-cq' AND person_id = $1", person));
        var there = await AccountAsync("mj-admin", person);
        Assert.Equal("member", await RolesAsync(home));
        Assert.Equal("member,officer", await RolesAsync(there)); // invited after the start: the role comes with the invitation
    }
}
