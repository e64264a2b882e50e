using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.Intake.Apis;

/// <summary>A solicitation to issue: at least one target unit (any unit, incl. professional groups) or person;
/// the deadline a day of the body calendar, not past; bonus 0–50 (default 5).</summary>
public sealed record IssueSolicitationRequest(string? Title, string? Brief, IReadOnlyList<Guid>? TargetUnitIds, IReadOnlyList<Guid>? TargetPersonIds,
    DateOnly? Deadline, decimal? Bonus = null);

public sealed record ClaimView(Guid SolicitationId, Guid PersonId, string? PersonName, DateTimeOffset ClaimedAt);

public sealed record AnswerView(Guid Id, string Title, SubmissionStatus Status, DateTimeOffset? SubmittedAt);

/// <summary>进度: who claimed it, and the items answering it that went to review (submitted or later) and were adopted.</summary>
public sealed record SolicitationProgress(int Claimed, int Submitted, int Adopted, IReadOnlyList<ClaimView> Claimants, IReadOnlyList<AnswerView> Answers);

/// <summary>A solicitation; Progress for staff only, ClaimedAt the caller's own claim (if any).</summary>
public sealed record SolicitationView(Guid Id, string Title, string Brief, IReadOnlyList<Guid> TargetUnitIds, IReadOnlyList<Guid> TargetPersonIds,
    DateOnly Deadline, decimal Bonus, Guid? IssuedBy, Guid? TopicId, SolicitationStatus Status, DateTimeOffset IssuedAt, DateTimeOffset? ClosedAt,
    DateTimeOffset? ClaimedAt, SolicitationProgress? Progress) : IVersioned
{
    /// <summary>The ETag: the row version while nothing was claimed or answered, else a digest of it with the caller's
    /// claim and the live progress, so a claim or an answer changes it (no 304 with stale counts). Close checks
    /// If-Match against this same value.</summary>
    public uint Version { get; init; }

    public static SolicitationView From(Solicitation s, DateTimeOffset? claimedAt = null, SolicitationProgress? progress = null) => new(
        s.Id, s.Title, s.Brief, s.TargetUnitIds, s.TargetPersonIds, s.Deadline, s.Bonus, s.IssuedBy, s.TopicId, s.Status, s.IssuedAt, s.ClosedAt,
        claimedAt, progress) { Version = Tag(s.Version, claimedAt, progress) };

    private static uint Tag(uint rowVersion, DateTimeOffset? claimedAt, SolicitationProgress? progress)
    {
        if (claimedAt is null && (progress is null || progress.Claimed + progress.Submitted == 0)) return rowVersion;
        // Deterministic (not HashCode, which differs per process): every replica answers the same ETag.
        var text = string.Join("|", rowVersion, claimedAt?.UtcTicks, progress?.Claimed,
            string.Join(",", progress?.Answers.Select(a => $"{a.Id:N}:{a.Status}") ?? []));
        var digest = BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return digest == rowVersion ? digest + 1 : digest;
    }
}

/// <summary>
/// 约稿: the office (staff, leaders) issues briefs to units, professional groups and persons; targeted persons see and
/// claim them; drafts answer them (SubmissionsApi checks the link); staff follow claimed / submitted / adopted.
/// </summary>
public static class SolicitationsApi
{
    public static RouteGroupBuilder MapSolicitationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/solicitations").WithTags("Solicitations");
        group.MapPost("/", IssueAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag().WithIdempotency();
        group.MapGet("/", ListAsync).RequireAuthorization(PlatformPolicies.IntakeReader);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithETag();
        group.MapPost("/{id:guid}/claim", ClaimAsync).RequireAuthorization(PlatformPolicies.IntakeReader).WithIdempotency();
        group.MapPost("/{id:guid}/close", CloseAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        return group;
    }

    /// <summary>The office's view: staff and leaders (persons), never partners.</summary>
    private static bool IsOffice(Caller caller) => caller.Principal.IsPerson(PlatformPolicies.StaffRoles);

    private static ProblemHttpResult NotAPerson() => ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-a-person",
        "约稿只面向本单位人员", "Solicitations are read and claimed by persons of the tenant; this caller stands for no person.");

    public static async Task<Results<Created<SolicitationView>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        IssueSolicitationRequest request, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var validator = new Validator().Required("title", request.Title, Solicitation.TitleMaxLength);
        await CheckBriefAsync(validator, db, request, BodyCalendar.Today(now), ct);
        if (!validator.IsValid) return validator.ToProblem();
        var solicitation = Solicitation.Issue(caller.TenantId, ToBrief(request), caller.PersonId, null, now);
        db.Solicitations.Add(solicitation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/solicitations/{solicitation.Id}", SolicitationView.From(solicitation, progress: Empty));
    }

    internal static SolicitationBrief ToBrief(IssueSolicitationRequest r) => new(r.Title!, r.Brief!, r.TargetUnitIds ?? [], r.TargetPersonIds ?? [],
        r.Deadline!.Value, r.Bonus ?? Solicitation.DefaultBonus);

    private static readonly SolicitationProgress Empty = new(0, 0, 0, [], []);

    /// <summary>Everything but the title (the topic route may take it from the topic): brief, targets, deadline, bonus.</summary>
    internal static async Task CheckBriefAsync(Validator validator, IntakeDbContext db, IssueSolicitationRequest request, DateOnly today, CancellationToken ct)
    {
        var units = request.TargetUnitIds ?? [];
        var persons = request.TargetPersonIds ?? [];
        validator.Required("brief", request.Brief, Solicitation.BriefMaxLength)
            .Check(units.Count + persons.Count > 0, "targetUnitIds", "至少指定一个目标单位（含专业小组）或人员 (at least one target unit or person)")
            .Check(units.Count <= Solicitation.MaxTargets, "targetUnitIds", $"目标单位最多 {Solicitation.MaxTargets} 个")
            .Check(persons.Count <= Solicitation.MaxTargets, "targetPersonIds", $"目标人员最多 {Solicitation.MaxTargets} 人")
            .Check(request.Deadline is not null, "deadline", "必填 (required)")
            .Check(request.Deadline is null || request.Deadline >= today, "deadline", $"截止日期不能早于今天 {today:yyyy-MM-dd} (not in the past)")
            .Check(request.Bonus is null || (request.Bonus >= 0 && request.Bonus <= Solicitation.MaxBonus && decimal.Round(request.Bonus.Value, 2) == request.Bonus),
                "bonus", $"加分须在 0 至 {Solicitation.MaxBonus} 之间，最多两位小数 (0–{Solicitation.MaxBonus})");
        if (units.Count > Solicitation.MaxTargets || persons.Count > Solicitation.MaxTargets) return;
        var knownUnits = await db.Set<DirectoryUnit>().AsNoTracking().Where(u => units.Contains(u.UnitId) && u.Version > 0).ToDictionaryAsync(u => u.UnitId, ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (!knownUnits.TryGetValue(units[i], out var unit)) validator.Add($"targetUnitIds[{i}]", "本单位没有这个单位（新建的单位可能需要几秒钟同步）(unknown unit)");
            else if (!unit.IsOpen) validator.Add($"targetUnitIds[{i}]", $"单位“{unit.Name}”已撤销 (closed unit)");
        }
        var knownPersons = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => persons.Contains(p.PersonId) && p.Version > 0).ToDictionaryAsync(p => p.PersonId, ct);
        for (var i = 0; i < persons.Count; i++)
        {
            if (!knownPersons.TryGetValue(persons[i], out var person)) validator.Add($"targetPersonIds[{i}]", "本单位没有这名人员（新登记的人员可能需要几秒钟同步）(unknown person)");
            else if (!person.IsActive) validator.Add($"targetPersonIds[{i}]", $"人员“{person.Name}”已停用 (inactive person)");
        }
    }

    /// <summary>Staff: the tenant's solicitations; a person: those targeting them (directly, a unit they belong to today, or their main unit).
    /// status=open|closed; open=true: open and still claimable (deadline not passed).</summary>
    public static async Task<Results<Ok<PagedList<SolicitationView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        IntakeDbContext db, Caller caller, PageRequest page, TimeProvider clock, CancellationToken ct, string? status = null, bool? open = null)
    {
        var validator = new Validator()
            .Check(ApiEnums.TryParse<SolicitationStatus>(status, out var wanted), "status", $"可选: {ApiEnums.Allowed<SolicitationStatus>()}");
        if (!validator.IsValid) return validator.ToProblem();
        if (caller.IsPartner || caller.PersonId is null && !IsOffice(caller)) return NotAPerson();
        var today = BodyCalendar.Today(clock.GetUtcNow());
        var query = (await VisibleAsync(db, caller, today, ct)).AsNoTracking();
        if (wanted is { } s) query = query.Where(x => x.Status == s);
        if (open is true) query = query.Where(x => x.Status == SolicitationStatus.Open && x.Deadline >= today);
        if (open is false) query = query.Where(x => x.Status == SolicitationStatus.Closed || x.Deadline < today);
        var result = await query.OrderByDescending(x => x.IssuedAt).ThenBy(x => x.Id).ToPageAsync(page, ct);
        var ids = result.Items.Select(x => x.Id).ToList();
        var self = caller.PersonId ?? Guid.Empty;
        var mine = await db.SolicitationClaims.AsNoTracking().Where(c => c.PersonId == self && ids.Contains(c.SolicitationId))
            .ToDictionaryAsync(c => c.SolicitationId, c => c.ClaimedAt, ct);
        return TypedResults.Ok(result.Select(x => SolicitationView.From(x, mine.TryGetValue(x.Id, out var at) ? at : null)));
    }

    public static async Task<Results<Ok<SolicitationView>, ProblemHttpResult>> GetAsync(
        Guid id, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is null && !IsOffice(caller)) return NotAPerson();
        var query = await VisibleAsync(db, caller, BodyCalendar.Today(clock.GetUtcNow()), ct);
        var solicitation = await query.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (solicitation is null) return ApiProblems.NotFound("Solicitation", id);
        return TypedResults.Ok(await ViewAsync(db, caller, solicitation, ct));
    }

    /// <summary>认领: a targeted person takes it on; again the same claim (200). Closed or past the deadline: 409; not targeted: 403.</summary>
    public static async Task<Results<Created<ClaimView>, Ok<ClaimView>, ProblemHttpResult>> ClaimAsync(
        Guid id, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (caller.IsPartner || caller.PersonId is not { } self) return NotAPerson();
        var solicitation = await db.Solicitations.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (solicitation is null) return ApiProblems.NotFound("Solicitation", id);
        var now = clock.GetUtcNow();
        var today = BodyCalendar.Today(now);
        if (!solicitation.Targets(self, await DirectoryMemberships.UnitsOfAsync(db, self, today, ct)))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "not-targeted", "该约稿不面向您",
                $"Solicitation '{id}' targets neither this person nor a unit they belong to today.");
        var held = await db.SolicitationClaims.AsNoTracking().FirstOrDefaultAsync(c => c.SolicitationId == id && c.PersonId == self, ct);
        var claimed = solicitation.Claim(self, held, today, now);
        if (claimed.Error is { } refused) return ApiProblems.Refused(refused);
        if (held is not null) return TypedResults.Ok(await ClaimViewAsync(db, held, ct));
        db.SolicitationClaims.Add(claimed.Value!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same person's concurrent claim won: theirs is the claim.
            db.ChangeTracker.Clear();
            var first = await db.SolicitationClaims.AsNoTracking().FirstAsync(c => c.SolicitationId == id && c.PersonId == self, ct);
            return TypedResults.Ok(await ClaimViewAsync(db, first, ct));
        }
        return TypedResults.Created($"/solicitations/{id}", await ClaimViewAsync(db, claimed.Value!, ct));
    }

    public static async Task<Results<Ok<SolicitationView>, ProblemHttpResult>> CloseAsync(
        Guid id, IfMatch ifMatch, IntakeDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var solicitation = await db.Solicitations.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (solicitation is null) return ApiProblems.NotFound("Solicitation", id);
        // The ETag the office read covers the progress too (see SolicitationView.Version).
        var read = await ViewAsync(db, caller, solicitation, ct);
        if (!ifMatch.Holds(db, solicitation, read.Version, s => s.Version)) return IfMatch.Stale("solicitation");
        if (solicitation.Close(clock.GetUtcNow()) is { Error: { } refused }) return ApiProblems.Refused(refused);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("solicitation");
        }
        return TypedResults.Ok(await ViewAsync(db, caller, solicitation, ct));
    }

    /// <summary>The office sees the tenant's solicitations; a person those that target them today.</summary>
    private static async Task<IQueryable<Solicitation>> VisibleAsync(IntakeDbContext db, Caller caller, DateOnly today, CancellationToken ct)
    {
        if (IsOffice(caller)) return db.Solicitations;
        var self = caller.PersonId ?? Guid.Empty;
        var units = await DirectoryMemberships.UnitsOfAsync(db, self, today, ct);
        return db.Solicitations.Where(s => s.TargetPersonIds.Contains(self) || s.TargetUnitIds.Any(u => units.Contains(u)));
    }

    private static async Task<SolicitationView> ViewAsync(IntakeDbContext db, Caller caller, Solicitation solicitation, CancellationToken ct)
    {
        var self = caller.PersonId ?? Guid.Empty;
        var mine = await db.SolicitationClaims.AsNoTracking().Where(c => c.SolicitationId == solicitation.Id && c.PersonId == self)
            .Select(c => (DateTimeOffset?)c.ClaimedAt).FirstOrDefaultAsync(ct);
        return SolicitationView.From(solicitation, mine, IsOffice(caller) ? await ProgressAsync(db, caller, solicitation.Id, ct) : null);
    }

    /// <summary>Claims with names, and the answering items that went to review (drafts stay the writer's; withdrawn ones left).</summary>
    private static async Task<SolicitationProgress> ProgressAsync(IntakeDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        var claims = await (from c in db.SolicitationClaims.AsNoTracking().Where(c => c.SolicitationId == id)
                            join p in db.Set<DirectoryPerson>() on c.PersonId equals p.PersonId into named
                            from p in named.DefaultIfEmpty()
                            orderby c.ClaimedAt, c.PersonId
                            select new ClaimView(c.SolicitationId, c.PersonId, p == null ? null : p.Name, c.ClaimedAt)).ToListAsync(ct);
        var answers = await db.Visible(caller).AsNoTracking()
            .Where(s => s.SolicitationId == id && s.SubmittedAt != null && s.Status != SubmissionStatus.Draft && s.Status != SubmissionStatus.Withdrawn)
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Select(s => new AnswerView(s.Id, s.Title, s.Status, s.SubmittedAt)).ToListAsync(ct);
        return new SolicitationProgress(claims.Count, answers.Count, answers.Count(a => a.Status == SubmissionStatus.Adopted), claims, answers);
    }

    private static async Task<ClaimView> ClaimViewAsync(IntakeDbContext db, SolicitationClaim claim, CancellationToken ct)
    {
        var name = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => p.PersonId == claim.PersonId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        return new ClaimView(claim.SolicitationId, claim.PersonId, name, claim.ClaimedAt);
    }
}
