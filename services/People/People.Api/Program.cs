using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Jobs;
using SheqingMinyi.People.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<PeopleDbContext>(ResourceNames.People, ResourceNames.PeopleDb);
builder.AddDemoData<PeopleDbContext, PeopleDemoData>();
builder.AddPersonalDataProtection();
builder.AddAppointments();
builder.AddBusinessCards();
builder.AddMemberRecordHandlers();
builder.AddPersonKindsReannouncement();

var app = builder.Build();
app.UseServicePlatform<PeopleDbContext>();
app.MapUnitsApi();
app.MapPersonsApi();
app.MapPersonLifecycleApi();
app.MapMembershipsApi();
app.MapPersonProfileApi();
app.MapAppointmentsApi();
app.MapPersonSharesApi();
app.MapBusinessCardApi();
app.MapPublicCardApi();
app.MapTalentApi();
app.MapTargetsApi();
app.MapMemberRecordApi();
app.MapRosterApi();
app.Run();

public partial class Program;
