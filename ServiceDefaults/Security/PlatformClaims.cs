namespace SheqingMinyi.Security;

/// <summary>Claims the identity service puts in access tokens and every service reads.</summary>
public static class PlatformClaims
{
    public const string Tenant = "tenant";
    public const string PersonId = "person_id";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string ClientId = "client_id";
    /// <summary>The government department (交办 handling unit) a department's client or account acts for, in review.</summary>
    public const string Department = "department_id";
    /// <summary>The single audience of earlier tokens; no longer issued or accepted (see <see cref="PlatformAudiences"/>).</summary>
    public const string Audience = "sqmy-api";
}

/// <summary>The roles of the domain (see the domain guide).</summary>
public static class PlatformRoles
{
    public const string Member = "member", Officer = "officer", StaffEditor = "staff-editor", Director = "director",
        Leader = "leader", Chair = "chair", TenantAdmin = "tenant-admin", PlatformOperator = "platform-operator", Partner = "partner",
        // A person of a government department handling assigned items (交办); the account names the department.
        Department = "department";

    public static readonly string[] All = [Member, Officer, StaffEditor, Director, Leader, Chair, TenantAdmin, PlatformOperator, Partner, Department];
}

/// <summary>Scopes a partner client can be granted.</summary>
public static class PlatformScopes
{
    public const string IntakeSubmit = "intake.submit", IntakeRead = "intake.read", ReviewRead = "review.read",
        PeopleRead = "people.read", ScoringRead = "scoring.read", TrainingRead = "training.read",
        // A department's system: read its queue of assigned items and act on them (accept, reply, ask to transfer or extend).
        ReviewHandle = "review.handle";

    public static readonly string[] All = [IntakeSubmit, IntakeRead, ReviewRead, PeopleRead, ScoringRead, TrainingRead, ReviewHandle];
}
