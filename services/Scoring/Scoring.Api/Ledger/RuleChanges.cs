using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Rankings;

namespace SheqingMinyi.Scoring.Ledger;

/// <summary>What a rule change did: the new version, the correcting entries it appended, the boards it switched.</summary>
public sealed record RuleChangeResult(RuleSetVersion Version, int Corrections, IReadOnlyList<string> Periods);

/// <summary>
/// A tenant's new rule version and its recompute, atomically. In one transaction under the tenant's settlement lock:
/// the version is added, every fact from the month it takes effect is priced again and the differences appended
/// (<see cref="LedgerSettlement"/>), and the affected boards start taking applies on their next copies only. After the
/// commit the next boards are filled from the ledger and replace the live ones in one Redis step: a reader sees the
/// old totals (before the switch) or the new (after), never some persons re-priced and others not.
/// </summary>
public sealed class RuleChanges(ScoringDbContext db, LeaderboardStore boards, RankingStore rankings, TimeProvider clock, ILogger<RuleChanges> logger)
{
    public const string AuditAction = "scoring-rules-changed";

    /// <summary>The tenant's newest version; version 1 (the default table) when it never set one.</summary>
    public Task<RuleSetVersion?> CurrentAsync(CancellationToken ct) =>
        db.RuleSets.AsNoTracking().OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>Adds version N+1 if <paramref name="holds"/> accepts N (the caller's If-Match); null when it does not or
    /// another change won the race.</summary>
    public async Task<RuleChangeResult?> ChangeAsync(string tenantId, Func<int, bool> holds, ScoringRules rules, DateTimeOffset effectiveFrom,
        string subject, string? traceId, CancellationToken ct)
    {
        IReadOnlyList<string> periods = [];
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await LedgerSettlement.LockTenantAsync(db, tenantId, ct);
            var current = (await CurrentAsync(ct))?.Version ?? ScoringRules.DefaultVersion;
            if (!holds(current)) return null;
            var now = clock.GetUtcNow();
            var version = RuleSetVersion.Create(tenantId, current + 1, effectiveFrom, rules, now, subject);
            db.RuleSets.Add(version);
            db.AddAudit(tenantId, subject, AuditAction, $"scoring rules version {version.Version}",
                $"in force from {effectiveFrom.ToOffset(ScoringPeriod.BeijingOffset):yyyy-MM-dd}");
            await db.SaveChangesAsync(ct);

            var months = await LedgerSettlement.SettleAsync(db, tenantId, SettlementScope.EveryoneFrom(effectiveFrom), now, traceId, ct);
            periods = [.. months.SelectMany(m => ScoringPeriod.KeysFor(m.At)).Distinct().Order(StringComparer.Ordinal)];
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
        if (result is null || periods.Count == 0) return result;
        try
        {
            await rankings.InvalidateAsync(tenantId);
            db.ChangeTracker.Clear();
            await boards.BuildNextAndSwitchAsync(db, tenantId, periods, ct);
        }
        catch (Exception e)
        {
            // The ledger has the change; boards that could not follow are dropped and rebuilt from it on the next read.
            logger.LogWarning(e, "Leaderboards of {Tenant} could not switch to rules version {Version}; dropping them", tenantId, result.Version.Version);
            await boards.DropAsync(tenantId, periods);
        }
        return result;
    }

}
