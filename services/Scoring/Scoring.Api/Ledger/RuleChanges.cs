using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;

namespace SheqingMinyi.Scoring.Ledger;

/// <summary>What a rule change did: the new version, the correcting entries it appended, the boards it switched.</summary>
public sealed record RuleChangeResult(RuleSetVersion Version, int Corrections, IReadOnlyList<string> Periods);

/// <summary>
/// A tenant's new rule version and its recompute, atomically. In one transaction under the tenant's settlement lock:
/// the version is added, every fact from the month it takes effect is priced again and the differences appended
/// (<see cref="LedgerSettlement"/>), a <see cref="PendingBoardSwitch"/> marker names the periods whose boards must
/// follow, and those boards start taking applies on their next copies only. After the commit
/// <see cref="BoardSwitches"/> fills the next boards from the ledger and replaces the live ones in one Redis step: a
/// reader sees the old totals (before the switch) or the new (after), never some persons re-priced and others not. A
/// process that dies between the commit and the switch leaves the marker, and the reconciler finishes the switch.
/// </summary>
public sealed class RuleChanges(ScoringDbContext db, LeaderboardStore boards, BoardSwitches switches, TimeProvider clock)
{
    public const string AuditAction = "scoring-rules-changed";

    /// <summary>The tenant's newest version; version 1 (the default table) when it never set one.</summary>
    public Task<RuleSetVersion?> CurrentAsync(CancellationToken ct) =>
        db.RuleSets.AsNoTracking().OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>The reasons the new rules, in force from <paramref name="from"/>, price differently from a version that
    /// was in force on some day from then on (the defaults as version 1 when the tenant never stored it): only their
    /// facts can move. A version's days run until a higher version's day begins, as the settlement reads them.</summary>
    private async Task<IReadOnlySet<string>> RepricedReasonsAsync(int newVersion, ScoringRules rules, DateTimeOffset from, CancellationToken ct)
    {
        var versions = (await db.RuleSets.AsNoTracking().Where(r => r.Version < newVersion).ToListAsync(ct))
            .Select(r => (r.Version, From: r.EffectiveFrom, Rules: r.ToRules())).ToList();
        if (!versions.Any(v => v.Version == ScoringRules.DefaultVersion))
            versions.Add((ScoringRules.DefaultVersion, DateTimeOffset.MinValue, ScoringRules.Default));
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            var until = versions.Where(w => w.Version > v.Version).Select(w => w.From).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (until > from && v.From < until) reasons.UnionWith(rules.RepricedReasons(v.Rules));
        }
        return reasons;
    }

    /// <summary>Adds version N+1 if <paramref name="holds"/> accepts N (the caller's If-Match) and switches the boards;
    /// null when it does not or another change won the race.</summary>
    public async Task<RuleChangeResult?> ChangeAsync(string tenantId, Func<int, bool> holds, ScoringRules rules, DateTimeOffset effectiveFrom,
        string subject, string? traceId, CancellationToken ct)
    {
        var result = await CommitAsync(tenantId, holds, rules, effectiveFrom, subject, traceId, ct);
        if (result is not null && result.Periods.Count > 0) await switches.FinishAsync(tenantId, wait: true, ct);
        return result;
    }

    /// <summary>The change's transaction alone (with its pending-switch marker): what a crash right after the commit
    /// leaves behind.</summary>
    public async Task<RuleChangeResult?> CommitAsync(string tenantId, Func<int, bool> holds, ScoringRules rules, DateTimeOffset effectiveFrom,
        string subject, string? traceId, CancellationToken ct)
    {
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LedgerSettlement.LockTenantAsync(db, tenantId, ct);
            await BoardSwitches.LockBoardsAsync(db, tenantId, ct); // no other change's next boards are being filled
            var current = (await CurrentAsync(ct))?.Version ?? ScoringRules.DefaultVersion;
            if (!holds(current)) return null;
            var now = clock.GetUtcNow();
            var version = RuleSetVersion.Create(tenantId, current + 1, effectiveFrom, rules, now, subject);
            db.RuleSets.Add(version);
            db.AddAudit(tenantId, subject, AuditAction, $"scoring rules version {version.Version}",
                $"in force from {effectiveFrom.ToOffset(ScoringPeriod.BeijingOffset):yyyy-MM-dd}");
            await db.SaveChangesAsync(ct);

            var reasons = await RepricedReasonsAsync(version.Version, rules, effectiveFrom, ct);
            IReadOnlyList<SettledMonth> months = reasons.Count == 0 ? []
                : await LedgerSettlement.SettleAsync(db, tenantId, SettlementScope.EveryoneFrom(effectiveFrom, reasons), now, traceId, ct);
            IReadOnlyList<string> periods = [.. months.SelectMany(m => ScoringPeriod.KeysFor(m.At)).Distinct().Order(StringComparer.Ordinal)];
            if (periods.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return new RuleChangeResult(version, 0, periods);
            }
            db.PendingBoardSwitches.Add(new PendingBoardSwitch { TenantId = tenantId, RuleVersion = version.Version, Periods = [.. periods], CreatedAt = now });
            await db.SaveChangesAsync(ct);
            try
            {
                await boards.BeginNextAsync(tenantId, periods);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                await boards.DropAsync(tenantId, periods);
                throw;
            }
            return new RuleChangeResult(version, (int)months.Sum(m => m.Entries), periods);
        });
    }
}
