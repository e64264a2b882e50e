namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>A PostgreSQL server started from the machine's own binaries (local mode).</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, string dataDirectory, string password,
    ParameterResource applicationPassword)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    /// <summary>Infrastructure:DataDirectory's place for PostgreSQL.</summary>
    public string ConfiguredDataDirectory { get; } = dataDirectory;
    /// <summary>Where the data really is: the configured place unless the postgres user cannot reach it (see
    /// <see cref="PostgresDataLocation"/>); decided just before the server starts.</summary>
    public string DataDirectory { get; internal set; } = dataDirectory;
    public string Password { get; } = password;
    /// <summary>The services' application login (<see cref="BuildingBlocks.Persistence.ApplicationLogin.DefaultName"/>):
    /// its password, generated per run unless Parameters:postgres-app-password is given; set on the login at every start.</summary>
    public ParameterResource ApplicationPassword { get; } = applicationPassword;
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}

/// <summary>
/// One service's database on a <see cref="LocalPostgresResource"/>; created when the server is ready. Reached as the
/// cluster's superuser (the owner: migrations) or, <paramref name="asApplication"/>, as the services' application login.
/// </summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent, bool asApplication = false)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public LocalPostgresResource Parent { get; } = parent;
    public bool AsApplication { get; } = asApplication;

    public ReferenceExpression ConnectionStringExpression => AsApplication
        ? ReferenceExpression.Create(
            $"Host={Parent.PrimaryEndpoint.Property(EndpointProperty.Host)};Port={Parent.PrimaryEndpoint.Property(EndpointProperty.Port)};Username={BuildingBlocks.Persistence.ApplicationLogin.DefaultName};Password={Parent.ApplicationPassword};Database={DatabaseName}")
        : ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

/// <summary>A Redis server started from the machine's redis-server (local mode), which wants <see cref="Password"/>.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);
    /// <summary>requirepass: generated per run unless Parameters:redis-password is given.</summary>
    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={Password}");
}
