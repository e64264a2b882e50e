using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// 主题标签: one entry of the tenant's theme list. Items may only take active tags; a retired tag stays on the items
/// that carry it (an item stores the name), and its name may be used again by a new tag.
/// </summary>
public sealed class ThemeTag : AggregateRoot
{
    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsActive => RetiredAt is null;

    private ThemeTag() { }

    public static ThemeTag Create(string tenantId, string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = tenantId, Name = name.Trim(), CreatedAt = now,
    };

    public Outcome Retire(DateTimeOffset now)
    {
        if (RetiredAt is not null)
            return new DomainError("theme-retired", "该主题标签已停用", $"Theme tag '{Id}' was retired at {RetiredAt:O}.");
        RetiredAt = now;
        return Outcome.Done;
    }
}
