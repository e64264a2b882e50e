using SheqingMinyi.Tests;

namespace SheqingMinyi.Scoring.Tests;

public sealed class ScoringApiContractTests(ScoringFactory factory) : ApiContractTests<Program>(factory), IClassFixture<ScoringFactory>
{
    protected override string GatewayPath => "scoring";
    protected override string ListPath => "/ledger";
    protected override string? JsonPostPath => null;
    protected override string[] IdempotentEndpoints => ["POST /quotas/reminders", "POST /bulletins", "POST /awards/decisions"];
    protected override string[] IfMatchEndpoints => ["PUT /rules", "PUT /quotas", "PUT /awards/criteria", "PUT /bulletins/settings"];
}
