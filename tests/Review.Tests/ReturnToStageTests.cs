using System.Net;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>
/// 退回: a return with <c>toStage</c> sends the case back to an earlier stage (open, CaseReturnedToStage); without it
/// the item goes back to its writer (SubmissionReturned). Every review event carries the authors' and units' shares.
/// </summary>
public sealed class ReturnToStageTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private static SubmissionSubmitted CoAuthored(out Guid lead, out Guid co, out Guid unit)
    {
        (lead, co, unit) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        return ReviewKit.NewSubmission() with
        {
            AuthorPersonId = lead, UnitId = unit,
            Authors = [new AuthorShare(lead, 1, 0.6m), new AuthorShare(co, 2, 0.4m)], Units = [new UnitShare(unit, 1m)],
        };
    }

    [Fact]
    public async Task A_return_to_an_earlier_stage_keeps_the_case_open_there()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = CoAuthored(out var lead, out var co, out _);
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });

        var back = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", toStage = "初审", comment = "事实需核实" });

        Assert.Equal(("open", "初审", 1), (back.Status, back.Stage, back.Round));
        Assert.Equal(["初审:pass", "复审:pass", "审定:return"], back.Decisions.Select(d => $"{d.Stage}:{d.Action}"));
        Assert.Empty(await _kit.OutboxRowsAsync(opened.SubmissionId)); // nothing for the writer
        var rows = await _kit.AllOutboxRowsAsync(opened.SubmissionId);
        Assert.Equal(["CaseStagePassed", "CaseStagePassed", "CaseReturnedToStage"], rows.Select(r => r.Type));
        var returned = rows[2].Payload;
        Assert.Equal(("审定", "初审", "事实需核实", 3), (returned.GetProperty("fromStage").GetString(), returned.GetProperty("toStage").GetString(),
            returned.GetProperty("comment").GetString(), returned.GetProperty("sequence").GetInt32()));
        Assert.Equal([lead, co], returned.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()));
        var passed = rows[0].Payload;
        Assert.Equal(("初审", "复审", 1), (passed.GetProperty("stage").GetString(), passed.GetProperty("nextStage").GetString(), passed.GetProperty("sequence").GetInt32()));
        Assert.Equal([0.6m, 0.4m], passed.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("share").GetDecimal()));
        Assert.Single(passed.GetProperty("units").EnumerateArray());

        // It goes through again from there.
        var again = await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        Assert.Equal("复审", again.Stage);
    }

    [Fact]
    public async Task A_returned_stage_checks_its_five_again()
    {
        var tenant = ReviewKit.NewTenant();
        await WorkflowKit.SetAsync(factory, tenant, new { name = "初审", role = "staff-editor" }, new { name = "审定", role = "leader" });
        var opened = await _kit.OpenCaseAsync(tenant);
        var etag = await _kit.ETagAsync(tenant, opened.Id);
        Assert.Equal(HttpStatusCode.OK, (await WorkflowKit.SendAsync(_kit.Client(tenant), HttpMethod.Put, $"/cases/{opened.Id}/checklist", ChecklistTests.AllPassed, etag)).StatusCode);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "return", toStage = "初审", comment = "请重新把关" });

        var refused = await (await _kit.DecideAsync(tenant, opened.Id, new { action = "pass" })).ReadProblemAsync(409);

        Assert.Equal("checklist-incomplete", refused.GetProperty("code").GetString());
        Assert.False(Assert.Single((await _kit.GetCaseAsync(tenant, opened.Id)).Checklists!).Complete);
    }

    [Theory]
    [InlineData("""{"action":"return","toStage":"审定","comment":"x"}""")]   // the current stage
    [InlineData("""{"action":"return","toStage":"终审","comment":"x"}""")]   // no such stage
    [InlineData("""{"action":"pass","toStage":"初审"}""")]                  // only a return goes back
    public async Task A_bad_target_stage_is_a_400_on_toStage(string json)
    {
        var tenant = ReviewKit.NewTenant();
        var atFinal = await _kit.CaseAtFinalStageAsync(tenant);

        var problem = await (await _kit.DecideRawAsync(tenant, atFinal.Id, json)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("toStage", out _), problem.ToString());
        Assert.Equal(2, await _kit.DecisionCountAsync(atFinal.Id));
        Assert.Equal("审定", (await _kit.GetCaseAsync(tenant, atFinal.Id)).Stage);
    }

    [Fact]
    public async Task Returning_to_the_writer_and_rejecting_carry_the_shares()
    {
        var tenant = ReviewKit.NewTenant();
        var first = await _kit.OpenCaseAsync(tenant, CoAuthored(out var lead, out var co, out var unit));
        var second = await _kit.OpenCaseAsync(tenant, CoAuthored(out var lead2, out _, out _));

        var returned = await _kit.DecideOkAsync(tenant, first.Id, new { action = "return", comment = "请补充数据" });
        await _kit.DecideOkAsync(tenant, second.Id, new { action = "reject", comment = "不予采用" });

        Assert.Equal("returned", returned.Status);
        var toWriter = Assert.Single(await _kit.OutboxRowsAsync(first.SubmissionId));
        Assert.Equal("SubmissionReturned", toWriter.Type);
        Assert.Equal([lead, co], toWriter.Payload.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()));
        Assert.Equal(unit, Assert.Single(toWriter.Payload.GetProperty("units").EnumerateArray()).GetProperty("unitId").GetGuid());
        var rejected = Assert.Single(await _kit.OutboxRowsAsync(second.SubmissionId));
        Assert.Equal("SubmissionRejected", rejected.Type);
        Assert.Equal(lead2, rejected.Payload.GetProperty("authors")[0].GetProperty("personId").GetGuid());
    }
}
