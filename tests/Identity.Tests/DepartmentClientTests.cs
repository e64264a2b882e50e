using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>
/// 交办 partners: identity learns review's departments (DepartmentChanged, on identity's consumer group) and binds a
/// department's client or account to one active department of the tenant; its tokens name it (<c>department_id</c>).
/// </summary>
public sealed class DepartmentClientTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private const string ConsumerGroup = "identity";
    private const string GoodPassword = "Chongqing-Jialing-7";
    private readonly StreamFeeder _feeder = new(factory.RedisPrefix);

    private async Task<HttpClient> AdminAsync(string user = "spb-admin") =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    private Task<long> CountAsync(string sql, params object[] parameters) => TestDb.ScalarAsync<long>(factory.ConnectionString, sql, parameters);

    private async Task<FedEvent> AnnouncedAsync(string tenant, Guid department, string name, bool active = true, int version = 1, Guid? eventId = null)
    {
        factory.CreateClient(); // the host, and so its consumer, runs
        var fed = await _feeder.PublishAsync(tenant, new DepartmentChanged(department, name, active, version, DateTimeOffset.UtcNow), eventId);
        await _feeder.WaitConsumedAsync(fed, ConsumerGroup);
        return fed;
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient admin, Guid? departmentId, params string[] scopes) =>
        admin.PostAsJsonAsync("/clients", new { displayName = "区民政局办件系统", scopes, departmentId });

    [Fact]
    public async Task A_department_client_gets_review_handle_tokens_naming_its_department()
    {
        var department = Guid.NewGuid();
        await AnnouncedAsync("spb-zx", department, "区民政局");
        var admin = await AdminAsync();

        var response = await RegisterAsync(admin, department, "review.handle");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(department, client.GetProperty("departmentId").GetGuid());
        var (status, token) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), client.GetProperty("clientId").GetString()!,
            client.GetProperty("clientSecret").GetString()!, "review.handle");

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, payload) = Tokens.Decode(token.GetProperty("access_token").GetString()!);
        Assert.Equal((department.ToString(), "spb-zx", "partner"), (payload.GetProperty("department_id").GetString(),
            payload.GetProperty("tenant").GetString(), payload.GetProperty("role").GetString()));
        Assert.Contains("sqmy-review", payload.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/clients")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("clientId").GetString() == client.GetProperty("clientId").GetString());
        Assert.Equal(department, listed.GetProperty("departmentId").GetGuid());
    }

    [Fact]
    public async Task A_department_person_signs_in_with_the_department_role_and_claim()
    {
        var department = Guid.NewGuid();
        await AnnouncedAsync("spb-zx", department, "区卫生健康委");
        var userName = $"d{Guid.NewGuid():N}"[..12];

        var invited = await (await AdminAsync()).PostAsJsonAsync("/accounts",
            new { userName, displayName = "卫健委办件员", roles = new[] { "department" }, departmentId = department });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var body = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await factory.CreateClient().PostAsJsonAsync("/accounts/activate",
            new { userName, code = body.GetProperty("activationCode").GetString(), password = GoodPassword })).StatusCode);
        var (status, token) = await Tokens.PasswordAsync(factory.CreateClient(), userName, GoodPassword);

        Assert.Equal(HttpStatusCode.OK, status);
        var (_, payload) = Tokens.Decode(token.GetProperty("access_token").GetString()!);
        Assert.Equal((department.ToString(), "department"), (payload.GetProperty("department_id").GetString(), payload.GetProperty("role").GetString()));
    }

    public static TheoryData<string, string, string> BadClients() => new()
    {
        { "review.handle without a department", "none", "departmentId" },
        { "a department client asking more", "known+intake.read", "scopes" },
        { "an unknown department", "unknown", "departmentId" },
        { "another tenant's department", "theirs", "departmentId" },
        { "an inactive department", "inactive", "departmentId" },
    };

    [Theory]
    [MemberData(nameof(BadClients))]
    public async Task A_bad_department_client_is_a_400_naming_the_field_and_registers_nothing(string what, string shape, string field)
    {
        var (known, theirs, inactive) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await AnnouncedAsync("spb-zx", known, "区教委");
        await AnnouncedAsync("mj-cq", theirs, "民建单位");
        await AnnouncedAsync("spb-zx", inactive, "已撤销单位", active: false);
        var admin = await AdminAsync();
        var before = await CountAsync("SELECT count(*) FROM partner_clients");

        var response = shape switch
        {
            "none" => await RegisterAsync(admin, null, "review.handle"),
            "known+intake.read" => await RegisterAsync(admin, known, "review.handle", "intake.read"),
            "unknown" => await RegisterAsync(admin, Guid.NewGuid(), "review.handle"),
            "theirs" => await RegisterAsync(admin, theirs, "review.handle"),
            _ => await RegisterAsync(admin, inactive, "review.handle"),
        };

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {problem}");
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM partner_clients"));
    }

    [Theory]
    [InlineData("department-without-id")]
    [InlineData("id-without-role")]
    [InlineData("department-with-another-role")]
    public async Task A_bad_department_account_is_a_400(string shape)
    {
        var department = Guid.NewGuid();
        await AnnouncedAsync("spb-zx", department, "区城管局");
        var userName = $"d{Guid.NewGuid():N}"[..12];
        object body = shape switch
        {
            "department-without-id" => new { userName, displayName = "办件员", roles = new[] { "department" } },
            "id-without-role" => new { userName, displayName = "办件员", roles = new[] { "member" }, departmentId = department },
            _ => new { userName, displayName = "办件员", roles = new[] { "department", "staff-editor" }, departmentId = department },
        };

        await (await (await AdminAsync()).PostAsJsonAsync("/accounts", body)).ReadProblemAsync(400);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM accounts WHERE user_name = $1", userName));
    }

    [Fact]
    public async Task A_replayed_or_older_department_change_changes_nothing()
    {
        var department = Guid.NewGuid();
        var first = await AnnouncedAsync("spb-zx", department, "区民政局", version: 1);
        await AnnouncedAsync("spb-zx", department, "区民政局（已撤销）", active: false, version: 3);
        var replay = await _feeder.RedeliverAsync(first); // the same event id: the inbox drops it
        await _feeder.WaitConsumedAsync(replay, ConsumerGroup);
        await AnnouncedAsync("spb-zx", department, "区民政局（改名）", version: 2); // older, arriving late

        Assert.Equal(("区民政局（已撤销）", false, 3), (
            await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT name FROM known_departments WHERE department_id = $1", department),
            await TestDb.ScalarAsync<bool>(factory.ConnectionString, "SELECT active FROM known_departments WHERE department_id = $1", department),
            await TestDb.ScalarAsync<int>(factory.ConnectionString, "SELECT version FROM known_departments WHERE department_id = $1", department)));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM known_departments WHERE department_id = $1", department));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM inbox_messages WHERE consumer = 'identity' AND event_id = $1", first.Id));
        await (await RegisterAsync(await AdminAsync(), department, "review.handle")).ReadProblemAsync(400); // inactive now
    }
}
