using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<PeopleDbContext>(ResourceNames.People, ResourceNames.PeopleDb);
builder.AddDemoData<PeopleDbContext, PeopleDemoData>();
builder.AddMemberRecordHandlers();

var app = builder.Build();
app.UseServicePlatform<PeopleDbContext>();
app.MapUnitsApi();
app.MapPersonsApi();
app.MapTalentApi();
app.MapTargetsApi();
app.MapMemberRecordApi();
app.Run();

public partial class Program;
