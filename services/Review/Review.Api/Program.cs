using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Review.Apis;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<ReviewDbContext>(ResourceNames.Review, ResourceNames.ReviewDb);
builder.AddFileStore();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionSubmitted, OpenReviewCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionWithdrawn, CloseWithdrawnCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionEdited, ContentVersionHandler>();
builder.AddForwardingHandlers();
builder.AddPeopleDirectory<ReviewDbContext>(); // named reviewers and assignees are checked against it

var app = builder.Build();
app.UseServicePlatform<ReviewDbContext>();
app.MapReviewCasesApi();
app.MapWorkflowApi();
app.MapQueuesApi();
app.MapAdoptionsApi();
app.MapForwardingsApi();
app.MapInstructionsApi();
// Evidence (scanned publications, instruction documents): uploaded by whoever records in review, read by its readers.
app.MapFileStoreApi<ReviewDbContext>(SheqingMinyi.Security.PlatformPolicies.Staff, SheqingMinyi.Security.PlatformPolicies.ReviewReader);
app.Run();

public partial class Program;
