using System.Net;
using CsCheck;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.Tests;

/// <summary>
/// Over random histories (co-authored items submitted, adopted at one or two levels, answering a 约稿 or withdrawn,
/// arriving in any order, with rule changes of random numbers, caps, co-author modes and effective months in
/// between): each person's statement sums to their score on the board, and both equal the points computed afresh
/// from the history under the versions in force.
/// </summary>
public sealed class StatementPropertyTests(ScoringFactory factory) : IClassFixture<ScoringFactory>
{
    private readonly ScoringKit _kit = new(factory);

    public sealed record ItemSpec(int AuthorMask, int Month, int Day, int Adoptions, bool Solicited, bool Withdrawn);
    public sealed record ChangeSpec(int Position, int Month, int Submitted, int OwnBody, int Cap, bool Full, bool WithdrawnLoses);

    private static readonly Gen<ItemSpec> Items = Gen.Select(Gen.Select(Gen.Int[1, 7], Gen.Int[1, 11], Gen.Int[1, 28]), Gen.Select(Gen.Int[0, 3], Gen.Bool, Gen.Bool))
        .Select((a, b) => new ItemSpec(a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3));

    private static readonly Gen<ChangeSpec> Changes = Gen.Select(Gen.Select(Gen.Int[0, 30], Gen.Int[1, 12], Gen.Int[0, 3]), Gen.Select(Gen.Int[0, 9], Gen.Int[0, 2], Gen.Bool, Gen.Bool))
        .Select((a, b) => new ChangeSpec(a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3, b.Item4));

    [Fact]
    public Task A_statement_sums_to_the_board_score_and_to_a_fresh_computation() =>
        Gen.Select(Items.Array[1, 5], Changes.Array[0, 2], Gen.Int[0, int.MaxValue])
            .SampleAsync(async (items, changes, order) => await CheckAsync(items, changes, order), iter: 8, threads: 1);

    private async Task CheckAsync(ItemSpec[] items, ChangeSpec[] changes, int order)
    {
        var tenant = ScoringKit.NewTenant();
        Guid[] persons = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var history = items.Select((spec, i) => History.Of(spec, i, persons)).ToList();
        var events = history.SelectMany(h => h.Events).OrderBy(_ => 0).ToList();
        var random = new Random(order);
        events = [.. events.OrderBy(_ => random.Next())];

        var versions = new List<(DateTimeOffset From, ScoringRules Rules)> { (DateTimeOffset.MinValue, ScoringRules.Default) };
        var pending = changes.OrderBy(c => c.Position).ToList();
        for (var i = 0; i <= events.Count; i++)
        {
            foreach (var change in pending.Where(c => Math.Min(c.Position, events.Count) == i))
            {
                var rules = versions[^1].Rules with
                {
                    Submitted = change.Submitted, AdoptedOwnBody = change.OwnBody, SubmittedMonthlyCap = change.Cap == 0 ? null : change.Cap,
                    CoAuthorMode = change.Full ? ScoringRules.FullMode : ScoringRules.ShareMode, WithdrawnLosesSubmitted = change.WithdrawnLoses,
                };
                await _kit.ChangeRulesAsync(tenant, new
                {
                    effectiveFrom = $"2026-{change.Month:00}-01", submitted = change.Submitted, adoptedOwnBody = change.OwnBody,
                    submittedMonthlyCap = change.Cap, coAuthorMode = rules.CoAuthorMode, withdrawnLosesSubmitted = change.WithdrawnLoses,
                });
                versions.Add((ScoringKit.Beijing(2026, change.Month, 1, 0), rules));
            }
            if (i < events.Count) await _kit.FeedAsync(tenant, (dynamic)events[i]);
        }

        var expected = Expected(history, versions);
        foreach (var stranger in persons.Where(p => !history.Any(h => h.Authors.Contains(p))))
            Assert.Equal(HttpStatusCode.NotFound, (await _kit.Client(tenant).GetAsync($"/statements/persons/{stranger}?period=2026")).StatusCode);
        foreach (var person in persons.Where(p => history.Any(h => h.Authors.Contains(p))))
            foreach (var period in new[] { "2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4" })
            {
                var statement = await _kit.StatementAsync(tenant, "persons", person, period);
                Assert.Equal(statement.Total, statement.Entries.Sum(e => e.Points));
                Assert.Equal(statement.Total, await _kit.ScoreAsync(tenant, person, period));
                if (period == "2026") Assert.Equal(expected.GetValueOrDefault(person), statement.Total);
            }
    }

    private sealed record History(Guid Item, Guid[] Authors, DateTimeOffset SubmittedAt, DateTimeOffset[] AdoptedAt, bool Solicited, bool Withdrawn,
        List<object> Events)
    {
        public static History Of(ItemSpec spec, int index, Guid[] persons)
        {
            var item = Guid.NewGuid();
            var authors = persons.Where((_, i) => (spec.AuthorMask & (1 << i)) != 0).ToArray();
            var shares = authors.Select((a, i) => new AuthorShare(a, i + 1, 1m / authors.Length)).ToList();
            // Distinct instants for distinct items (the cap ranks by time).
            var at = ScoringKit.Beijing(2026, spec.Month, spec.Day, 8 + index);
            var unit = Guid.NewGuid();
            List<object> events = [new SubmissionSubmitted(item, "关于社区治理的建议", authors[0], unit, at, shares, [new UnitShare(unit, 1m)],
                SolicitationId: spec.Solicited ? Guid.NewGuid() : null)];
            var adopted = new List<DateTimeOffset>();
            if ((spec.Adoptions & 1) != 0) adopted.Add(at.AddDays(2));
            if ((spec.Adoptions & 2) != 0) adopted.Add(at.AddDays(5));
            foreach (var (when, level) in adopted.Zip(new[] { AdoptionLevel.OwnBody, AdoptionLevel.ParentBody }.Skip((spec.Adoptions & 1) != 0 ? 0 : 1)))
                events.Add(new SubmissionAdopted(item, Guid.NewGuid(), level, authors[0], unit, when, 3, shares, [new UnitShare(unit, 1m)]));
            if (spec.Withdrawn) events.Add(new SubmissionWithdrawn(item, authors, "撤回", at.AddDays(1), 2));
            return new History(item, authors, at, [.. adopted], spec.Solicited, spec.Withdrawn, events);
        }
    }

    /// <summary>The year's points per person computed from the history alone: the model the ledger must agree with.</summary>
    private static Dictionary<Guid, decimal> Expected(List<History> history, List<(DateTimeOffset From, ScoringRules Rules)> versions)
    {
        ScoringRules RulesAt(DateTimeOffset t) => versions.Last(v => v.From <= t).Rules;
        decimal Round(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);
        var totals = new Dictionary<Guid, decimal>();
        void Add(Guid person, ScoringRules rules, decimal number, decimal share) =>
            totals[person] = totals.GetValueOrDefault(person) + Round(number * (rules.CoAuthorMode == ScoringRules.FullMode ? 1 : share));

        var submitted = history.SelectMany(h => h.Authors.Select(a => (Person: a, h.SubmittedAt, Rules: RulesAt(h.SubmittedAt), h)))
            .Select(s => (s.Person, s.SubmittedAt, s.Rules, s.h, Lost: s.h.Withdrawn && s.Rules.WithdrawnLosesSubmitted))
            .ToList();
        foreach (var month in submitted.GroupBy(s => (s.Person, s.SubmittedAt.ToOffset(ScoringPeriod.BeijingOffset).Month)))
        {
            var rank = 0;
            foreach (var s in month.OrderBy(s => s.SubmittedAt))
            {
                var share = Math.Round(1m / s.h.Authors.Length, 6);
                if (s.Lost) { Add(s.Person, s.Rules, 0, share); continue; }
                rank++;
                Add(s.Person, s.Rules, s.Rules.SubmittedMonthlyCap is { } cap && rank > cap ? 0 : s.Rules.Submitted, share);
            }
        }
        foreach (var h in history)
        {
            var share = Math.Round(1m / h.Authors.Length, 6);
            var levels = h.AdoptedAt.Length == 2 ? new[] { AdoptionLevel.OwnBody, AdoptionLevel.ParentBody }
                : h.AdoptedAt.Length == 1 && h.AdoptedAt[0] == h.SubmittedAt.AddDays(2) ? [AdoptionLevel.OwnBody] : [AdoptionLevel.ParentBody];
            foreach (var author in h.Authors)
            {
                foreach (var (when, level) in h.AdoptedAt.Zip(levels))
                    Add(author, RulesAt(when), RulesAt(when).ForAdoption(level), share);
                if (h.Solicited && h.AdoptedAt.Length > 0)
                    Add(author, RulesAt(h.AdoptedAt.Min()), RulesAt(h.AdoptedAt.Min()).SolicitationBonus, share);
            }
        }
        return totals;
    }
}
