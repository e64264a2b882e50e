using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.TrainingEvents.Apis;
using SheqingMinyi.TrainingEvents.CheckIn;
using SheqingMinyi.TrainingEvents.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<TrainingDbContext>(ResourceNames.TrainingEvents, ResourceNames.TrainingEventsDb);
builder.AddPeopleDirectory<TrainingDbContext>().AddPeopleDirectoryKinds<TrainingDbContext>();
builder.AddCheckInCodes();
builder.AddFileStore();
builder.Services.AddSingleton<GuestRegistrations>();

var app = builder.Build();
app.UseServicePlatform<TrainingDbContext>();
app.MapTrainingEventsApi();
app.MapCalendarApi();
app.MapSharedEventsApi();
app.MapRegistrationsApi();
app.MapAttendanceApi();
app.MapSeminarsApi();
app.MapMaterialsApi();
app.Run();

public partial class Program;
