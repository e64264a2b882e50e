using SheqingMinyi;
using SheqingMinyi.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var stores = builder.AddStores();
// Demo data (published passwords and secrets) only where it is safe: local mode, or when asked for explicitly.
var seedDemoData = builder.Configuration["Demo:Seed"] ?? (stores.IsLocal ? "true" : "false");

var identityDb = stores.Database(ResourceNames.IdentityDb);
var identity = builder.AddProject<Projects.Identity_Api>(ResourceNames.Identity)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(stores.Redis).WaitFor(stores.Redis) // its outbox announces tenants to the services
    .WithEnvironment("Demo__Seed", seedDemoData)
    .WithHttpHealthCheck("/health");
// The Data Protection key ring that encrypts the server keys; other modes configure Identity:KeyRing (see the README).
if (stores.LocalDataDirectory is { } dataDirectory)
    identity.WithEnvironment("Identity__KeyRing__Directory", Path.Combine(dataDirectory, "identity-keyring"));
// Without demo data the platform starts with no account: the first operator comes from a secret given at deployment
// (Parameters:operator-password), once; see the README.
if (!stores.IsLocal)
    identity.WithEnvironment("Identity__Bootstrap__OperatorPassword", builder.AddParameter("operator-password", secret: true));

// Every service validates tokens against the identity service's JWKS, found through service discovery.
IResourceBuilder<ProjectResource> Service<TProject>(string name, string database) where TProject : IProjectMetadata, new()
{
    var db = stores.Database(database);
    return builder.AddProject<TProject>(name)
        .WithReference(db).WaitFor(db)
        .WithReference(identity).WaitFor(identity)
        .WithReference(stores.Redis).WaitFor(stores.Redis)
        .WithEnvironment("Demo__Seed", seedDemoData)
        .WithHttpHealthCheck("/health")
        .WithOutboxRepublishCommands(db);
}

var people = Service<Projects.People_Api>(ResourceNames.People, ResourceNames.PeopleDb);
var intake = Service<Projects.Intake_Api>(ResourceNames.Intake, ResourceNames.IntakeDb);
var review = Service<Projects.Review_Api>(ResourceNames.Review, ResourceNames.ReviewDb);
var training = Service<Projects.TrainingEvents_Api>(ResourceNames.TrainingEvents, ResourceNames.TrainingEventsDb);
var scoring = Service<Projects.Scoring_Api>(ResourceNames.Scoring, ResourceNames.ScoringDb);

builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithReference(identity).WithReference(people).WithReference(intake).WithReference(review).WithReference(training).WithReference(scoring)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// Exits 1 (with the reason) if a store fails to start, rather than waiting for it forever.
return await builder.Build().RunAndReportStartupFailureAsync();
