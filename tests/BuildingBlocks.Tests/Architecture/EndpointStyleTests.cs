namespace SheqingMinyi.BuildingBlocks.Tests.Architecture;

/// <summary>
/// One domain style for endpoints: who calls and for which tenant through <c>Caller</c>, the time through
/// <c>TimeProvider</c>, and events raised by aggregates. Read from the source so an endpoint written the old way
/// fails the build's tests, not a review.
/// </summary>
public sealed class EndpointStyleTests
{
    /// <summary>What an endpoint file must not say, and what to use instead.</summary>
    private static readonly (string Forbidden, string Instead)[] OldWays =
    [
        ("ClaimsPrincipal", "take a Caller parameter"),
        ("DateTimeOffset.UtcNow", "take a TimeProvider parameter"),
        ("DateTime.UtcNow", "take a TimeProvider parameter"),
        ("AddEvent(", "let the aggregate Raise(...) the event"),
    ];

    /// <summary>Identity's token endpoint and sign-in page sign people in: there is no caller yet, so they build the
    /// principal themselves (and take <c>AllTenants</c>, as every endpoint working across tenants does). The other
    /// rules still hold for them.</summary>
    private static readonly string[] SignInEndpoints = ["TokenEndpoint.cs", "SignInPage.cs"];

    /// <summary>The platform's own endpoints; they keep TenantContext only for middleware and the operator's owner scope.</summary>
    private static readonly string[] BuildingBlocksEndpoints =
        ["Messaging/DeadLetterApi.cs", "Messaging/OutboxAdminApi.cs", "Auditing/AuditApi.cs", "Files/FileStoreApi.cs"];

    public static TheoryData<string> ServiceEndpointFiles()
    {
        var services = Path.Combine(RepositoryRoot(), "services");
        var files = Directory.GetDirectories(services).SelectMany(Directory.GetDirectories)
            .Select(project => Path.Combine(project, "Apis")).Where(Directory.Exists)
            .SelectMany(apis => Directory.GetFiles(apis, "*.cs", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(services, file)).Order().ToList();
        Assert.NotEmpty(files); // a moved folder must not make this test pass by finding nothing
        return [.. files];
    }

    public static TheoryData<string> BuildingBlocksEndpointFiles() => [.. BuildingBlocksEndpoints];

    [Theory]
    [MemberData(nameof(ServiceEndpointFiles))]
    public void A_service_endpoint_reads_caller_clock_and_events_the_one_way(string file)
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "services", file));
        var signsIn = SignInEndpoints.Contains(Path.GetFileName(file));
        var found = OldWaysIn(source).Where(way => !(signsIn && way.StartsWith("ClaimsPrincipal"))).ToList();
        if (source.Contains("TenantContext", StringComparison.Ordinal))
            found.Add("TenantContext: take a Caller parameter (or AllTenants to work across tenants)");
        Assert.True(found.Count == 0, $"services/{file} reads the old way: {string.Join("; ", found)}");
    }

    [Theory]
    [MemberData(nameof(BuildingBlocksEndpointFiles))]
    public void A_building_blocks_endpoint_reads_caller_clock_and_events_the_one_way(string file)
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "services", "BuildingBlocks", file));
        var found = OldWaysIn(source).ToList();
        Assert.True(found.Count == 0, $"services/BuildingBlocks/{file} reads the old way: {string.Join("; ", found)}");
    }

    private static IEnumerable<string> OldWaysIn(string source) =>
        OldWays.Where(way => source.Contains(way.Forbidden, StringComparison.Ordinal)).Select(way => $"{way.Forbidden}: {way.Instead}");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SheqingMinyi.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No SheqingMinyi.sln above {AppContext.BaseDirectory}.");
    }
}
