using Microsoft.EntityFrameworkCore;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

/// <summary>The registry's additions to the unit and membership mappings (close reason, membership row version).</summary>
public static class RegistryMapping
{
    public static void Apply(ModelBuilder model)
    {
        model.Entity<Unit>(e => e.Property(u => u.CloseReason).HasMaxLength(Unit.CloseReasonMaxLength));
        // Ending or re-roling a membership pins the version read (If-Match), like units and persons.
        model.Entity<Membership>(e => e.Property(m => m.Version).IsConcurrencyToken());
    }
}
