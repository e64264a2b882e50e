using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// What of the tenant's items a caller may see: staff and partners the tenant's, members and officers the items they
/// are an author of (another's item answers 404, as if it did not exist). 主席直通车 items are narrower still: only
/// their authors, the chair and the staff named in the tenant's chair-channel settings (a partner system: the ones
/// it sent itself).
/// </summary>
public static class SubmissionVisibility
{
    public static IQueryable<Submission> Visible(this IntakeDbContext db, Caller caller)
    {
        var self = caller.PersonId ?? Guid.Empty;
        var client = caller.IsPartner ? caller.Subject : null;
        // A subquery (EXISTS) on the tenant's one settings row, evaluated with the rest of the query.
        var naming = db.ChairChannels.Where(c => self != Guid.Empty && (c.ChairPersonIds.Contains(self) || c.StaffPersonIds.Contains(self)));
        if (!caller.SeesWholeTenant)
            return db.Submissions.Where(s => s.AuthorPersonIds.Contains(self) || (s.Provenance.Channel == SubmissionChannel.ChairDirect && naming.Any()));
        return db.Submissions.Where(s => s.Provenance.Channel != SubmissionChannel.ChairDirect
            || s.AuthorPersonIds.Contains(self)
            || (client != null && s.Provenance.PartnerClientId == client)
            || naming.Any());
    }
}
