using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.Review.Apis;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<ReviewDbContext>(ResourceNames.Review, ResourceNames.ReviewDb);
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionSubmitted, OpenReviewCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionWithdrawn, CloseWithdrawnCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionEdited, ContentVersionHandler>();
builder.AddForwardingHandlers();

var app = builder.Build();
app.UseServicePlatform<ReviewDbContext>();
app.MapReviewCasesApi();
app.MapWorkflowApi();
app.MapQueuesApi();
app.MapAdoptionsApi();
app.MapForwardingsApi();
app.Run();

public partial class Program;
