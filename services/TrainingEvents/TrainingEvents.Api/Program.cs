using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.TrainingEvents.Apis;
using SheqingMinyi.TrainingEvents.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<TrainingDbContext>(ResourceNames.TrainingEvents, ResourceNames.TrainingEventsDb);

var app = builder.Build();
app.UseServicePlatform<TrainingDbContext>();
app.MapTrainingEventsApi();
app.Run();

public partial class Program;
