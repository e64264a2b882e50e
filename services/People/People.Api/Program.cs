using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.People.Apis;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Jobs;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<PeopleDbContext>(ResourceNames.People, ResourceNames.PeopleDb);
builder.AddDemoData<PeopleDbContext, PeopleDemoData>();
builder.AddPersonalDataProtection();
builder.AddAppointments();
builder.AddBusinessCards();

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
app.Run();

public partial class Program;
