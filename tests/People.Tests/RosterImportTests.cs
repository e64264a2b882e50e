using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.RosterTestFiles;

namespace SheqingMinyi.People.Tests;

/// <summary>人员名册导入: rows checked first, all-or-nothing by default, valid-rows and dry run on request, re-import idempotent.</summary>
public sealed class RosterImportTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static readonly string?[] Zhang = ["张明", "男", "沙坪坝委员组", "教育界", "经济委员会", "重庆大学教授", "13800138000", "委员、特邀信息员", "城市规划、交通"];
    private static readonly string?[] Li = ["李华", "女", "沙坪坝委员组", null, null, "社区主任", "13900139000", "委员", null];

    private async Task<(string Tenant, HttpClient Client, (Guid Group, Guid Sector, Guid Committee) Units)> TenantAsync()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        return (tenant, client, await UnitsAsync(client));
    }

    private Task<T> Scalar<T>(string sql, params object[] args) => TestDb.ScalarAsync<T>(factory.ConnectionString, sql, args);

    [Fact]
    public async Task A_good_xlsx_creates_the_persons_with_profile_kinds_and_memberships_and_announces_them()
    {
        var (tenant, client, units) = await TenantAsync();

        var report = await ImportOkAsync(client, Xlsx(Zhang, Li));

        Assert.Equal((2, 0, 0, 0), Counts(report));
        Assert.True(report.GetProperty("applied").GetBoolean());
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([2, 3], rows.Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(rows, r => Assert.Equal("created", r.GetProperty("outcome").GetString()));
        var zhang = rows[0].GetProperty("personId").GetGuid();

        Assert.Equal(units.Group, await Scalar<Guid>("SELECT unit_id FROM persons WHERE id = $1", zhang));
        Assert.Equal("男", await Scalar<string>("SELECT gender FROM persons WHERE id = $1", zhang));
        Assert.Equal("重庆大学教授", await Scalar<string>("SELECT title FROM persons WHERE id = $1", zhang));
        Assert.Equal(["城市规划", "交通"], await Scalar<string[]>("SELECT expertise_tags FROM persons WHERE id = $1", zhang));
        Assert.Equal(["member", "special-officer"], await Scalar<string[]>("SELECT kinds FROM persons WHERE id = $1", zhang));
        Assert.Equal(2, await Scalar<int>("SELECT version FROM persons WHERE id = $1", zhang)); // registered (1), then its profile set (2)
        // 张明: main unit, sector and committee; 李华: main unit only.
        var memberUnits = await Scalar<Guid[]>("SELECT array_agg(unit_id ORDER BY unit_id) FROM memberships WHERE person_id = $1 AND ends_on IS NULL AND role = '成员'", zhang);
        Assert.Equal(new[] { units.Group, units.Sector, units.Committee }.Order(), memberUnits);
        Assert.Equal(new TenantCounts(2, 4, 3 + 2 + 4), await CountsAsync(factory.ConnectionString, tenant)); // 3 units, 2 persons, 4 memberships announced
        Assert.Equal(2, await Scalar<long>("SELECT count(*) FROM outbox_messages WHERE tenant_id = $1 AND type = 'PersonRegistered'", tenant));
        Assert.Equal(1, await Scalar<long>("SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'roster-imported'", tenant));
    }

    [Fact]
    public async Task Each_bad_row_is_reported_with_its_line_column_and_reason_and_nothing_is_imported()
    {
        var (tenant, client, _) = await TenantAsync();
        var before = await CountsAsync(factory.ConnectionString, tenant);
        string?[] Row(string? name, string? gender = "男", string? unit = "沙坪坝委员组", string? sector = null, string? committee = null,
            string? phone = null, string? kinds = null) => [name, gender, unit, sector, committee, null, phone, kinds, null];

        var response = await ImportAsync(client, Xlsx(
            Row("张明", phone: "13800138000"),                    // 2: good
            Row(null),                                            // 3
            Row("王芳", phone: "1380013800"),                     // 4
            Row("刘飞", unit: "不存在的单位"),                      // 5
            Row("陈静", gender: "未知"),                           // 6
            Row("张明", phone: "138-0013-8000"),                   // 7: the same as line 2
            Row("赵强", sector: "科技界"),                          // 8
            Row("钱多", committee: "经济委员会、文史委员会"),            // 9: 经济委员会 exists, 文史委员会 not
            Row("孙丽", kinds: "志愿者"),                           // 10
            Row("周洋", unit: "教育界")));                          // 11: a sector is no 单位

        var problem = await response.ReadProblemAsync(422);
        Assert.Equal("roster-rows-invalid", problem.GetProperty("code").GetString());
        Assert.Equal("名册中有 9 行有误，未导入任何人员", problem.GetProperty("title").GetString());
        Assert.Equal([
            "3 姓名 姓名为空",
            "4 手机 手机号格式不正确: 1380013800",
            "5 单位 单位不存在: 不存在的单位",
            "6 性别 性别只能是男或女",
            "7 姓名 与第 2 行重复",
            "8 界别 界别不存在: 科技界",
            "9 专委会 专委会不存在: 文史委员会",
            "10 类别 类别不正确: 志愿者 (可填 委员、会员、盟员、特邀信息员、机关干部)",
            "11 单位 单位不存在: 教育界",
        ], RowErrors(problem));
        Assert.Equal(1, problem.GetProperty("valid").GetInt32());
        Assert.Equal(before, await CountsAsync(factory.ConnectionString, tenant));
    }

    [Fact]
    public async Task Valid_rows_mode_imports_the_good_rows_and_reports_the_bad()
    {
        var (tenant, client, _) = await TenantAsync();

        var report = await ImportOkAsync(client, Xlsx(Zhang, ["", "男", null, null, null, null, null, null, null], Li), "?mode=valid-rows");

        Assert.Equal((2, 0, 0, 1), Counts(report));
        var bad = report.GetProperty("rows")[1];
        Assert.Equal(3, bad.GetProperty("line").GetInt32());
        Assert.Equal("rejected", bad.GetProperty("outcome").GetString());
        Assert.Equal("姓名为空", bad.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(2, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_writes_nothing()
    {
        var (tenant, client, _) = await TenantAsync();
        var before = await CountsAsync(factory.ConnectionString, tenant);

        var report = await ImportOkAsync(client, Xlsx(Zhang, Li, [null, "女", null, null, null, null, null, null, null]), "?dryRun=true");

        Assert.Equal((2, 0, 0, 1), Counts(report));
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.False(report.GetProperty("applied").GetBoolean());
        Assert.Equal(before, await CountsAsync(factory.ConnectionString, tenant));
    }

    [Fact]
    public async Task Re_importing_the_same_file_creates_nothing_and_a_change_updates_through_the_domain()
    {
        var (tenant, client, units) = await TenantAsync();
        var file = Xlsx(Zhang, Li);
        await ImportOkAsync(client, file);
        var afterFirst = await CountsAsync(factory.ConnectionString, tenant);

        var again = await ImportOkAsync(client, file);

        Assert.Equal((0, 0, 2, 0), Counts(again));
        Assert.Equal(afterFirst, await CountsAsync(factory.ConnectionString, tenant));

        // 李华 moves into the sector and gets a new title; 张明 unchanged.
        string?[] li = [.. Li];
        li[3] = "教育界";
        li[5] = "街道办主任";
        var changed = await ImportOkAsync(client, Xlsx(Zhang, li));

        Assert.Equal((0, 1, 1, 0), Counts(changed));
        var liId = changed.GetProperty("rows")[1].GetProperty("personId").GetGuid();
        Assert.Equal("updated", changed.GetProperty("rows")[1].GetProperty("outcome").GetString());
        Assert.Equal("街道办主任", await Scalar<string>("SELECT title FROM persons WHERE id = $1", liId));
        Assert.Equal(2, await Scalar<long>("SELECT count(*) FROM memberships WHERE person_id = $1", liId));
        Assert.Equal(1, await Scalar<long>("SELECT count(*) FROM memberships WHERE person_id = $1 AND unit_id = $2", liId, units.Sector));
        Assert.Equal(afterFirst.Persons, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
    }

    [Fact]
    public async Task A_new_main_unit_or_kind_is_announced_as_PersonUpdated()
    {
        var (tenant, client, _) = await TenantAsync();
        await PeopleApi.CreateUnitAsync(client, "大学城报送点", "reporting-point");
        var created = await ImportOkAsync(client, Xlsx(Li));
        var id = created.GetProperty("rows")[0].GetProperty("personId").GetGuid();

        string?[] moved = [.. Li];
        moved[2] = "大学城报送点";
        Assert.Equal((0, 1, 0, 0), Counts(await ImportOkAsync(client, Xlsx(moved))));

        Assert.Equal(3, await Scalar<int>("SELECT version FROM persons WHERE id = $1", id));
        var updated = Assert.Single(await PeopleDb.OutboxAsync(factory.ConnectionString, "PersonUpdated", "personId", id));
        Assert.Equal(tenant, updated.TenantId);
        Assert.Equal(3, JsonDocument.Parse(updated.Payload).RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Without_a_phone_a_row_matches_by_name_and_unit()
    {
        var (tenant, client, _) = await TenantAsync();
        string?[] noPhone = ["王芳", "女", "沙坪坝委员组", null, null, "教师", null, "委员", null];
        await ImportOkAsync(client, Xlsx(noPhone));

        string?[] withPhone = [.. noPhone];
        withPhone[6] = "13700137000";
        var report = await ImportOkAsync(client, Xlsx(withPhone));

        Assert.Equal((0, 1, 0, 0), Counts(report));
        Assert.Equal(1, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
        Assert.Equal((0, 0, 1, 0), Counts(await ImportOkAsync(client, Xlsx(withPhone))));
    }

    [Fact]
    public async Task Two_persons_of_the_same_name_are_told_apart_by_phone()
    {
        var (tenant, client, _) = await TenantAsync();
        string?[] other = [.. Zhang];
        other[6] = "13600136000";

        Assert.Equal((2, 0, 0, 0), Counts(await ImportOkAsync(client, Xlsx(Zhang, other))));
        Assert.Equal((0, 0, 2, 0), Counts(await ImportOkAsync(client, Xlsx(other, Zhang))));
        Assert.Equal(2, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
    }

    [Fact]
    public async Task A_thousand_rows_import_in_one_request()
    {
        var (tenant, client, _) = await TenantAsync();
        var rows = Enumerable.Range(0, 1000).Select(i => new string?[]
            { $"委员{i:D4}", i % 2 == 0 ? "男" : "女", "沙坪坝委员组", "教育界", null, null, $"139{i:D8}", "委员", null }).ToArray();

        var report = await ImportOkAsync(client, CsvWithHeaders(Headers, rows));

        Assert.Equal((1000, 0, 0, 0), Counts(report));
        var counts = await CountsAsync(factory.ConnectionString, tenant);
        Assert.Equal((1000L, 2000L), (counts.Persons, counts.Memberships));
        Assert.Equal((0, 0, 1000, 0), Counts(await ImportOkAsync(client, CsvWithHeaders(Headers, rows))));
    }

    [Fact]
    public async Task An_Idempotency_Key_replays_the_first_answer()
    {
        var (tenant, client, _) = await TenantAsync();
        var file = Xlsx(Zhang);
        var key = Guid.NewGuid().ToString();

        var first = await ImportAsync(client, file, idempotencyKey: key);
        var second = await ImportAsync(client, file, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, (await CountsAsync(factory.ConnectionString, tenant)).Persons);
    }
}
