using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Chinese reports for the search and similarity tests, and helpers to file them.</summary>
internal static class SearchData
{
    public sealed record Text(string Title, string Body);

    /// <summary>社区老年食堂 (the original).</summary>
    public static readonly Text Canteen = new("关于加强社区老年食堂建设的建议",
        "近年来，我区老龄化程度不断加深，60岁以上户籍老年人口已超过12万人，其中独居、空巢老人占比较高。社区老年食堂作为居家养老服务的重要内容，有效解决了部分老人“吃饭难”问题。但在调研中发现，老年食堂建设还存在以下问题：一是布局不均衡，老城区老年食堂较少，新建小区几乎空白；二是运营成本高，部分食堂依靠财政补贴维持，可持续性差；三是菜品单一，难以满足老人多样化的饮食需求。为此建议：一、科学规划布局，将老年食堂纳入社区公共服务设施配套标准；二、引入社会力量参与运营，探索“政府补贴+企业运营+志愿服务”模式；三、丰富菜品供给，提供送餐上门服务，满足行动不便老人的需求。");

    /// <summary>The same report lightly edited by someone else: a near-duplicate of <see cref="Canteen"/>.</summary>
    public static readonly Text CanteenEdited = new("关于加强社区老年食堂建设的建议",
        "近年来，我区人口老龄化程度持续加深，60岁以上户籍老年人口已超过12万人，其中独居、空巢老人比例较高。社区老年食堂是居家养老服务的重要内容，有效解决了一部分老人“吃饭难”的问题。但调研发现，老年食堂建设仍存在以下问题：一是布局不均衡，老城区老年食堂偏少，新建小区几乎空白；二是运营成本较高，部分食堂靠财政补贴维持，可持续性较差；三是菜品单一，难以满足老人多样化饮食需求。建议：一、科学规划布局，把老年食堂纳入社区公共服务设施配套标准；二、引入社会力量参与运营，探索“政府补贴+企业运营+志愿服务”的模式；三、丰富菜品，提供送餐上门服务。");

    /// <summary>The same topic written independently: not a duplicate.</summary>
    public static readonly Text MealAid = new("推动老年助餐服务提质增效的建议",
        "老年助餐是老年人最关心、最直接、最现实的民生问题之一。目前全区已建成社区老年食堂和助餐点86个，日均服务老人约5000人次。但从运行情况看，助餐服务覆盖面仍然不足，农村地区助餐点严重缺乏；助餐点普遍存在“叫好不叫座”现象，就餐人数少、亏损严重；服务监管机制不健全，食品安全存在隐患。建议加大对农村助餐服务的投入，推广中央厨房集中配送模式，降低运营成本；建立助餐补贴与服务质量挂钩机制；由市场监管部门加强对助餐点的食品安全检查。");

    public static readonly Text Elevator = new("关于老旧小区加装电梯的建议",
        "我区老旧小区数量多，多数建于上世纪八九十年代，没有电梯，高层住户特别是老年人上下楼十分困难。加装电梯是老旧小区改造的重要内容，群众呼声强烈。但在推进中存在业主意见难统一、资金筹措难、审批流程复杂等问题。建议：一是完善协商机制，发挥社区和居委会作用，引导低层住户和高层住户达成共识；二是拓宽资金渠道，允许提取住房公积金用于加装电梯，给予财政补贴；三是简化审批流程，实行并联审批，缩短办理时间。");

    public static readonly Text Tutoring = new("关于规范校外培训机构管理的建议",
        "“双减”政策实施以来，我区校外培训机构数量明显减少，但仍有部分机构以“家政服务”“托管服务”等名义违规开展学科类培训，隐蔽性强，查处难度大。同时，非学科类培训机构收费不规范，预收费风险较高，家长投诉较多。建议：一是建立教育、市场监管、公安等部门联合执法机制，加大对隐形变异培训的查处力度；二是加强预收费资金监管，推行第三方存管；三是完善非学科类培训机构的准入标准和日常监管。");

    public static readonly Text Water = new("关于保障农村饮水安全的建议",
        "农村饮水安全关系到农民群众的身体健康。目前我区部分偏远农村仍依靠分散式供水，水源保护不到位，水质检测频次低，遇到干旱季节供水不稳定。建议：一是加快推进城乡供水一体化，将城市管网向农村延伸；二是加强水源地保护，定期开展水质检测并向群众公开结果；三是建立农村供水工程长效管护机制，落实管护责任和经费。");

    /// <summary>A news item that mentions 老年食堂 in its title and body.</summary>
    public static readonly Text CanteenNews = new("区政协召开老年食堂建设情况专题协商会",
        "11月20日，区政协召开专题协商会，围绕社区老年食堂建设情况开展协商议政。会上，区民政局通报了全区老年食堂建设运营情况，部分政协委员和群众代表作了发言。大家认为，老年食堂建设取得了积极成效，但在布局、运营、监管等方面还需进一步完善。");

    public static Dictionary<string, object?> Draft(Text text, Guid? author = null, Guid? unit = null) => new()
    {
        ["title"] = text.Title,
        ["body"] = text.Body,
        ["authorPersonId"] = author ?? Guid.NewGuid(),
        ["unitId"] = unit ?? Guid.NewGuid(),
    };

    public static Task<Guid> DraftAsync(HttpClient client, Text text) => Drafts.CreateIdAsync(client, Draft(text));

    public static async Task<Guid> SubmittedAsync(HttpClient client, Text text)
    {
        var id = await DraftAsync(client, text);
        await Drafts.SubmitAsync(client, id);
        return id;
    }

    public static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"{Drafts.Path}{query}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    /// <summary>
    /// GET /similar once the matches of the item's current text are computed (a moment after its submit or polish, by
    /// intake's consumer of its own events); at once for an item never submitted, which has none.
    /// </summary>
    public static async Task<JsonElement> SimilarAsync(HttpClient client, Guid id)
    {
        var item = await client.GetAsync($"{Drafts.Path}/{id}");
        if (!item.IsSuccessStatusCode) return await ReadSimilarAsync(client, id);
        var view = await item.Content.ReadFromJsonAsync<JsonElement>();
        if (!view.TryGetProperty("submittedAt", out var at) || at.ValueKind != JsonValueKind.String) return await ReadSimilarAsync(client, id);
        var submittedAt = at.GetDateTimeOffset();
        var version = view.GetProperty("contentVersion").GetInt32();
        return await Eventually.GetAsync(() => ReadSimilarAsync(client, id), s => Computed(s, version, submittedAt),
            what: $"near-duplicates of {id} computed for version {version}");
    }

    /// <summary>The answer of GET /similar counts as computed for this text once its scan names the version and is not older than the submit.</summary>
    public static bool Computed(JsonElement similar, int version, DateTimeOffset since) =>
        similar.TryGetProperty("contentVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == version
        && similar.TryGetProperty("computedAt", out var c) && c.GetDateTimeOffset() >= since;

    public static async Task<JsonElement> ReadSimilarAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Drafts.Path}/{id}/similar");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Runs one statement on the fixture's database as its owner (to set what the API does not let a test choose).</summary>
    public static Task<int> ExecuteAsync(IntakeFactory factory, string sql, params object[] parameters) =>
        TestDb.ScalarAsync<int>(factory.ConnectionString, $"WITH x AS ({sql} RETURNING 1) SELECT count(*)::int FROM x", parameters);
}
