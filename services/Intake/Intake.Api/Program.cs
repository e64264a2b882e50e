using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.Intake.Apis;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Jobs;
using SheqingMinyi.Intake.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<IntakeDbContext>(ResourceNames.Intake, ResourceNames.IntakeDb);
builder.AddReviewOutcomeHandlers();
builder.AddPeopleDirectory<IntakeDbContext>();
builder.AddPeopleDirectoryMemberships<IntakeDbContext>();
builder.AddClueHandler();
builder.AddSeminarTopicHandler();
builder.AddSimilarItemsHandler();
builder.AddForwardingHandlers();
builder.AddSolicitationReannouncement();
builder.AddDemoData<IntakeDbContext, IntakeDemoData>();

var app = builder.Build();
app.UseServicePlatform<IntakeDbContext>();
app.MapSubmissionsApi();
app.MapSubmissionQueriesApi();
app.MapCluesApi();
app.MapSolicitationsApi();
app.MapTopicsApi();
app.MapVersionsApi();
app.MapAuthorsApi();
app.MapThemesApi();
app.MapChairChannelApi();
app.MapSubmissionLifecycleApi();
app.MapPublicationIssuesApi();
app.MapGoldenIdeasApi();
app.MapExcellentSelectionsApi();
app.Run();

public partial class Program;
