using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.People.Domain.Targets;

/// <summary>Whose target: one person's, or one unit's (counting what its members submitted for it).</summary>
public enum TargetScope
{
    Person,
    Unit,
}

/// <summary>三定: the office's annual target for a person or unit, in items submitted and items adopted.</summary>
public sealed class AnnualTarget : AggregateRoot
{
    public const int MinYear = 2000, MaxYear = 2100, MaxCount = 10_000;

    public Guid Id { get; private set; }
    public int Year { get; private set; }
    public TargetScope Scope { get; private set; }
    /// <summary>The person or unit the target is for.</summary>
    public Guid SubjectId { get; private set; }
    public int Submitted { get; private set; }
    public int Adopted { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    private AnnualTarget() { }

    public static AnnualTarget Set(string tenantId, int year, TargetScope scope, Guid subjectId, int submitted, int adopted, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, Year = year, Scope = scope, SubjectId = subjectId,
        Submitted = submitted, Adopted = adopted, UpdatedAt = now,
    };

    /// <summary>Replaces both numbers; adopting more than is submitted is refused (every adopted item was submitted).</summary>
    public Outcome Change(int submitted, int adopted, DateTimeOffset now)
    {
        if (Refusal(submitted, adopted) is { } refused) return refused;
        Submitted = submitted;
        Adopted = adopted;
        UpdatedAt = now;
        return Outcome.Done;
    }

    public static DomainError? Refusal(int submitted, int adopted) => adopted > submitted
        ? new DomainError("target-adopted-exceeds-submitted", "采用目标不能大于报送目标", $"Adopted ({adopted}) exceeds submitted ({submitted}).")
        : null;
}
