namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>One AppHost at a time among these tests: each starts its own, and the machine has two cores.</summary>
[CollectionDefinition(Name)]
public sealed class StoreStartupCollection
{
    public const string Name = "store-startup";
}
