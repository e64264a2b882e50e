using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace SheqingMinyi.BuildingBlocks.Auditing;

public static class Audit
{
    /// <summary>Stages an audit entry in <paramref name="db"/>, saved with (and only with) the change it records.</summary>
    public static AuditEntry AddAudit(this DbContext db, string tenantId, string subject, string action, string resource, string outcome)
    {
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Subject = Truncate(subject, 200),
            Action = action,
            Resource = Truncate(resource, 400),
            Outcome = Truncate(outcome, 400),
            TraceId = Activity.Current?.TraceId.ToString(),
            At = DateTimeOffset.UtcNow,
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    private static string Truncate(string value, int max) => value.Length > max ? value[..max] : value;
}
