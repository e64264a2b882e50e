using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using SheqingMinyi.Identity.Messaging;
using SheqingMinyi.Security;

namespace SheqingMinyi.Identity.Apis;

/// <summary><c>departmentId</c>: with (and only with) the department role, the department (review's) the account acts for.</summary>
public sealed record InviteAccountRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, Guid? PersonId, Guid? DepartmentId = null);
public sealed record ActivateAccountRequest(string? UserName, string? Code, string? Password);

public sealed record AccountView(Guid Id, string UserName, string DisplayName, Guid? PersonId, IReadOnlyList<string> Roles,
    AccountStatus Status, DateTimeOffset? ActivationExpiresAt, DateTimeOffset CreatedAt, Guid? DepartmentId = null) : IVersioned
{
    /// <summary>The row version read: the ETag, not part of the body.</summary>
    public uint Version { get; init; }

    public static AccountView From(Account a) =>
        new(a.Id, a.UserName, a.DisplayName, a.PersonId, a.Roles, a.Status, a.ActivationExpiresAt, a.CreatedAt, a.DepartmentId) { Version = a.Version };
}

/// <summary>The one-time activation code is in this answer only; the service keeps its hash.</summary>
public sealed record ActivationView(AccountView Account, string ActivationCode, DateTimeOffset ExpiresAt);

/// <summary>
/// 账号: a tenant admin invites their people (a one-time activation code, with which the person sets a password),
/// disables, enables and resets their accounts — in their own tenant only, and never platform operators. A
/// <c>personId</c> must name a person the people service registered in the tenant (known from its PersonRegistered
/// events, <see cref="Messaging.RecordPerson"/>); it is unique per tenant. Without one, a staff account.
/// </summary>
public static partial class AccountsApi
{
    public const string Invited = "account-invited", Disabled = "account-disabled", Enabled = "account-enabled", Reset = "account-reset",
        Activated = "account-activated", ActivationFailed = "account-activation-failed";

    /// <summary>What a tenant admin may grant: every role of the tenant, not platform-operator nor partner.</summary>
    public static readonly string[] AssignableRoles =
        [PlatformRoles.Member, PlatformRoles.Officer, PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.Leader, PlatformRoles.Chair, PlatformRoles.TenantAdmin,
            PlatformRoles.Department];

    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        // Anonymous like /connect/token, and like it left out of the API document (whose operations all name a scheme).
        app.MapPost("/accounts/activate", ActivateAsync).AllowAnonymous().ExcludeFromDescription();
        var group = app.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(PlatformPolicies.TenantAdmin);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithETag();
        group.MapPost("/", InviteAsync);
        group.MapPost("/{id:guid}/disable", DisableAsync).WithIdempotency();
        group.MapPost("/{id:guid}/enable", EnableAsync).WithIdempotency();
        group.MapPost("/{id:guid}/reset", ResetAsync);
        return group;
    }

    /// <summary>Accounts have row security but no query filter (sign-in finds them by name): the tenant condition is said here.</summary>
    private static IQueryable<Account> Own(IdentityDbContext db, Caller caller)
    {
        var tenant = caller.TenantId;
        return db.Accounts.Where(a => a.TenantId == tenant);
    }

    public static async Task<Ok<PagedList<AccountView>>> ListAsync(IdentityDbContext db, Caller caller, PageRequest page, CancellationToken ct) =>
        TypedResults.Ok((await Own(db, caller).AsNoTracking().OrderBy(a => a.UserName).ToPageAsync(page, ct)).Select(AccountView.From));

    public static async Task<Results<Ok<AccountView>, ProblemHttpResult>> GetAsync(Guid id, IdentityDbContext db, Caller caller, CancellationToken ct) =>
        await Own(db, caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } account
            ? TypedResults.Ok(AccountView.From(account))
            : ApiProblems.NotFound("Account", id);

    public static async Task<Results<Created<ActivationView>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InviteAccountRequest request, IdentityDbContext db, Caller caller, IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var roles = request.Roles ?? [];
        var validator = new Validator()
            .Check(request.UserName is { } name && UserNamePattern().IsMatch(name), "userName",
                "3–64 个小写字母、数字、点、连字符或下划线，以字母或数字开头 (3-64 lowercase letters, digits, '.', '-', '_')")
            .Required("displayName", request.DisplayName, Account.DisplayNameMaxLength)
            .Check(roles.Count > 0 && roles.All(AssignableRoles.Contains), "roles", $"可授予的角色: {string.Join(", ", AssignableRoles)}")
            .Check(request.PersonId != Guid.Empty, "personId", "不能为空 GUID (must not be the empty GUID)")
            .Check(!roles.Contains(PlatformRoles.Department) || roles.Count == 1, "roles", "承办单位角色 (department) 不能与其他角色同授 (alone)")
            .Check(roles.Contains(PlatformRoles.Department) == (request.DepartmentId is not null), "departmentId",
                "承办单位角色须且只须指明承办单位 (required with the department role, and only with it)");
        if (!validator.IsValid) return validator.ToProblem();
        if (request.DepartmentId is { } department && !await db.IsActiveDepartmentAsync(caller.TenantId, department, ct))
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["departmentId"] = ["承办单位不存在、已停用或尚未同步 (unknown or inactive department of this tenant, or not yet received from review)"],
            });
        // Only a person the people service registered in this tenant (another tenant's person is unknown here too).
        if (request.PersonId is { } named && !await db.IsKnownPersonAsync(caller.TenantId, named, ct))
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["personId"] = ["人员不存在或尚未同步 (unknown person in this tenant, or not yet received from the people service)"],
            });
        if (await db.Accounts.AnyAsync(a => a.UserName == request.UserName, ct)) return DuplicateUserName(request.UserName!);
        if (request.PersonId is { } person && await Own(db, caller).AnyAsync(a => a.PersonId == person, ct))
            return ApiProblems.Conflict("duplicate-person", "该人员已有账号", $"Person '{person}' already has an account in this tenant.");

        var now = clock.GetUtcNow();
        var code = ActivationCodes.New();
        var expires = now + options.Value.ActivationLifetime;
        var account = Account.Invite(caller.TenantId, request.UserName!, request.DisplayName!.Trim(), roles, request.PersonId, ActivationCodes.Hash(code), expires, now,
            request.DepartmentId);
        if (request.PersonId is { } appointee && await db.IsAppointedAsync(caller.TenantId, appointee, ct))
            account.GrantRole(PlatformRoles.Officer); // appointed before the account existed (GrantOfficerRole)
        db.Accounts.Add(account);
        db.AddAudit(caller.TenantId, caller.Subject, Invited, account.Id.ToString(), $"{account.UserName} {string.Join(',', account.Roles)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return DuplicateUserName(request.UserName!);
        }
        return TypedResults.Created($"/accounts/{account.Id}", new ActivationView(AccountView.From(account), code, expires));
    }

    public static Task<Results<Ok<AccountView>, ProblemHttpResult>> DisableAsync(Guid id, IfMatch ifMatch, IdentityDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct) => ChangeAsync(id, ifMatch, db, caller, Disabled, ct, account =>
        {
            var outcome = account.Disable(clock.GetUtcNow());
            if (outcome.Value is { } revocation) db.Revocations.Add(revocation);
            return new Outcome(outcome.Error);
        });

    public static Task<Results<Ok<AccountView>, ProblemHttpResult>> EnableAsync(Guid id, IfMatch ifMatch, IdentityDbContext db, Caller caller,
        CancellationToken ct) => ChangeAsync(id, ifMatch, db, caller, Enabled, ct, account => account.Enable());

    /// <summary>The password stops working at once, tokens already issued are revoked, and a new activation code is answered once.</summary>
    public static async Task<Results<Ok<ActivationView>, ProblemHttpResult>> ResetAsync(Guid id, IfMatch ifMatch, IdentityDbContext db, Caller caller,
        IOptions<AccountOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var code = ActivationCodes.New();
        var expires = now + options.Value.ActivationLifetime;
        var result = await ChangeAsync(id, ifMatch, db, caller, Reset, ct, account =>
        {
            db.Revocations.Add(account.Reset(ActivationCodes.Hash(code), expires, now));
            return Outcome.Done;
        });
        return result.Result switch
        {
            Ok<AccountView> ok => TypedResults.Ok(new ActivationView(ok.Value!, code, expires)),
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }

    /// <summary>
    /// Anonymous: the person sets their password with the code they were given, which is used up. A wrong, expired or
    /// used code, or an unknown user name, all get the same answer; a password breaking the rules gets them listed
    /// and leaves the code usable.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ActivateAsync(ActivateAccountRequest request,
        IdentityDbContext db, AllTenants allTenants, IPasswordHasher<Account> hasher, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("userName", request.UserName, 100)
            .Required("code", request.Code, 100)
            .Check(request.Password is { Length: > 0 }, "password", "必填 (required)");
        if (!validator.IsValid) return validator.ToProblem();
        // the account, and so its tenant, is found by user name
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.UserName == request.UserName, ct);
        if (account is null || !account.ActivationHolds(ActivationCodes.Hash(request.Code!), clock.GetUtcNow()))
        {
            if (account is not null)
            {
                db.AddAudit(account.TenantId, account.Id.ToString(), ActivationFailed, account.Id.ToString(), "invalid or expired code");
                await db.SaveChangesAsync(ct);
            }
            return InvalidActivation();
        }
        if (PasswordPolicy.Violations(request.Password, account.UserName) is { Count: > 0 } violations)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["password"] = [.. violations] });
        account.Activate(hasher.HashPassword(account, request.Password!));
        db.AddAudit(account.TenantId, account.Id.ToString(), Activated, account.Id.ToString(), account.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return InvalidActivation(); // the same code used by a concurrent request first
        }
        return TypedResults.NoContent();
    }

    /// <summary>Load the caller's tenant's account, check If-Match, apply <paramref name="change"/>, audit, save — one transaction.</summary>
    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> ChangeAsync(Guid id, IfMatch ifMatch, IdentityDbContext db, Caller caller,
        string action, CancellationToken ct, Func<Account, Outcome> change)
    {
        var account = await Own(db, caller).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return ApiProblems.NotFound("Account", id);
        if (!ifMatch.Holds(db, account, a => a.Version)) return IfMatch.Stale("account");
        if (account.Roles.Contains(PlatformRoles.PlatformOperator))
            return ApiProblems.Refused(new DomainError("operator-account", "平台运营者账号不能由租户管理员管理",
                "A platform operator's account is managed by the platform, not by a tenant admin."));
        if (account.Id.ToString() == caller.Subject)
            return ApiProblems.Refused(new DomainError("own-account", "不能对自己的账号执行此操作", "A tenant admin cannot disable or reset their own account."));
        if (change(account) is { Error: { } refused }) return ApiProblems.Refused(refused);
        db.AddAudit(caller.TenantId, caller.Subject, action, account.Id.ToString(), account.UserName);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("account");
        }
        return TypedResults.Ok(AccountView.From(account));
    }

    private static ProblemHttpResult DuplicateUserName(string userName) =>
        ApiProblems.Conflict("duplicate-user-name", "用户名已被使用", $"The user name '{userName}' is taken.");

    private static ProblemHttpResult InvalidActivation() => ApiProblems.Problem(StatusCodes.Status400BadRequest, "activation-invalid",
        "激活码无效、已过期或已使用", "The user name and activation code do not match a pending activation.");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();
}
