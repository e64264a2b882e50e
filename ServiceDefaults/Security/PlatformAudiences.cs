namespace SheqingMinyi.Security;

/// <summary>
/// Each service is an audience of its own, <c>sqmy-{service}</c>: a token names the services it is for, and a
/// service accepts only tokens that name it (the gateway accepts any of them). A partner's token names the services
/// of its scopes (<c>intake.*</c> → <c>sqmy-intake</c>); a person's token names every service (people use them all
/// through the portal; their roles decide what they may do there).
/// </summary>
public static class PlatformAudiences
{
    public const string Prefix = "sqmy-";

    public static readonly string[] Services =
        [ResourceNames.Identity, ResourceNames.Intake, ResourceNames.Review, ResourceNames.People, ResourceNames.TrainingEvents, ResourceNames.Scoring];

    public static string For(string service) => Prefix + service;

    public static readonly string[] All = [.. Services.Select(For)];

    /// <summary>The services a scope is for, by its prefix (<c>training.read</c> → training).</summary>
    public static string[] ForScopes(IEnumerable<string> scopes) =>
        [.. scopes.Select(s => s.Split('.')[0]).Distinct().Where(Services.Contains).Select(For)];
}
