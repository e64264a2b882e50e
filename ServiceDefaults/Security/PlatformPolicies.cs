using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace SheqingMinyi.Security;

/// <summary>
/// Who may call what, by role and (for partner systems) scope. Partners act only within their scopes; people act
/// by their roles. Ownership rules (a member's own drafts) are checked by the endpoints with <see cref="Caller"/>.
/// </summary>
public static class PlatformPolicies
{
    public const string Staff = "staff", TenantAdmin = "tenant-admin", Writer = "writer", IntakeReader = "intake-reader",
        ReviewReader = "review-reader", PeopleReader = "people-reader", TrainingReader = "training-reader", ScoringReader = "scoring-reader",
        PersonalData = "personal-data",
        // The office's decisions on people (talent pool, recommendations, targets): tenant-admin or director.
        PeopleOffice = "people-office",
        // Polishing (润色) items under review and the tenant's theme tags: the office's editors, its director and the
        // tenant's admin; never partners.
        IntakeEditor = "intake-editor",
        // 交办: a department's system (review.handle) or person (department role), bound to one department.
        DepartmentHandler = "department-handler",
        // Handlings and departments: staff, departments (their own), writers (their items') and partners with review.read.
        HandlingReader = "handling-reader",
        // Review's evidence files: uploaded by staff, and by departments for their replies' attachments.
        EvidenceWriter = "evidence-writer",
        // Registering for and checking in to training events, and "my events": a signed-in person, never a partner.
        TrainingParticipant = "training-participant";

    public static readonly string[] StaffRoles =
        [PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.Leader, PlatformRoles.Chair, PlatformRoles.TenantAdmin];

    public static AuthorizationBuilder AddPlatformPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Staff, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles))
        .AddPolicy(TenantAdmin, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.TenantAdmin))
        .AddPolicy(PeopleOffice, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.TenantAdmin, PlatformRoles.Director))
        .AddPolicy(IntakeEditor, Signed(u => u.IsPerson([PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.TenantAdmin])))
        .AddPolicy(Writer, Signed(u => u.IsPerson([PlatformRoles.Member, PlatformRoles.Officer, .. StaffRoles]) || u.IsPartnerWith(PlatformScopes.IntakeSubmit)))
        .AddPolicy(IntakeReader, Signed(u => u.IsPerson() || u.IsPartnerWith(PlatformScopes.IntakeRead)))
        .AddPolicy(ReviewReader, Signed(u => u.IsPerson(StaffRoles) || u.IsPartnerWith(PlatformScopes.ReviewRead)))
        .AddPolicy(PeopleReader, Signed(u => u.IsPerson() || u.IsPartnerWith(PlatformScopes.PeopleRead)))
        .AddPolicy(TrainingReader, Signed(u => u.IsPerson() || u.IsPartnerWith(PlatformScopes.TrainingRead)))
        .AddPolicy(ScoringReader, Signed(u => u.IsPerson() || u.IsPartnerWith(PlatformScopes.ScoringRead)))
        .AddPolicy(DepartmentHandler, Signed(u => u.IsDepartment()))
        .AddPolicy(HandlingReader, Signed(u => u.IsDepartment() || (u.IsPerson() && !u.IsInRole(PlatformRoles.Department)) || u.IsPartnerWith(PlatformScopes.ReviewRead)))
        .AddPolicy(TrainingParticipant, Signed(u => u.IsPerson()))
        .AddPolicy(EvidenceWriter, Signed(u => u.IsPerson(StaffRoles) || u.IsDepartment()))
        // Full personal data (phone, ID number) and its changes: the tenant's admin and the office director; never partners.
        .AddPolicy(PersonalData, Signed(u => u.IsPerson([PlatformRoles.TenantAdmin, PlatformRoles.Director])));

    /// <summary>A signed-in caller (401 otherwise) for whom <paramref name="allowed"/> holds (403 otherwise).</summary>
    private static Action<AuthorizationPolicyBuilder> Signed(Func<ClaimsPrincipal, bool> allowed) =>
        p => p.RequireAuthenticatedUser().RequireAssertion(c => allowed(c.User));

    /// <summary>A signed-in person (not a partner system), optionally holding one of <paramref name="roles"/>.</summary>
    public static bool IsPerson(this ClaimsPrincipal user, string[]? roles = null) =>
        !user.IsInRole(PlatformRoles.Partner) && (roles is null || roles.Any(user.IsInRole));

    /// <summary>A department's caller: its system (partner with review.handle) or one of its people (department role),
    /// either naming the department it acts for.</summary>
    public static bool IsDepartment(this ClaimsPrincipal user) =>
        user.DepartmentId() is not null && (user.IsPartnerWith(PlatformScopes.ReviewHandle) || user.IsPerson([PlatformRoles.Department]));

    public static Guid? DepartmentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.Department)?.Value, out var id) ? id : null;

    public static bool IsPartnerWith(this ClaimsPrincipal user, string scope) =>
        user.IsInRole(PlatformRoles.Partner) && user.HasScope(scope);

    /// <summary>Staff see and act on everything of their tenant; partners act within their scopes.</summary>
    public static bool SeesWholeTenant(this ClaimsPrincipal user) =>
        user.IsPerson(StaffRoles) || user.IsInRole(PlatformRoles.Partner);
}
