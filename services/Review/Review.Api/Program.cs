using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Review.Apis;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain.Feedback.Proofs;
using SheqingMinyi.Review.Jobs;
using SheqingMinyi.Review.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<ReviewDbContext>(ResourceNames.Review, ResourceNames.ReviewDb);
builder.AddFileStore();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionSubmitted, OpenReviewCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionWithdrawn, CloseWithdrawnCase>();
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.SubmissionEdited, ContentVersionHandler>();
builder.AddForwardingHandlers();
builder.AddFeedbackHandlers(); // invitations and reminders from other services reach the writers' inbox
builder.AddPeopleDirectory<ReviewDbContext>(); // named reviewers and assignees are checked against it
builder.AddHandlingSupervision();
builder.AddDemoData<ReviewDbContext, ReviewDemoData>();
builder.AddProofs(); // 采用证明 / 批示证明 as PDF
builder.AddEventHandler<SheqingMinyi.IntegrationEvents.PublicationIssuePublished, RecordPublication>(); // 刊期, for the proofs

var app = builder.Build();
app.UseServicePlatform<ReviewDbContext>();
app.MapReviewCasesApi();
app.MapWorkflowApi();
app.MapQueuesApi();
app.MapAdoptionsApi();
app.MapForwardingsApi();
app.MapInstructionsApi();
app.MapDepartmentsApi();
app.MapHandlingNoticesApi();
app.MapHandlingsApi();
app.MapHandlingActionsApi();
app.MapHandlingReportsApi();
app.MapHandlingAttachmentsApi();
app.MapFeedbackApi();
app.MapProofsApi();
// Evidence (scanned publications, instruction documents, departments' reply attachments): uploaded by whoever records
// in review or replies to a handling, read by review's readers.
app.MapFileStoreApi<ReviewDbContext>(SheqingMinyi.Security.PlatformPolicies.EvidenceWriter, SheqingMinyi.Security.PlatformPolicies.ReviewReader);
app.Run();

public partial class Program;
