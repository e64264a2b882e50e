using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 反馈: every step of a writer's item lands in each co-author's inbox, in Chinese and in order, written with the step
/// itself; each person reads and marks only their own messages.
/// </summary>
public sealed class FeedbackInboxTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);
    private readonly HandlingKit _handling = new(factory);
    private readonly FeedbackKit _feedback = new(factory);

    private static SubmissionSubmitted ByTwo(Guid liu, Guid chen, string title = "关于社区老年食堂建设的建议") => ReviewKit.NewSubmission(title: title) with
    {
        AuthorPersonId = liu,
        Authors = [new AuthorShare(liu, 1, 0.5m), new AuthorShare(chen, 2, 0.5m)],
    };

    [Fact]
    public async Task Returned_resubmitted_passed_adopted_and_instructed_reach_both_co_authors_in_order_and_in_chinese()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, chen, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var submitted = ByTwo(liu, chen);
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", comment = "请补充食堂运营数据" });
        await _kit.SubmitAsync(tenant, submitted with { ContentVersion = 2 });
        await _kit.WaitForCaseAsync(tenant, submitted.SubmissionId, c => c.Status == "open");
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = "own-body" });
        var instructed = await ReviewKit.PostJsonAsync(_kit.Client(tenant), $"/submissions/{submitted.SubmissionId}/instructions", new
        {
            leaderTitle = "市委副书记", level = "municipal", nature = "肯定性", instructedOn = HandlingKit.Today, summary = "请市民政局研究吸纳。",
        });
        Assert.Equal(HttpStatusCode.Created, instructed.StatusCode);

        string[] expected = ["returned", "stage-passed", "stage-passed", "adopted", "instructed"];
        foreach (var author in new[] { liu, chen })
        {
            var inbox = await _feedback.InboxAsync(tenant, author);
            Assert.Equal(expected, inbox.Items.Select(m => m.Kind));
            Assert.Equal((5, 5), (inbox.Total, inbox.Unread));
            Assert.All(inbox.Items, m => Assert.Equal((submitted.SubmissionId, $"/api/intake/submissions/{submitted.SubmissionId}", false),
                (m.SubmissionId, m.Link, m.Read)));
            Assert.Equal("您的信息《关于社区老年食堂建设的建议》被退回修改。审核意见：请补充食堂运营数据", inbox.Items[0].Text);
            Assert.Equal(("信息通过初审", "您的信息《关于社区老年食堂建设的建议》已通过初审，进入复审。"), (inbox.Items[1].Title, inbox.Items[1].Text));
            Assert.Equal("信息获本级采用", inbox.Items[3].Title);
            Assert.StartsWith("您的信息《关于社区老年食堂建设的建议》已获本级采用", inbox.Items[3].Text);
            Assert.Contains("市委副书记市级领导批示", inbox.Items[4].Text);
            Assert.Contains("请市民政局研究吸纳。", inbox.Items[4].Text);
        }
        Assert.Equal(0, (await _feedback.InboxAsync(tenant, other)).Total);
        // Written with the steps: one row per author and event, nothing else.
        Assert.Equal(10, await _feedback.RowsAsync("SELECT count(*) FROM feedback_messages WHERE submission_id = $1", submitted.SubmissionId));
    }

    [Fact]
    public async Task The_handling_loop_reaches_every_co_author_assigned_accepted_replied_reopened_replied_rated()
    {
        var tenant = ReviewKit.NewTenant();
        var (lead, co) = (await _handling.DepartmentAsync(tenant, "区民政局"), await _handling.DepartmentAsync(tenant, "区卫生健康委"));
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        var adopted = await _handling.AdoptedAsync(tenant, liu, chen);
        var handling = await _handling.AssignAsync(tenant, adopted.SubmissionId, lead.Id, [co.Id]);
        var department = _handling.DepartmentClient(tenant, lead.Id);
        await HandlingKit.RepliedAsync(department, handling.Id, "B");
        await HandlingKit.StepOkAsync(_handling.Writer(tenant, chen), handling.Id, "rating", new { rating = "dissatisfied", comment = "进度太慢" });
        await HandlingKit.StepOkAsync(department, handling.Id, "reply", new { category = "A", text = "食堂已建成开放。" });
        await HandlingKit.StepOkAsync(_handling.Writer(tenant, liu), handling.Id, "rating", new { rating = "satisfied" });

        foreach (var author in new[] { liu, chen })
        {
            var inbox = await _feedback.InboxAsync(tenant, author);
            Assert.Equal(["stage-passed", "stage-passed", "adopted", "assigned", "handling-accepted", "replied", "reopened", "replied", "rated"],
                inbox.Items.Select(m => m.Kind));
            var loop = inbox.Items.Skip(3).ToList();
            Assert.All(loop, m => Assert.Equal(("handling", handling.Id, $"/api/review/handlings/{handling.Id}"), (m.ItemType, m.ItemId, m.Link)));
            Assert.Contains("主办 区民政局，协办 区卫生健康委", loop[0].Text);
            Assert.Contains("（B类 正在解决）", loop[2].Text);
            Assert.Contains("“不满意”", loop[3].Text);
            Assert.Contains("第2轮", loop[3].Text);
            Assert.Contains("第2轮答复（A类 已解决）", loop[4].Text);
            Assert.Contains("“满意”，该件已办结", loop[5].Text);
        }
    }

    [Fact]
    public async Task Marking_read_is_idempotent_and_only_for_the_owner_and_the_filters_and_counts_follow()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.CaseAtFinalStageAsync(tenant, ByTwo(liu, chen));
        var inbox = await _feedback.InboxAsync(tenant, liu, "");
        Assert.Equal((2, 2), (inbox.Total, inbox.Unread));
        Assert.Equal("复审", inbox.Items[0].Title[^2..]); // newest first by default
        var first = inbox.Items[1];

        var client = _feedback.Person(tenant, liu);
        var read = await FeedbackKit.PostAsync(client, $"/feedback/inbox/{first.Id}/read");
        var again = await FeedbackKit.PostAsync(client, $"/feedback/inbox/{first.Id}/read");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (read.StatusCode, again.StatusCode));
        var (one, two) = ((await read.Content.ReadFromJsonAsync<FeedbackMessageDto>(ReviewKit.Json))!, (await again.Content.ReadFromJsonAsync<FeedbackMessageDto>(ReviewKit.Json))!);
        Assert.True(one.Read);
        Assert.Equal(one.ReadAt, two.ReadAt); // the first time is kept

        // 陈静 cannot mark 刘飞龙's message: it does not exist for her.
        await (await FeedbackKit.PostAsync(_feedback.Person(tenant, chen), $"/feedback/inbox/{first.Id}/read")).ReadProblemAsync(404);
        Assert.Equal(2, (await _feedback.InboxAsync(tenant, chen, "unread=true")).Unread);

        Assert.Equal([first.Id], (await _feedback.InboxAsync(tenant, liu, "unread=false")).Items.Select(m => m.Id));
        Assert.Equal(1, (await _feedback.InboxAsync(tenant, liu, "unread=true")).Total);
        Assert.Equal(1, (await client.GetFromJsonAsync<UnreadDto>("/feedback/inbox/unread-count", ReviewKit.Json))!.Unread);

        var all = await (await FeedbackKit.PostAsync(client, "/feedback/inbox/read-all")).Content.ReadFromJsonAsync<ReadAllDto>(ReviewKit.Json);
        var allAgain = await (await FeedbackKit.PostAsync(client, "/feedback/inbox/read-all")).Content.ReadFromJsonAsync<ReadAllDto>(ReviewKit.Json);
        Assert.Equal((1, 0), (all!.Marked, allAgain!.Marked));
        Assert.Equal(0, (await client.GetFromJsonAsync<UnreadDto>("/feedback/inbox/unread-count", ReviewKit.Json))!.Unread);
        Assert.Equal(2, (await _feedback.InboxAsync(tenant, chen, "unread=true")).Total); // hers untouched
    }

    [Fact]
    public async Task A_step_that_fails_writes_no_message()
    {
        var tenant = ReviewKit.NewTenant();
        var (liu, chen) = (Guid.NewGuid(), Guid.NewGuid());
        var opened = await _kit.OpenCaseAsync(tenant, ByTwo(liu, chen));
        // A stale If-Match: the decision is refused, so nothing is told.
        var stale = await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" }, "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var missingComment = await _kit.DecideAsync(tenant, opened.Id, new { action = "return" });
        Assert.Equal(HttpStatusCode.Conflict, missingComment.StatusCode); // comment-required

        Assert.Equal(0, (await _feedback.InboxAsync(tenant, liu)).Total);
        Assert.Equal(0, await _feedback.RowsAsync("SELECT count(*) FROM feedback_messages WHERE submission_id = $1", opened.SubmissionId));
    }

    [Theory]
    [InlineData("unread=maybe")]
    [InlineData("order=sideways")]
    [InlineData("pageSize=0")]
    public async Task Bad_inbox_queries_are_400_problems(string query)
    {
        var response = await _feedback.Person(ReviewKit.NewTenant(), Guid.NewGuid()).GetAsync($"/feedback/inbox?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Partners_and_departments_have_no_inbox_and_an_unknown_message_is_404()
    {
        var tenant = ReviewKit.NewTenant();
        var partner = factory.ClientFor(tenant, [PlatformRoles.Partner], scopes: [PlatformScopes.ReviewRead]);
        await (await partner.GetAsync("/feedback/inbox")).ReadProblemAsync(403);
        var department = _handling.DepartmentPerson(tenant, Guid.NewGuid());
        await (await department.GetAsync("/feedback/inbox")).ReadProblemAsync(403);
        await (await FeedbackKit.PostAsync(_feedback.Person(tenant, Guid.NewGuid()), $"/feedback/inbox/{Guid.NewGuid()}/read")).ReadProblemAsync(404);
    }

    public sealed record UnreadDto(int Unread);

    public sealed record ReadAllDto(int Marked, int Unread);
}
