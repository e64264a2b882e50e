using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed class ReviewApiContractTests(ReviewFactory factory) : ApiContractTests<Program>(factory), IClassFixture<ReviewFactory>
{
    protected override string GatewayPath => "review";
    protected override string ListPath => "/cases";
    protected override string? JsonPostPath => $"/cases/{Guid.NewGuid()}/decisions";
    protected override string[] IdempotentEndpoints => ["POST /cases/{id}/decisions", "POST /cases/{id}/assign", "POST /cases/{id}/forward", "POST /files", "POST /submissions/{submissionId}/adoptions",
        "POST /submissions/{submissionId}/instructions", "POST /departments", "POST /handlings", "POST /handlings/{id}/accept", "POST /handlings/{id}/start",
        "POST /handlings/{id}/reply", "POST /handlings/{id}/requests", "POST /handlings/{id}/requests/{requestId}/decision", "POST /handlings/{id}/rating",
        "POST /feedback/inbox/{id}/read", "POST /feedback/inbox/read-all", "POST /handlings/notices/{id}/read", "POST /handlings/notices/read-all"];
    protected override string[] IfMatchEndpoints => ["POST /cases/{id}/decisions", "PUT /workflow", "PUT /cases/{id}/checklist", "POST /cases/{id}/assign", "POST /cases/{id}/forward",
        "PUT /departments/{id}", "POST /handlings/{id}/accept", "POST /handlings/{id}/start", "POST /handlings/{id}/reply", "POST /handlings/{id}/requests",
        "POST /handlings/{id}/requests/{requestId}/decision", "POST /handlings/{id}/rating", "PUT /feedback/settings"];
}
