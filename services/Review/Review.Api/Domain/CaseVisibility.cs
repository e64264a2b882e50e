using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;

namespace SheqingMinyi.Review.Domain;

/// <summary>The cases a caller may see: every case of the tenant, except a 主席直通车 item's case, which only the
/// persons its submission named see (404 for everyone else, as if it did not exist).</summary>
public static class CaseVisibility
{
    public static IQueryable<ReviewCase> Visible(this ReviewDbContext db, Caller caller)
    {
        var self = caller.PersonId ?? Guid.Empty;
        return db.Cases.Where(c => c.RestrictedTo.Count == 0 || c.RestrictedTo.Contains(self));
    }
}
