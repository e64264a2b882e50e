using SheqingMinyi;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.Scoring.Apis;
using SheqingMinyi.Scoring.Bulletins;
using SheqingMinyi.Scoring.Data;
using SheqingMinyi.Scoring.Leaderboards;
using SheqingMinyi.Scoring.Ledger;
using SheqingMinyi.Scoring.Messaging;
using SheqingMinyi.Scoring.Quotas;
using SheqingMinyi.Scoring.Rankings;

var builder = WebApplication.CreateBuilder(args);
builder.AddServicePlatform<ScoringDbContext>(ResourceNames.Scoring, ResourceNames.ScoringDb);
builder.Services.AddSingleton<LeaderboardStore>();
builder.Services.AddSingleton<PersonNameCache>();
builder.Services.AddSingleton<RankingStore>();
builder.AddRuleChanges();
builder.AddScoringHandlers();
builder.AddSelectionPoints();
builder.AddQuotas();
builder.AddBulletins();

var app = builder.Build();
app.UseServicePlatform<ScoringDbContext>();
app.MapLeaderboardsApi();
app.MapLedgerApi();
app.MapRulesApi();
app.MapStatementsApi();
app.MapRankingsApi();
app.MapQuotasApi();
app.MapBulletinsApi();
app.MapAwardsApi();
app.Run();

public partial class Program;
