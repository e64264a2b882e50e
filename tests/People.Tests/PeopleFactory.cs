using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public class PeopleFactory() : ServiceFactory<Program>(ResourceNames.PeopleDb)
{
    /// <summary>One key ring (People:KeyRing) for every people fixture of the run, as replicas share one.</summary>
    public static readonly string KeyRingDirectory = Path.Combine(Path.GetTempPath(), "sqmy-people-keyring-tests");

    protected override IDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["People:KeyRing:Directory"] = KeyRingDirectory };
}

/// <summary>People as a local platform starts it: demo data seeded after the migrations.</summary>
public sealed class DemoSeededPeopleFactory : PeopleFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings) { ["Demo:Seed"] = "true" };
}
