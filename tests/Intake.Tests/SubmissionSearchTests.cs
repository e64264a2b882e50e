using System.Text.Json;
using SheqingMinyi.Tests;
using static SheqingMinyi.Intake.Tests.SearchData;

namespace SheqingMinyi.Intake.Tests;

/// <summary>GET /submissions?q=: Chinese full-text search over title and body by character pairs.</summary>
public sealed class SubmissionSearchTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private static JsonElement Item(JsonElement page, Guid id) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);

    [Fact]
    public async Task A_chinese_phrase_finds_the_items_that_mention_it_and_not_the_others()
    {
        var client = factory.ClientFor(Tenants.New());
        var canteen = await SubmittedAsync(client, Canteen);
        var news = await DraftAsync(client, CanteenNews);
        var elevator = await SubmittedAsync(client, Elevator);
        var water = await DraftAsync(client, Water);

        var page = await ListAsync(client, "?q=老年食堂");

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(new HashSet<Guid> { canteen, news }, Ids(page).ToHashSet());
        Assert.DoesNotContain(elevator, Ids(page));
        Assert.DoesNotContain(water, Ids(page));
        // Words the parser would never split out of Chinese text: found as pairs all the same.
        Assert.Equal([elevator], Ids(await ListAsync(client, "?q=加装电梯")));
        Assert.Equal([water], Ids(await ListAsync(client, "?q=城乡供水一体化")));
        Assert.Empty(Ids(await ListAsync(client, "?q=老年电梯食堂供水")));
    }

    [Fact]
    public async Task Every_pair_of_the_query_must_occur_and_punctuation_or_spaces_split_it()
    {
        var client = factory.ClientFor(Tenants.New());
        var canteen = await DraftAsync(client, Canteen);
        var mealAid = await DraftAsync(client, MealAid);

        // 助餐 is only in the second; 老年 and 食堂 in both.
        Assert.Equal([mealAid], Ids(await ListAsync(client, "?q=老年 助餐")));
        Assert.Equal(new HashSet<Guid> { canteen, mealAid }, Ids(await ListAsync(client, "?q=老年，食堂")).ToHashSet());
        Assert.Equal([canteen], Ids(await ListAsync(client, "?q=“吃饭难”")));
    }

    [Fact]
    public async Task The_snippet_shows_the_first_hit_in_the_body_marked()
    {
        var client = factory.ClientFor(Tenants.New());
        var elevator = await DraftAsync(client, Elevator);

        var page = await ListAsync(client, "?q=居委会");
        var snippet = Item(page, elevator).GetProperty("snippet").GetString()!;

        Assert.Contains("【居委会】", snippet);
        Assert.Equal(1, snippet.Split('【').Length - 1);
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.True(snippet.Length <= 80, snippet);
        Assert.Contains("发挥社区和【居委会】作用", snippet);
        // Only a search's answer carries one.
        Assert.False(Item(await ListAsync(client, ""), elevator).TryGetProperty("snippet", out _));
    }

    [Fact]
    public async Task The_snippet_marks_the_first_of_several_hits_and_does_not_cut_a_short_text()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Draft(new("关于食堂的建议", "老年食堂要多开。食堂的菜要软一些。")));

        var snippet = Item(await ListAsync(client, "?q=食堂"), id).GetProperty("snippet").GetString()!;

        Assert.Equal("老年【食堂】要多开。食堂的菜要软一些。", snippet);
    }

    [Fact]
    public async Task Title_hits_rank_above_body_hits_and_equal_ranks_come_newest_first()
    {
        var client = factory.ClientFor(Tenants.New());
        var inBody = await Drafts.CreateIdAsync(client, Draft(new("关于社区服务的几点建议", "建议在每个街道办好一所老年食堂，方便老人就餐。")));
        var inTitle = await Drafts.CreateIdAsync(client, Draft(new("关于办好老年食堂的建议", "建议在每个街道办好一所助餐点，方便老人就餐。")));
        var inBodyNewer = await Drafts.CreateIdAsync(client, Draft(new("关于社区服务的几点建议", "建议在每个街道办好一所老年食堂，方便老人就餐。")));
        await DraftAsync(client, Elevator);

        var page = await ListAsync(client, "?q=老年食堂");

        Assert.Equal([inTitle, inBodyNewer, inBody], Ids(page));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        // Paged in the same order.
        Assert.Equal([inBodyNewer], Ids(await ListAsync(client, "?q=老年食堂&page=2&pageSize=1")));
    }

    [Fact]
    public async Task The_search_combines_with_the_filters()
    {
        var client = factory.ClientFor(Tenants.New());
        var submitted = await SubmittedAsync(client, Canteen);
        await DraftAsync(client, CanteenNews);

        var page = await ListAsync(client, "?q=老年食堂&status=submitted");

        Assert.Equal([submitted], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_single_character_is_searched_as_it_stands()
    {
        var client = factory.ClientFor(Tenants.New());
        var elevator = await DraftAsync(client, Elevator);
        await DraftAsync(client, Water);
        var titled = await Drafts.CreateIdAsync(client, Draft(new("电梯维保", "加强维保。")));

        var page = await ListAsync(client, "?q=梯");

        Assert.Equal([titled, elevator], Ids(page)); // both in the title: newest first
        Assert.Contains("【梯】", Item(page, elevator).GetProperty("snippet").GetString());
        Assert.Empty(Ids(await ListAsync(client, "?q=鑫")));
    }

    [Fact]
    public async Task Latin_letters_and_full_width_forms_are_matched_without_regard_to_case()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await Drafts.CreateIdAsync(client, Draft(new("关于加快5G基站建设的建议", "推进ＡＩ与政务服务融合。")));

        Assert.Equal([id], Ids(await ListAsync(client, "?q=5g基站")));
        Assert.Equal([id], Ids(await ListAsync(client, "?q=ai")));
        Assert.Equal([id], Ids(await ListAsync(client, "?q=５Ｇ")));
    }

    [Fact]
    public async Task An_edit_is_searchable_at_once_and_the_old_text_no_longer_found()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await DraftAsync(client, Elevator);

        var edited = await Drafts.PutAsync(client, id, new { title = Water.Title, body = Water.Body });
        Assert.True(edited.IsSuccessStatusCode);

        Assert.Equal([id], Ids(await ListAsync(client, "?q=饮水安全")));
        Assert.Empty(Ids(await ListAsync(client, "?q=加装电梯")));
    }

    [Fact]
    public async Task A_member_finds_only_their_own_items()
    {
        var tenant = Tenants.New();
        Guid self = Guid.NewGuid(), colleague = Guid.NewGuid();
        var mine = await Drafts.CreateIdAsync(factory.ClientFor(tenant, ["member"], self), Draft(Canteen, self));
        await Drafts.CreateIdAsync(factory.ClientFor(tenant, ["member"], colleague), Draft(CanteenEdited, colleague));

        var page = await ListAsync(factory.ClientFor(tenant, ["member"], self), "?q=老年食堂");

        Assert.Equal([mine], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }
}
