using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.People.Data;

namespace SheqingMinyi.People.Apis;

/// <summary>Saving a registry change: a change committed since the read is a 412, a unit name taken meanwhile a 409.</summary>
internal static class RegistrySaving
{
    /// <summary>Null when saved; else the problem to answer (nothing was written).</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(PeopleDbContext db, string what, CancellationToken ct, string? unitName = null)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale(what); // changed after it was read: the If-Match no longer holds
        }
        catch (DbUpdateException error) when (unitName is not null && error.IsUniqueViolation())
        {
            return UnitsApi.DuplicateName(unitName); // the name was taken between the check and the insert
        }
    }
}
