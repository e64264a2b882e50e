using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>The whole setting: the chair person(s), the staff who may see chair-direct items (optional), reply days
/// (working days; 10 when omitted).</summary>
public sealed record ChairChannelRequest(IReadOnlyList<Guid>? ChairPersonIds, IReadOnlyList<Guid>? StaffPersonIds = null, int? ReplyDays = null);

/// <summary>The tenant's chair channel. Never set: no persons, the default reply days, <c>set: false</c> and the ETag
/// "0", which the PUT that sets it sends as its If-Match.</summary>
public sealed record ChairChannelView(IReadOnlyList<Guid> ChairPersonIds, IReadOnlyList<Guid> StaffPersonIds, int ReplyDays, bool Set,
    DateTimeOffset? UpdatedAt) : IVersioned
{
    public uint Version { get; init; }

    public static ChairChannelView From(ChairChannel c) => new(c.ChairPersonIds, c.StaffPersonIds, c.ReplyDays, true, c.UpdatedAt) { Version = c.Version };
    public static readonly ChairChannelView Unset = new([], [], ChairChannel.DefaultReplyDays, false, null) { Version = 0 };
}

/// <summary>主席直通车设置: who the channel goes to and who else may see its items; the tenant's admin keeps it.</summary>
public static class ChairChannelApi
{
    public static RouteGroupBuilder MapChairChannelApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings/chair-channel").WithTags("Chair channel").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", GetAsync).WithETag();
        group.MapPut("/", SetAsync);
        return group;
    }

    public static async Task<Ok<ChairChannelView>> GetAsync(IntakeDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.ChairChannels.AsNoTracking().FirstOrDefaultAsync(ct) is { } settings
            ? ChairChannelView.From(settings) : ChairChannelView.Unset);

    /// <summary>Sets (If-Match "0") or replaces (the settings' ETag) the whole setting; every person named must be an
    /// active person of the tenant.</summary>
    public static async Task<Results<Ok<ChairChannelView>, ValidationProblem, ProblemHttpResult>> SetAsync(
        ChairChannelRequest request, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var chairs = request.ChairPersonIds ?? [];
        var staff = request.StaffPersonIds ?? [];
        var replyDays = request.ReplyDays ?? ChairChannel.DefaultReplyDays;
        var validator = new Validator()
            .Check(chairs.Count is > 0 and <= ChairChannel.MaxChairs, "chairPersonIds", $"必填，1–{ChairChannel.MaxChairs} 人")
            .Check(staff.Count <= ChairChannel.MaxStaff, "staffPersonIds", $"最多 {ChairChannel.MaxStaff} 人")
            .Check(chairs.Distinct().Count() == chairs.Count, "chairPersonIds", "人员不能重复")
            .Check(staff.Distinct().Count() == staff.Count, "staffPersonIds", "人员不能重复")
            .Check(!staff.Intersect(chairs).Any(), "staffPersonIds", "主席不必再列为可查看的工作人员")
            .Check(replyDays is >= 1 and <= ChairChannel.MaxReplyDays, "replyDays", $"1–{ChairChannel.MaxReplyDays} 个工作日");
        if (validator.IsValid)
        {
            await CheckPersonsAsync(validator, db, "chairPersonIds", chairs, ct);
            await CheckPersonsAsync(validator, db, "staffPersonIds", staff, ct);
        }
        if (!validator.IsValid) return validator.ToProblem();

        var now = clock.GetUtcNow();
        var settings = await db.ChairChannels.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            if (!ifMatch.HoldsAbsent) return IfMatch.Stale("chair channel");
            db.ChairChannels.Add(settings = ChairChannel.Set(caller.TenantId, chairs, staff, replyDays, now));
        }
        else
        {
            if (!ifMatch.Holds(db, settings, s => s.Version)) return IfMatch.Stale("chair channel");
            settings.Change(chairs, staff, replyDays, now);
        }
        db.AddAudit(caller.TenantId, caller.Subject, AuditActions.ChairChannelChanged, "settings/chair-channel",
            $"chairs {string.Join(',', chairs)}; {staff.Count} staff; reply days {replyDays}"); // at most 5 chairs: within the column
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            return IfMatch.Stale("chair channel"); // set or changed by someone else since it was read
        }
        return TypedResults.Ok(ChairChannelView.From(settings));
    }

    /// <summary>Each person announced by the people service for this tenant and active; errors name the index.</summary>
    private static async Task CheckPersonsAsync(Validator validator, IntakeDbContext db, string field, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var known = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => ids.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, ct);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!known.TryGetValue(ids[i], out var person) || !person.IsKnown)
                validator.Add($"{field}[{i}]", "本单位没有这名人员 (unknown person)");
            else if (!person.IsActive)
                validator.Add($"{field}[{i}]", $"人员“{person.Name}”已停用 (inactive person)");
        }
    }
}
