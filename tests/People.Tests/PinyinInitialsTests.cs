using SheqingMinyi.People.Data.Sql;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>拼音首字母 from GB2312's order, the ID number's check digit and the masks, and the SQL back-fill agreeing with the code.</summary>
public sealed class PinyinInitialsTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    [Theory]
    [InlineData("张明", "zm")]
    [InlineData("李华", "lh")]
    [InlineData("王芳", "wf")]
    [InlineData("刘飞龙", "lfl")]
    [InlineData("陈静", "cj")]
    [InlineData("欧阳娜娜", "oynn")]
    [InlineData(" 阿不都·热合曼 ", "abdrhm")] // the separator dropped
    [InlineData("单雄信", "sxx")]            // a surname read differently (dān → shàn)
    [InlineData("简单", "jd")]               // … but only in first position
    [InlineData("Tom 李", "toml")]
    [InlineData("犇犇", "犇犇")]             // level 2 of GB2312: kept as is, never matches letters
    public void Initials_of_a_name(string name, string initials) => Assert.Equal(initials, PinyinInitials.Of(name));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("500103199001011232", true)]
    [InlineData("500103199001011233", false)] // check digit
    [InlineData("500103199013011232", false)] // month 13
    [InlineData("50010319900101123", false)]
    [InlineData("5001031990010112A2", false)]
    public void ID_numbers_follow_GB_11643(string idNumber, bool valid) => Assert.Equal(valid, PersonalData.IsIdNumber(idNumber));

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("1381234", "*******")]
    [InlineData(null, null)]
    public void Phones_are_masked(string? phone, string? masked) => Assert.Equal(masked, PersonalData.MaskPhone(phone));

    [Fact]
    public void ID_numbers_are_masked_but_for_region_and_last_four() =>
        Assert.Equal("5001**********1232", PersonalData.MaskIdNumber("500103199001011232"));

    [Fact]
    public async Task The_migrations_back_fill_gives_what_the_code_gives()
    {
        var tenant = Tenants.New();
        string[] names = ["张明", "欧阳娜娜", " 阿不都·热合曼 ", "单雄信", "简单", "Tom 李", "犇犇", "曾国藩", "😀王"];
        var ids = new List<Guid>();
        foreach (var name in names) ids.Add(await ProfileSeed.PersonAsync(factory, tenant, name));
        await TestDb.ScalarAsync<int>(factory.ConnectionString, "WITH u AS (UPDATE persons SET name_initials = '' WHERE tenant_id = $1 RETURNING 1) SELECT count(*)::int FROM u", tenant);

        await TestDb.ScalarAsync<int>(factory.ConnectionString,
            $"WITH u AS ({ProfileSql.BackfillNameInitials.TrimEnd().TrimEnd(';')} WHERE p.tenant_id = $1 RETURNING 1) SELECT count(*)::int FROM u", tenant);

        for (var i = 0; i < names.Length; i++)
            Assert.Equal(PinyinInitials.Of(names[i]),
                await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT name_initials FROM persons WHERE id = $1", ids[i]));
    }
}
