using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>采用阶梯: the adopt decision records the item's first level; each level is recorded and announced once.</summary>
public sealed class AdoptionLadderTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly ReviewKit _kit = new(factory);

    private static SubmissionSubmitted CoAuthored(out Guid lead, out Guid second)
    {
        var (l, s) = (Guid.NewGuid(), Guid.NewGuid());
        (lead, second) = (l, s);
        return ReviewKit.NewSubmission() with { AuthorPersonId = l, Authors = [new(l, 1, 0.5m), new(s, 2, 0.5m)] };
    }

    private async Task<CaseDto> AdoptedAsync(string tenant, SubmissionSubmitted submitted, string level = "own-body")
    {
        var opened = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, opened.Id, new { action = "pass" });
        return await _kit.DecideOkAsync(tenant, opened.Id, new { action = "adopt", adoptionLevel = level });
    }

    public async Task<AdoptionLadderDto> LadderAsync(string tenant, Guid submissionId)
    {
        var response = await _kit.Client(tenant).GetAsync($"/submissions/{submissionId}/adoptions");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(response.Headers.ETag);
        return (await response.Content.ReadFromJsonAsync<AdoptionLadderDto>(ReviewKit.Json))!;
    }

    /// <summary>Records a level straight through the ladder, as forwarding (R-C) does, in the tenant's own scope.</summary>
    private async Task<(bool Saved, string? Refused)> RecordAsync(string tenant, Guid caseId, AdoptionLevel level, Func<Task>? beforeSave = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var reviewCase = await db.Cases.FirstAsync(c => c.Id == caseId);
        var outcome = await AdoptionLadder.RecordAsync(db, reviewCase, level, AdoptionSource.Forwarded,
            new DateOnly(2026, 11, 30), DateTimeOffset.UtcNow, "parent-body-relay");
        if (outcome.Error is { } error) return (false, error.Code);
        if (beforeSave is not null) await beforeSave();
        try
        {
            await db.SaveChangesAsync();
            return (true, null);
        }
        catch (DbUpdateException e) when (AdoptionLadder.IsLevelTaken(e) || e is DbUpdateConcurrencyException)
        {
            return (false, "lost-race");
        }
    }

    [Fact]
    public async Task The_adopt_decision_records_own_body_with_the_case_shares_and_announces_them()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = CoAuthored(out var lead, out var second);

        var adopted = await AdoptedAsync(tenant, submitted);

        var ladder = await LadderAsync(tenant, submitted.SubmissionId);
        Assert.Equal(adopted.Id, ladder.CaseId);
        var rung = Assert.Single(ladder.Adoptions);
        Assert.Equal(("own-body", "decision"), (rung.Level, rung.Source));
        Assert.Equal([(lead, 0.5m), (second, 0.5m)], rung.Authors.Select(a => (a.PersonId, a.Share)));
        Assert.Equal(DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime), rung.AdoptedOn);
        var withLadder = await _kit.Client(tenant).GetFromJsonAsync<CaseWithLadderDto>($"/cases/{adopted.Id}", ReviewKit.Json);
        Assert.Equal(rung.Id, Assert.Single(withLadder!.Adoptions!).Id);

        var row = Assert.Single(await _kit.OutboxRowsAsync(submitted.SubmissionId));
        Assert.Equal("SubmissionAdopted", row.Type);
        Assert.Equal(("own-body", "decision", 3), (row.Payload.GetProperty("level").GetString(),
            row.Payload.GetProperty("source").GetString(), row.Payload.GetProperty("sequence").GetInt32()));
        Assert.Equal([lead, second], row.Payload.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("personId").GetGuid()));
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM adoptions WHERE tenant_id = $1", tenant));
    }

    [Fact]
    public async Task A_further_level_is_recorded_once_and_a_second_record_is_refused_with_nothing_changed()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var adopted = await AdoptedAsync(tenant, submitted);
        var etagBefore = await _kit.ETagAsync(tenant, adopted.Id);

        Assert.Equal((true, null), await RecordAsync(tenant, adopted.Id, AdoptionLevel.ParentBody));
        Assert.Equal((false, "already-adopted-at-level"), await RecordAsync(tenant, adopted.Id, AdoptionLevel.ParentBody));
        Assert.Equal((false, "already-adopted-at-level"), await RecordAsync(tenant, adopted.Id, AdoptionLevel.OwnBody));

        var ladder = await LadderAsync(tenant, submitted.SubmissionId);
        Assert.Equal([("own-body", "decision"), ("parent-body", "forwarded")], ladder.Adoptions.Select(a => (a.Level, a.Source)));
        Assert.Equal(new DateOnly(2026, 11, 30), ladder.Adoptions[1].AdoptedOn);
        // The case stays adopted; its ETag moved since it covers the ladder.
        Assert.Equal("adopted", (await _kit.GetCaseAsync(tenant, adopted.Id)).Status);
        Assert.NotEqual(etagBefore, await _kit.ETagAsync(tenant, adopted.Id));
        var rows = await _kit.OutboxRowsAsync(submitted.SubmissionId);
        Assert.Equal(["own-body", "parent-body"], rows.Select(r => r.Payload.GetProperty("level").GetString()));
        Assert.All(rows, r => Assert.Equal(3, r.Payload.GetProperty("sequence").GetInt32()));
        Assert.Equal("forwarded", rows[1].Payload.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Two_records_of_one_level_at_once_leave_one_record_and_one_event()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var adopted = await AdoptedAsync(tenant, submitted);
        // Both read the ladder empty before either saves.
        var bothChecked = new TaskCompletionSource();
        var checkedCount = 0;
        Task Barrier() { if (Interlocked.Increment(ref checkedCount) == 2) bothChecked.SetResult(); return bothChecked.Task; }

        var results = await Task.WhenAll(
            RecordAsync(tenant, adopted.Id, AdoptionLevel.National, Barrier),
            RecordAsync(tenant, adopted.Id, AdoptionLevel.National, Barrier));

        Assert.Equal(1, results.Count(r => r.Saved));
        Assert.Equal("lost-race", Assert.Single(results, r => !r.Saved).Refused);
        Assert.Equal(["own-body", "national"], (await LadderAsync(tenant, submitted.SubmissionId)).Adoptions.Select(a => a.Level));
        Assert.Equal(2, (await _kit.OutboxRowsAsync(submitted.SubmissionId)).Count);
    }

    [Fact]
    public async Task An_adopt_decision_at_a_level_recorded_before_is_refused_and_decides_nothing()
    {
        var tenant = ReviewKit.NewTenant();
        var submitted = ReviewKit.NewSubmission();
        var atFinal = await _kit.OpenCaseAsync(tenant, submitted);
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "pass" });
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "pass" });
        Assert.Equal((true, null), await RecordAsync(tenant, atFinal.Id, AdoptionLevel.ParentBody)); // the parent adopted it first

        var refused = await _kit.DecideAsync(tenant, atFinal.Id, new { action = "adopt", adoptionLevel = "parent-body" });

        Assert.Equal("already-adopted-at-level", (await refused.ReadProblemAsync(409)).GetProperty("code").GetString());
        var unchanged = await _kit.GetCaseAsync(tenant, atFinal.Id);
        Assert.Equal(("open", 2), (unchanged.Status, unchanged.Decisions.Count));
        // Adopting at its own level still works.
        await _kit.DecideOkAsync(tenant, atFinal.Id, new { action = "adopt", adoptionLevel = "own-body" });
        Assert.Equal(["own-body", "parent-body"], (await LadderAsync(tenant, submitted.SubmissionId)).Adoptions.Select(a => a.Level));
    }

    [Fact]
    public async Task The_ladder_of_an_unknown_item_is_404()
    {
        var response = await _kit.Client(ReviewKit.NewTenant()).GetAsync($"/submissions/{Guid.NewGuid()}/adoptions");
        await response.ReadProblemAsync(404);
    }
}
