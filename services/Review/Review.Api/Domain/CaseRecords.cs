using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// What staff record on an item after review (outside adoptions, leader instructions) has in common: it touches the
/// case, so a concurrent change of the case fails the save, and it may point at evidence in the tenant's file store.
/// </summary>
public static class CaseRecords
{
    public const int Attempts = 3;

    /// <summary>
    /// Runs <paramref name="attempt"/> (read the case, check, record, save) again from a clean slate when its save lost
    /// to a concurrent change of the case: the next round reads what that change did (a level taken meanwhile, say).
    /// After <see cref="Attempts"/> losses the last DbUpdateConcurrencyException is the caller's (<see cref="Busy"/>).
    /// </summary>
    public static async Task<T> RetryOnCaseChangeAsync<T>(ReviewDbContext db, Func<Task<T>> attempt)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateConcurrencyException) when (round < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public static DomainError Busy => new("case-busy", "该审核案件正被同时修改，请稍后重试",
        $"The case changed during each of {Attempts} attempts to record on it; retry.");

    /// <summary>True when the tenant's file store has the file (the tenant filter hides every other tenant's).</summary>
    public static Task<bool> EvidenceExistsAsync(ReviewDbContext db, Guid fileId, CancellationToken ct) =>
        db.Set<StoredFile>().AnyAsync(f => f.Id == fileId, ct);

    /// <summary>The item must have been adopted (at <paramref name="level"/>, or at any level) before this record.</summary>
    public static DomainError NotAdopted(string detail) => new("not-adopted", "该信息尚未被采用", detail);
}
