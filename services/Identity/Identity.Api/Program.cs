using Microsoft.AspNetCore.Identity;
using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Auditing;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Apis;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDb, rowSecurity: true);
builder.AddDemoData<IdentityDbContext, IdentityDemoData>();
builder.Services.AddHostedService<PlatformClients>();
builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
builder.AddTokenServer();
builder.AddRetentionTask<TokenPruning>();
builder.Services.AddPlatformOpenApi(ResourceNames.Identity);

var app = builder.Build();
app.UseProblemDetailsErrors();
app.UseAuthentication();
app.UseTenantFromToken();
app.UseDenialAudit<IdentityDbContext>();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi().AllowAnonymous();
app.MapTokenEndpoint();
app.MapTenantsApi();
app.MapClientsApi();
app.MapAuditApi<IdentityDbContext>();
app.Run();

public partial class Program;
