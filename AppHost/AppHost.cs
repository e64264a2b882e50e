using SheqingMinyi;
using SheqingMinyi.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(SpeedSettings.Options(args));
var speed = SpeedSettings.From(builder.Configuration);

var stores = builder.AddStores(speed);
// Demo data (published passwords and secrets) only where it is safe: local mode, or when asked for explicitly.
var seedDemoData = builder.Configuration["Demo:Seed"] ?? (stores.IsLocal ? "true" : "false");

var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway);
// One issuer everywhere: the gateway's public origin (see PlatformAuthSettings).
var auth = new PlatformAuthSettings(builder.Configuration, gateway, stores.IsLocal);

var identityDb = stores.Database(ResourceNames.IdentityDb);
var identity = auth.Issuer(builder.AddProject<Projects.Identity_Api>(ResourceNames.Identity))
    .WithReference(identityDb).WaitFor(identityDb).WithReference(stores.Owner(ResourceNames.IdentityDb))
    .WithReference(stores.Redis).WaitFor(stores.Redis) // its outbox announces tenants to the services
    .WithEnvironment("Demo__Seed", seedDemoData)
    .WithHttpHealthCheck("/health")
    .WithPlatformHostsDeniedToWebhooks(); // the SSRF guard refuses the platform's own addresses in every mode
// The password grant stays for scripts and tests in local mode only; elsewhere people use the code flow.
if (stores.IsLocal)
    identity.WithEnvironment("Identity__PasswordGrantClients__0", "sqmy-portal")
        // Webhook endpoints on 127.0.0.1 (a partner's receiver on this machine); identity honours it in Development only.
        .WithEnvironment("Webhooks__AllowLoopback", "true");
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
    return auth.Validator(builder.AddProject<TProject>(name))
        .WithReference(db).WaitFor(db).WithReference(stores.Owner(database))
        // Not waiting for identity: the JWKS is fetched at the first token, and events about a tenant identity has
        // not announced yet are retried until it has (Messaging:UnknownTenantGrace), so all start at once.
        .WithReference(identity)
        .WithReference(stores.Redis).WaitFor(stores.Redis)
        .WithEnvironment("Demo__Seed", seedDemoData)
        .WithHttpHealthCheck("/health")
        .WithOutboxRepublishCommands(stores.Owner(database));
}

var people = Service<Projects.People_Api>(ResourceNames.People, ResourceNames.PeopleDb);
// People's own key ring, for personal data at rest; other modes configure People:KeyRing (see the README).
if (stores.LocalDataDirectory is { } peopleData)
    people.WithEnvironment("People__KeyRing__Directory", Path.Combine(peopleData, "people-keyring"));
// The three on the hot paths scale out (Scale:Replicas): each replica is one more consumer in its service's group.
var intake = Service<Projects.Intake_Api>(ResourceNames.Intake, ResourceNames.IntakeDb).WithReplicas(speed.Replicas);
var review = Service<Projects.Review_Api>(ResourceNames.Review, ResourceNames.ReviewDb).WithReplicas(speed.Replicas);
// Evidence files (扫描件) beside the stores' data, shared by review's replicas; other modes set Files:RootDirectory.
if (stores.LocalDataDirectory is { } reviewData)
    review.WithEnvironment("Files__RootDirectory", Path.Combine(reviewData, "review-files"));
var training = Service<Projects.TrainingEvents_Api>(ResourceNames.TrainingEvents, ResourceNames.TrainingEventsDb);
var scoring = Service<Projects.Scoring_Api>(ResourceNames.Scoring, ResourceNames.ScoringDb).WithReplicas(speed.Replicas);

auth.Validator(gateway)
    .WithReference(identity).WithReference(people).WithReference(intake).WithReference(review).WithReference(training).WithReference(scoring)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.ApplyToEveryProject(speed);
builder.RunProjectsFromTheirBuild(speed);
if (stores.DirectEndpoints)
    builder.MakeProjectsDirect();

// Exits 1 (with the reason) if a store fails to start, rather than waiting for it forever.
return await builder.Build().RunAndReportStartupFailureAsync();
