using SheqingMinyi.BuildingBlocks.Domain;

namespace SheqingMinyi.Scoring.Domain;

/// <summary>The tenant's quotas (<see cref="QuotaRules"/>), one row once the tenant set them; Version counts changes (its ETag).</summary>
public sealed class QuotaSettings : AggregateRoot
{
    public int Version { get; private set; }
    public string Rules { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    public QuotaRules ToRules() => QuotaRules.FromJson(Rules);

    public static QuotaSettings Create(string tenantId, QuotaRules rules, DateTimeOffset now, string subject)
    {
        var row = new QuotaSettings { TenantId = tenantId };
        row.Change(rules, now, subject);
        return row;
    }

    public void Change(QuotaRules rules, DateTimeOffset now, string subject)
    {
        Rules = rules.ToJson();
        UpdatedAt = now;
        UpdatedBy = subject;
        Version++;
    }
}

/// <summary>A reminder sent: one per person and month, so a second run of the month publishes nothing.</summary>
public sealed class QuotaReminder
{
    public string TenantId { get; set; } = "";
    public Guid PersonId { get; set; }
    /// <summary>yyyy-MM (Beijing).</summary>
    public string Month { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
