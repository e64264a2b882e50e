using SheqingMinyi.Gateway.Proxy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayProxy();
builder.AddGatewayRateLimits();
builder.AddTokenRevocation();

var app = builder.Build();
app.UseProblemDetailsErrors();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseTokenRevocation();
app.UseGatewayRateLimits();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapApiDocs();
app.MapGatewayProxy();
app.Run();

public partial class Program;
