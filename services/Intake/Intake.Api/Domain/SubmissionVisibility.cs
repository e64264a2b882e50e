using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// What of the tenant's items a caller may see: staff and partners the tenant's, members and officers the items they
/// are an author of (another's item answers 404, as if it did not exist).
/// </summary>
public static class SubmissionVisibility
{
    public static IQueryable<Submission> Visible(this IntakeDbContext db, Caller caller)
    {
        if (caller.SeesWholeTenant) return db.Submissions;
        var self = caller.PersonId ?? Guid.Empty;
        return db.Submissions.Where(s => s.AuthorPersonIds.Contains(self));
    }
}
