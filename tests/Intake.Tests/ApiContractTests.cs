using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class IntakeApiContractTests(IntakeFactory factory) : ApiContractTests<Program>(factory), IClassFixture<IntakeFactory>
{
    protected override string GatewayPath => "intake";
    protected override string ListPath => "/submissions";
    protected override string? JsonPostPath => "/submissions";
    protected override string[] IdempotentEndpoints => ["POST /submissions", "POST /submissions/{id}/submit",
        "POST /solicitations", "POST /solicitations/{id}/claim", "POST /solicitations/{id}/close",
        "POST /topics", "POST /topics/{id}/solicit", "POST /topics/{id}/drop", "POST /submissions/{id}/polish", "POST /themes",
        "POST /submissions/{id}/withdraw", "POST /submissions/{id}/archive", "POST /clues/{id}/convert",
        "POST /publication-issues", "POST /publication-issues/{id}/publish",
        "POST /golden-ideas", "POST /excellent-selections", "POST /excellent-selections/{id}/publish"];
    // Dismissing a clue is idempotent by its state: a dismissed clue dismissed again answers it unchanged.
    protected override string[] PostsWithoutIdempotencyKey => [.. base.PostsWithoutIdempotencyKey, "POST /clues/{id}/dismiss"];
    protected override string[] IfMatchEndpoints => ["PUT /submissions/{id}", "POST /submissions/{id}/submit",
        "POST /solicitations/{id}/close", "POST /topics/{id}/solicit", "POST /topics/{id}/drop", "POST /submissions/{id}/polish",
        "PUT /submissions/{id}/authors", "DELETE /themes/{id}",
        "POST /submissions/{id}/withdraw", "POST /submissions/{id}/archive", "PUT /settings/chair-channel",
        "PUT /publication-issues/{id}/items", "POST /publication-issues/{id}/publish",
        "PUT /golden-ideas/{id}/follow-up", "PUT /excellent-selections/{id}/items", "POST /excellent-selections/{id}/publish"];
}
