using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Domain;

namespace SheqingMinyi.Scoring.People;

/// <summary>Keeps each person's kinds (<see cref="PersonKinds"/>) when the directory applies their announcement.</summary>
public sealed class KeepPersonKinds(ScoringDbContext db) : IPersonAnnouncementListener
{
    public async Task PersonAnnouncedAsync(string tenantId, Guid personId, IReadOnlyList<string> roles, IReadOnlyList<string>? kinds,
        CancellationToken ct)
    {
        var row = await db.PersonKinds.FirstOrDefaultAsync(k => k.PersonId == personId, ct);
        if (row is null) db.PersonKinds.Add(row = new PersonKinds { TenantId = tenantId, PersonId = personId });
        row.Kinds = PersonKinds.Of(roles, kinds);
    }
}
