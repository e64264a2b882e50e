using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

public class PeopleFactory() : ServiceFactory<Program>(ResourceNames.PeopleDb);

/// <summary>People as a local platform starts it: demo data seeded after the migrations.</summary>
public sealed class DemoSeededPeopleFactory : PeopleFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
}
