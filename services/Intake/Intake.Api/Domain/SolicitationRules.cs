using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.Intake.Data;

namespace SheqingMinyi.Intake.Domain;

/// <summary>How an item links to a solicitation: only an open one of the tenant, and its bonus rides on the answer.</summary>
public static class SolicitationRules
{
    /// <summary>A draft may name a solicitation of its tenant that is still open (the query filter keeps other tenants' out).</summary>
    public static async Task<Validator> CheckOpenAsync(Validator validator, IntakeDbContext db, string field, Guid? solicitationId, CancellationToken ct)
    {
        if (solicitationId is not { } id) return validator;
        var status = await db.Solicitations.AsNoTracking().Where(s => s.Id == id).Select(s => (SolicitationStatus?)s.Status).FirstOrDefaultAsync(ct);
        if (status is null) validator.Add(field, "本单位没有这个约稿 (unknown solicitation)");
        else if (status != SolicitationStatus.Open) validator.Add(field, "约稿已关闭，不能再应答 (closed solicitation)");
        return validator;
    }

    /// <summary>The bonus of the solicitation an item answers (0 when none).</summary>
    public static async Task<decimal> BonusOfAsync(IntakeDbContext db, Guid? solicitationId, CancellationToken ct) =>
        solicitationId is { } id
            ? await db.Solicitations.AsNoTracking().Where(s => s.Id == id).Select(s => (decimal?)s.Bonus).FirstOrDefaultAsync(ct) ?? 0m
            : 0m;
}
