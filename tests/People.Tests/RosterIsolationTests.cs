using SheqingMinyi.Tests;
using static SheqingMinyi.People.Tests.RosterTestFiles;

namespace SheqingMinyi.People.Tests;

/// <summary>A roster import sees only its own tenant's units and persons; an export only its own tenant's persons.</summary>
public sealed class RosterIsolationTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static readonly string?[] Zhang = ["张明", "男", "沙坪坝委员组", "教育界", "经济委员会", "重庆大学教授", "13800138000", "委员", null];

    [Fact]
    public async Task Another_tenants_units_are_unknown_to_an_import()
    {
        var a = factory.ClientFor(Tenants.New());
        var tenantB = Tenants.New();
        var b = factory.ClientFor(tenantB);
        await UnitsAsync(a);

        var problem = await (await ImportAsync(b, Xlsx(Zhang))).ReadProblemAsync(422);

        Assert.Equal(["2 单位 单位不存在: 沙坪坝委员组", "2 界别 界别不存在: 教育界", "2 专委会 专委会不存在: 经济委员会"], RowErrors(problem));
        Assert.Equal(new TenantCounts(0, 0, 0), await CountsAsync(factory.ConnectionString, tenantB));
    }

    [Fact]
    public async Task An_import_never_matches_or_changes_another_tenants_person_and_exports_only_its_own()
    {
        var tenantA = Tenants.New();
        var tenantB = Tenants.New();
        var a = factory.ClientFor(tenantA);
        var b = factory.ClientFor(tenantB);
        await UnitsAsync(a);
        await UnitsAsync(b);
        var ofA = (await ImportOkAsync(a, Xlsx(Zhang))).GetProperty("rows")[0].GetProperty("personId").GetGuid();
        var countsOfA = await CountsAsync(factory.ConnectionString, tenantA);

        string?[] changed = [.. Zhang];
        changed[5] = "乙方职务";
        var report = await ImportOkAsync(b, Xlsx(changed));

        Assert.Equal((1, 0, 0, 0), Counts(report)); // a new person of B, not an update of A's
        Assert.NotEqual(ofA, report.GetProperty("rows")[0].GetProperty("personId").GetGuid());
        Assert.Equal("重庆大学教授", await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT title FROM persons WHERE id = $1", ofA));
        Assert.Equal(countsOfA, await CountsAsync(factory.ConnectionString, tenantA));
        var exportOfB = System.Text.Encoding.UTF8.GetString(await b.GetByteArrayAsync("/persons/export?format=csv"));
        Assert.Contains("乙方职务", exportOfB);
        Assert.DoesNotContain("重庆大学教授", exportOfB);
    }
}
