using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.CheckIn;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

/// <summary>By hand (staff): the person, the session (default the first), hours (default the session's); after the
/// attendance lock only with a reason, as an audited correction.</summary>
public sealed record RecordAttendanceRequest(Guid? PersonId, decimal? Hours, Guid? SessionId = null, string? Reason = null);

/// <summary>签到撤销 (staff): whose check-in (person, session default the first) was wrong, and why (required, audited).</summary>
public sealed record RemoveAttendanceRequest(Guid? PersonId, Guid? SessionId, string? Reason);

/// <summary>学时更正 (staff): the attendance's new hours and why (required, audited).</summary>
public sealed record CorrectAttendanceRequest(decimal? Hours, string? Reason);

/// <summary>QR check-in: the token the screen at the door shows.</summary>
public sealed record CheckInRequest(string? Token);

/// <summary>One attendance; its ETag is its revision (<see cref="Attendance.Version"/>), the If-Match of a correction.</summary>
public sealed record AttendanceView(Guid TrainingEventId, Guid PersonId, decimal Hours, DateTimeOffset CheckedInAt, Guid SessionId,
    AttendanceMethod Method, string MethodName, string? GuestTenantId = null) : IVersioned
{
    public uint Version { get; init; }

    public static AttendanceView From(Attendance a) => new(a.TrainingEventId, a.PersonId, a.Hours, a.CheckedInAt, a.SessionId, a.Method,
        EventLabels.Method(a.Method), a.GuestTenantId) { Version = (uint)a.Version };
}

/// <summary>签到: QR check-in by the person, by hand by staff (audited), the codes for the door, and the attendance sheet.</summary>
public static class AttendanceApi
{
    public static IEndpointRouteBuilder MapAttendanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events/{id:guid}").WithTags("Attendance").RequireAuthorization(PlatformPolicies.TrainingReader);
        group.MapPost("/attendance", RecordByHandAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapPost("/attendance/remove", RemoveAsync).RequireAuthorization(PlatformPolicies.Staff).WithIdempotency();
        group.MapGet("/attendance/{personId:guid}", GetOneAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPut("/attendance/{personId:guid}", CorrectAsync).RequireAuthorization(PlatformPolicies.Staff);
        group.MapGet("/attendance", ListAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapGet("/attendance.xlsx", ExportAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapPost("/check-in", CheckInAsync).RequireAuthorization(PlatformPolicies.TrainingParticipant).WithIdempotency();
        group.MapGet("/sessions/{sessionId:guid}/check-in-code", CodeAsync).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapGet("/sessions/{sessionId:guid}/check-in-code.png", (Guid id, Guid sessionId, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct) =>
            CodeImageAsync(id, sessionId, db, caller, codes, clock, QrImages.Png, "image/png", ct)).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        group.MapGet("/sessions/{sessionId:guid}/check-in-code.svg", (Guid id, Guid sessionId, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct) =>
            CodeImageAsync(id, sessionId, db, caller, codes, clock, t => System.Text.Encoding.UTF8.GetBytes(QrImages.Svg(t)), "image/svg+xml", ct)).RequireAuthorization(PlatformPolicies.Staff).WithETag();
        return app;
    }

    public static async Task<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>> RecordByHandAsync(
        Guid id, RecordAttendanceRequest request, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("personId", request.PersonId)
            .Check(request.Hours is null or (> 0 and <= 24), "hours", "学时必须大于 0 且不超过 24 (0 < hours ≤ 24)")
            .Check(request.SessionId != Guid.Empty, "sessionId", "无效的场次 (not a session id)")
            .Optional("reason", request.Reason, TrainingEvent.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var personId = request.PersonId!.Value;
        var now = clock.GetUtcNow();
        return await db.LockedAsync<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var session = request.SessionId is { } sid ? training.Sessions.FirstOrDefault(s => s.Id == sid) : training.Sessions.MinBy(s => s.Order);
            if (session is null) return (ApiProblems.NotFound("Session", request.SessionId!), false);
            var locked = training.AttendanceLocked(now, codes.AttendanceGrace);
            if (locked && string.IsNullOrWhiteSpace(request.Reason))
                return (ApiProblems.Conflict("attendance-locked", "签到记录已锁定，补录须填写原因",
                    "The event's attendance is locked; a correction needs a reason (it is audited)."), false);
            var guestTenant = await db.Registrations.Where(r => r.TrainingEventId == id && r.PersonId == personId).Select(r => r.GuestTenantId).FirstOrDefaultAsync(ct);
            var outcome = await RecordAsync(db, training, session, personId, request.Hours, locked ? AttendanceMethod.Correction : AttendanceMethod.ByHand,
                caller.PersonId, now, ct, guestTenant);
            if (outcome.Error is { } refused) return (ApiProblems.Refused(refused), false);
            db.AddAudit(caller.TenantId, caller.Subject, locked ? "training.attendance-corrected" : "training.attendance-by-hand",
                $"events/{id}/sessions/{session.Id}/attendance/{personId}", string.IsNullOrWhiteSpace(request.Reason) ? $"{outcome.Value!.Hours}h" : $"{outcome.Value!.Hours}h: {request.Reason!.Trim()}");
            return (TypedResults.Created($"/events/{id}/attendance/{personId}", AttendanceView.From(outcome.Value!)), true);
        }, ct);
    }

    /// <summary>
    /// Takes back a wrong check-in (staff, with a reason, audited, also after the lock): the row goes, and
    /// AttendanceRemoved (a new revision) lets scoring and the member record take the hours back; a guest's goes to the
    /// guest's tenant.
    /// </summary>
    public static async Task<Results<Ok<AttendanceView>, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        Guid id, RemoveAttendanceRequest request, TrainingDbContext db, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("personId", request.PersonId)
            .Check(request.PersonId != Guid.Empty, "personId", "无效的人员 (not a person id)")
            .Check(request.SessionId != Guid.Empty, "sessionId", "无效的场次 (not a session id)")
            .Required("reason", request.Reason, TrainingEvent.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var personId = request.PersonId!.Value;
        return await db.LockedAsync<Results<Ok<AttendanceView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var session = request.SessionId is { } sid ? training.Sessions.FirstOrDefault(s => s.Id == sid) : training.Sessions.MinBy(s => s.Order);
            if (session is null) return (ApiProblems.NotFound("Session", request.SessionId!), false);
            var attendance = await db.Attendances.FirstOrDefaultAsync(a => a.SessionId == session.Id && a.PersonId == personId, ct);
            if (attendance is null) return (ApiProblems.NotFound("Attendance", personId), false);
            var removed = training.RemoveAttendance(attendance, request.Reason!, clock.GetUtcNow());
            db.Attendances.Remove(attendance);
            db.AddAudit(caller.TenantId, caller.Subject, "training.attendance-removed", $"events/{id}/sessions/{session.Id}/attendance/{personId}",
                $"{attendance.Hours:0.##}h: {removed.Reason}");
            return (TypedResults.Ok(AttendanceView.From(attendance)), true);
        }, ct);
    }

    /// <summary>One person's attendance of a session (default the first), with its revision as the ETag.</summary>
    public static async Task<Results<Ok<AttendanceView>, ProblemHttpResult>> GetOneAsync(
        Guid id, Guid personId, Guid? sessionId, TrainingDbContext db, CancellationToken ct)
    {
        var training = await db.Events.AsNoTracking().Include(t => t.Sessions).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (training is null) return ApiProblems.NotFound("Training event", id);
        var session = sessionId is { } sid ? training.Sessions.FirstOrDefault(s => s.Id == sid) : training.Sessions.MinBy(s => s.Order);
        if (session is null) return ApiProblems.NotFound("Session", sessionId!);
        var attendance = await db.Attendances.AsNoTracking().FirstOrDefaultAsync(a => a.SessionId == session.Id && a.PersonId == personId, ct);
        return attendance is null ? ApiProblems.NotFound("Attendance", personId) : TypedResults.Ok(AttendanceView.From(attendance));
    }

    /// <summary>
    /// 学时更正 (staff, a reason required, audited, before or after the lock): one attendance's hours, If-Match its
    /// revision. AttendanceRecorded with the next Version and the new hours (a guest's under the guest's tenant) lets
    /// scoring and the member record replace them.
    /// </summary>
    public static async Task<Results<Ok<AttendanceView>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        Guid id, Guid personId, Guid? sessionId, CorrectAttendanceRequest request, IfMatch ifMatch, TrainingDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Check(request.Hours is > 0, "hours", "学时必须大于 0 (hours > 0)")
            .Check(sessionId != Guid.Empty, "sessionId", "无效的场次 (not a session id)")
            .Required("reason", request.Reason, TrainingEvent.ReasonMaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        var hours = request.Hours!.Value;
        return await db.LockedAsync<Results<Ok<AttendanceView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var session = sessionId is { } sid ? training.Sessions.FirstOrDefault(s => s.Id == sid) : training.Sessions.MinBy(s => s.Order);
            if (session is null) return (ApiProblems.NotFound("Session", sessionId!), false);
            var attendance = await db.Attendances.FirstOrDefaultAsync(a => a.SessionId == session.Id && a.PersonId == personId, ct);
            if (attendance is null) return (ApiProblems.NotFound("Attendance", personId), false);
            // The event's row lock orders every attendance change, so the revision read here is the one the change replaces.
            if (!ifMatch.Names((uint)attendance.Version)) return (IfMatch.Stale("attendance"), false);
            var (before, revision) = (attendance.Hours, attendance.Version);
            var corrected = training.CorrectAttendance(attendance, hours, clock.GetUtcNow());
            if (corrected.Error is { Code: "hours-over-session" } tooMany)
                return (new Validator().Check(false, "hours", tooMany.Title).ToProblem(), false);
            if (corrected.Error is { } refused) return (ApiProblems.Refused(refused), false);
            if (attendance.Version == revision) return (TypedResults.Ok(AttendanceView.From(attendance)), false); // the same hours again
            db.AddAudit(caller.TenantId, caller.Subject, "training.attendance-hours-corrected", $"events/{id}/sessions/{session.Id}/attendance/{personId}",
                $"{before:0.##}h → {hours:0.##}h: {request.Reason!.Trim()}");
            return (TypedResults.Ok(AttendanceView.From(attendance)), true);
        }, ct);
    }

    /// <summary>The signed-in person checks in with the code on the screen: a confirmed registrant, inside the session's window, once.</summary>
    public static async Task<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInRequest request, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Required("token", request.Token, 200);
        if (!validator.IsValid) return validator.ToProblem();
        if (caller.PersonId is not { } personId)
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只有个人账号可以扫码签到", "Only a person checks in.");
        var now = clock.GetUtcNow();
        var verified = codes.Verify(caller.TenantId, id, request.Token, now);
        if (verified.Error is { } bad) // expired: 410, the screen has a newer one; forged or another event's: 400
            return ApiProblems.Problem(bad.Code == "check-in-token-expired" ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest, bad.Code, bad.Title, bad.Detail);
        var token = verified.Value!;
        return await db.LockedAsync<Results<Created<AttendanceView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            var outcome = await CheckInLockedAsync(db, training, token.SessionId, personId, null, codes, now, ct);
            if (outcome.Error is { Code: "not-found" }) return (ApiProblems.NotFound("Session", token.SessionId), false);
            if (outcome.Error is { } refused) return (ApiProblems.Refused(refused), false);
            return (TypedResults.Created($"/events/{id}/attendance/{personId}", AttendanceView.From(outcome.Value!)), true);
        }, ct);
    }

    /// <summary>
    /// The check-in itself, on the locked event once the token held: the session's window, the attendance lock, a
    /// confirmed registration of this person (a guest's, of <paramref name="guestTenantId"/>, for a guest), once.
    /// </summary>
    public static async Task<Outcome<Attendance>> CheckInLockedAsync(TrainingDbContext db, TrainingEvent training, Guid sessionId, Guid personId,
        string? guestTenantId, CheckInCodes codes, DateTimeOffset now, CancellationToken ct)
    {
        var session = training.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (session is null) return new DomainError("not-found", "未找到场次", $"Session '{sessionId}' was not found.");
        var (opens, closes) = codes.Window(session);
        if (now < opens || now > closes) return CheckInCodes.OutsideWindow(opens, closes);
        if (training.AttendanceLocked(now, codes.AttendanceGrace))
            return new DomainError("attendance-locked", "签到记录已锁定", "The event's attendance is locked.");
        if (!await db.Registrations.AnyAsync(r => r.TrainingEventId == training.Id && r.PersonId == personId && r.GuestTenantId == guestTenantId
                && r.Status == RegistrationStatus.Confirmed, ct))
            return new DomainError("not-registered", "未报名或报名未确认，请联系工作人员", "Only a confirmed registrant checks in with the code.");
        return await RecordAsync(db, training, session, personId, null, AttendanceMethod.QrCode, null, now, ct, guestTenantId);
    }

    private static async Task<Outcome<Attendance>> RecordAsync(TrainingDbContext db, TrainingEvent training, TrainingSession session, Guid personId,
        decimal? hours, AttendanceMethod method, Guid? recordedBy, DateTimeOffset now, CancellationToken ct, string? guestTenantId = null)
    {
        var already = await db.Attendances.AnyAsync(a => a.SessionId == session.Id && a.PersonId == personId, ct);
        var attended = await db.Attendances.CountAsync(a => a.SessionId == session.Id, ct);
        var outcome = training.RecordAttendance(session, personId, hours, already, attended, method, recordedBy, now, guestTenantId);
        if (outcome.Value is { } attendance) db.Attendances.Add(attendance);
        return outcome;
    }

    public static async Task<Results<Ok<List<AttendanceView>>, ProblemHttpResult>> ListAsync(Guid id, TrainingDbContext db, CancellationToken ct)
    {
        if (!await db.Events.AnyAsync(t => t.Id == id, ct)) return ApiProblems.NotFound("Training event", id);
        var rows = await db.Attendances.AsNoTracking().Where(a => a.TrainingEventId == id).OrderBy(a => a.CheckedInAt).ThenBy(a => a.PersonId).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(AttendanceView.From).ToList());
    }

    public static async Task<Results<Ok<CheckInCode>, ProblemHttpResult>> CodeAsync(
        Guid id, Guid sessionId, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct)
    {
        var (code, problem) = await IssueAsync(id, sessionId, db, caller, codes, clock, ct);
        return code is null ? problem! : TypedResults.Ok(code);
    }

    private static async Task<IResult> CodeImageAsync(Guid id, Guid sessionId, TrainingDbContext db, Caller caller, CheckInCodes codes,
        TimeProvider clock, Func<string, byte[]> render, string contentType, CancellationToken ct)
    {
        var (code, problem) = await IssueAsync(id, sessionId, db, caller, codes, clock, ct);
        if (code is null) return problem!;
        return TypedResults.File(render(code.Token), contentType);
    }

    private static async Task<(CheckInCode? Code, ProblemHttpResult? Problem)> IssueAsync(
        Guid id, Guid sessionId, TrainingDbContext db, Caller caller, CheckInCodes codes, TimeProvider clock, CancellationToken ct)
    {
        var training = await db.Events.AsNoTracking().Include(t => t.Sessions).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (training is null) return (null, ApiProblems.NotFound("Training event", id));
        var session = training.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (session is null) return (null, ApiProblems.NotFound("Session", sessionId));
        if (training.Status is TrainingEventStatus.Cancelled or TrainingEventStatus.Archived)
            return (null, ApiProblems.Conflict("invalid-status", "活动已取消或归档，不能签到", "No check-in for a cancelled or archived event."));
        var issued = codes.Issue(caller.TenantId, session, clock.GetUtcNow());
        return issued.Error is { } refused ? (null, ApiProblems.Refused(refused)) : (issued.Value, null);
    }

    /// <summary>出勤表: every confirmed registrant and every attendee per session, present or absent, with the hours.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, TrainingDbContext db, Caller caller, CancellationToken ct)
    {
        var training = await db.Events.AsNoTracking().Include(t => t.Sessions).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (training is null) return ApiProblems.NotFound("Training event", id);
        var bytes = await AttendanceSheet.XlsxAsync(db, training, ct);
        db.AddAudit(caller.TenantId, caller.Subject, "training.attendance-exported", $"events/{id}/attendance.xlsx", $"{bytes.Rows} rows");
        await db.SaveChangesAsync(ct);
        return TypedResults.File(bytes.Content, AttendanceSheet.XlsxContentType, $"attendance-{id:N}.xlsx");
    }
}
