using System.Net.Http.Json;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>Events become ledger entries under the rules, once per reason and item, whatever the transport repeats.</summary>
public sealed class LedgerTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    [Fact]
    public async Task Submitted_then_adopted_at_own_body_writes_two_entries_worth_1_and_5_with_the_envelope_trace_ids()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());

        var submitted = await _kit.SubmittedAsync(tenant, author, submissionId);
        var adopted = await _kit.AdoptedAsync(tenant, author, submissionId);
        var ledger = await _kit.WaitForLedgerAsync(tenant, author, 2);

        Assert.Equal(2, ledger.Total);
        var bySubmit = Assert.Single(ledger.Items, e => e.Reason == "submitted");
        var byAdopt = Assert.Single(ledger.Items, e => e.Reason == "adopted-own-body");
        Assert.Equal((1m, submissionId, 1, submitted.TraceId), (bySubmit.Points, bySubmit.SourceId, bySubmit.RuleVersion, bySubmit.TraceId));
        Assert.Equal((5m, submissionId, 1, adopted.TraceId), (byAdopt.Points, byAdopt.SourceId, byAdopt.RuleVersion, byAdopt.TraceId));
        Assert.All(ledger.Items, e => Assert.Equal(ScoringKit.November2026, e.OccurredAt));
        Assert.Equal(6m, ledger.Items.Sum(e => e.Points));
    }

    [Fact]
    public async Task An_event_stamped_with_a_Beijing_offset_is_scored_like_the_same_instant_in_UTC()
    {
        // "2026-11-15T10:00:00+08:00" is a valid instant; today Npgsql refuses to write a non-UTC DateTimeOffset,
        // so the event fails every attempt and is dead-lettered: the points are lost (see the report).
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();
        var inBeijing = new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.FromHours(8));

        var fed = await _kit.SubmittedAsync(tenant, author, Guid.NewGuid(), inBeijing);
        await _kit.Feeder.WaitConsumedAsync(fed, ScoringKit.ConsumerGroup); // acked once applied or dead-lettered

        Assert.Equal(0, (await _kit.Client(tenant).GetFromJsonAsync<System.Text.Json.JsonElement>("/admin/dead-letters")).GetProperty("total").GetInt32());
        var entry = Assert.Single((await _kit.LedgerAsync(tenant, author)).Items);
        Assert.Equal(inBeijing, entry.OccurredAt);
        Assert.Equal(1m, (await _kit.BoardAsync(tenant, "2026-11")).Of(author)?.Points);
    }

    [Theory]
    [InlineData(AdoptionLevel.ParentBody, "adopted-parent-body", 10)]
    [InlineData(AdoptionLevel.National, "adopted-national", 20)]
    [InlineData(AdoptionLevel.PartyCentre, "adopted-party-centre", 20)]
    public async Task Adoption_at_a_higher_level_earns_that_level_points(AdoptionLevel level, string reason, int points)
    {
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();

        await _kit.AdoptedAsync(tenant, author, Guid.NewGuid(), level);
        var entry = Assert.Single((await _kit.WaitForLedgerAsync(tenant, author, 1)).Items);

        Assert.Equal((reason, (decimal)points), (entry.Reason, entry.Points));
    }

    [Fact]
    public async Task The_same_envelope_delivered_twice_counts_once()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());
        await _kit.SubmittedAsync(tenant, author, submissionId);
        var adopted = await _kit.AdoptedAsync(tenant, author, submissionId);
        await _kit.WaitForLedgerAsync(tenant, author, 2);

        var again = await _kit.Feeder.RedeliverAsync(adopted);
        await _kit.Feeder.WaitConsumedAsync(again, ScoringKit.ConsumerGroup);

        var ledger = await _kit.LedgerAsync(tenant, author);
        Assert.Equal(2, ledger.Total);
        Assert.Equal(6m, ledger.Items.Sum(e => e.Points));
        Assert.Equal(6m, (await _kit.BoardAsync(tenant, "2026")).Of(author)?.Points);
    }

    [Fact]
    public async Task A_resubmission_of_the_same_submission_earns_no_extra_point()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, submissionId) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await _kit.SubmittedAsync(tenant, author, submissionId);
        await _kit.WaitForLedgerAsync(tenant, author, 1);

        var resubmitted = await _kit.SubmittedAsync(tenant, author, submissionId, ScoringKit.November2026.AddDays(3));
        await _kit.Feeder.WaitConsumedAsync(resubmitted, ScoringKit.ConsumerGroup);

        Assert.NotEqual(first.Id, resubmitted.Id);
        var entry = Assert.Single((await _kit.LedgerAsync(tenant, author)).Items);
        Assert.Equal((1m, first.TraceId), (entry.Points, entry.TraceId)); // the first submission's entry stands
    }

    [Fact]
    public async Task Two_submissions_of_one_author_earn_a_point_each()
    {
        var tenant = ScoringKit.NewTenant();
        var author = Guid.NewGuid();
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid());
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid());

        var ledger = await _kit.WaitForLedgerAsync(tenant, author, 2);

        Assert.Equal(2m, ledger.Items.Sum(e => e.Points));
        Assert.Equal(2, ledger.Items.Select(e => e.SourceId).Distinct().Count());
    }

    [Fact]
    public async Task The_ledger_can_be_filtered_by_source()
    {
        var tenant = ScoringKit.NewTenant();
        var (author, submissionId) = await _kit.SubmittedAndAdoptedAsync(tenant);
        await _kit.SubmittedAsync(tenant, author, Guid.NewGuid());
        await _kit.WaitForLedgerAsync(tenant, author, 3);

        var response = await _kit.Client(tenant).GetAsync($"/ledger?sourceId={submissionId}");
        var page = await response.Content.ReadFromJsonAsync<PageDto<LedgerEntryDto>>(ScoringKit.Json);

        Assert.Equal(["adopted-own-body", "submitted"], page!.Items.Select(e => e.Reason).Order());
    }
}
