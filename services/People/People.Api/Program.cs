using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<PeopleDbContext>(ResourceNames.People, ResourceNames.PeopleDb);
builder.AddDemoData<PeopleDbContext, PeopleDemoData>();

var app = builder.Build();
app.UseServicePlatform<PeopleDbContext>();
app.MapUnitsApi();
app.MapPersonsApi();
app.MapRosterApi();
app.Run();

public partial class Program;
