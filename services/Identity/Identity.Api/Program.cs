using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.Identity.Apis;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Messaging;
using SheqingMinyi.Identity.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceHost<IdentityDbContext>(ResourceNames.Identity, ResourceNames.IdentityDb);
builder.AddTokenServer();
builder.AddAccountManagement();
builder.AddTenantAnnouncements();
builder.AddPersonDirectory();
builder.AddDepartmentDirectory();
builder.AddOfficerAppointments();
builder.AddWebhooks();
builder.AddDemoData<IdentityDbContext, IdentityDemoData>();
builder.AddRetentionTask<TokenPruning>();

var app = builder.Build();
// Discovery and JWKS are answered by OpenIddict inside UseAuthentication, before any authorization.
app.UseServiceHost<IdentityDbContext>();
app.MapTokenEndpoint();
app.MapAuthorizeEndpoint();
app.MapSignInPage();
app.MapTenantsApi();
app.MapClientsApi();
app.MapAccountsApi();
app.MapWebhooksApi();
app.MapRevocationFeed();
app.Run();

public partial class Program;
