using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Domain;

/// <summary>
/// The handlings a caller may see: a department its own (lead or co-handling), staff and tenant-wide partners all of
/// the tenant's, every other person those of items they wrote. Anything else is 404, as if it did not exist.
/// </summary>
public static class HandlingVisibility
{
    public static IQueryable<Handling> VisibleHandlings(this ReviewDbContext db, Caller caller)
    {
        if (caller.DepartmentId is { } department)
            return db.Handlings.Where(h => h.LeadDepartmentId == department || h.CoDepartmentIds.Contains(department));
        if (caller.IsPartner || caller.Principal.IsPerson(PlatformPolicies.StaffRoles)) return db.Handlings;
        var self = caller.PersonId ?? Guid.Empty;
        return db.Handlings.Where(h => h.AuthorPersonIds.Contains(self));
    }

    /// <summary>True when the caller acts for the handling's lead department.</summary>
    public static bool LeadsIt(this Caller caller, Handling handling) => caller.DepartmentId == handling.LeadDepartmentId;
}
