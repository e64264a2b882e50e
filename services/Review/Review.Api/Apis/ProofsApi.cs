using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using SheqingMinyi.BuildingBlocks.Calendar;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.Review.Data;
using SheqingMinyi.Review.Domain;
using SheqingMinyi.Review.Domain.Feedback.Proofs;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Apis;

/// <summary>
/// 采用证明 / 批示证明: a writer downloads a proof of an adoption or an instruction of their item, as a PDF, for title
/// evaluation and appraisal. Only the item's authors, as the adoption or instruction credited them: anyone else gets 404.
/// </summary>
public static class ProofsApi
{
    public static RouteGroupBuilder MapProofsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/proofs").WithTags("Feedback")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsPerson() && c.User.PersonId() is not null));
        group.MapGet("/adoptions/{id:guid}", AdoptionAsync).WithETag();
        group.MapGet("/instructions/{id:guid}", InstructionAsync).WithETag();
        return group;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AdoptionAsync(Guid id, ReviewDbContext db, Caller caller,
        ProofRenderer renderer, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var adoption = await db.Adoptions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (adoption is null || !IsAuthor(adoption.Authors, caller)) return ApiProblems.NotFound("Adoption", id);
        var (title, authors, body) = await FactsAsync(db, caller, adoption.CaseId, adoption.Authors, ct);
        // An own-body adoption names no publication: the first issue of the body's publication that carried the item does.
        var issue = adoption.Level == AdoptionLevel.OwnBody && adoption.PublicationName is not { Length: > 0 }
            ? await db.ItemPublications.AsNoTracking().Where(p => p.SubmissionId == adoption.SubmissionId)
                .OrderBy(p => p.PublishedAt).ThenBy(p => p.IssueId).Select(p => p.IssueTitle).FirstOrDefaultAsync(ct)
            : null;
        return Render(renderer, Proofs.ForAdoption(adoption, title, authors, body, BodyCalendar.Today(clock.GetUtcNow()), issue), $"采用证明-{id}.pdf", logs);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> InstructionAsync(Guid id, ReviewDbContext db, Caller caller,
        ProofRenderer renderer, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var instruction = await db.LeaderInstructions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (instruction is null || !IsAuthor(instruction.Authors, caller)) return ApiProblems.NotFound("Instruction", id);
        var (title, authors, body) = await FactsAsync(db, caller, instruction.CaseId, instruction.Authors, ct);
        return Render(renderer, Proofs.ForInstruction(instruction, title, authors, body, BodyCalendar.Today(clock.GetUtcNow())), $"批示证明-{id}.pdf", logs);
    }

    private static bool IsAuthor(IEnumerable<AuthorShare> authors, Caller caller) => authors.Any(a => a.PersonId == caller.PersonId);

    /// <summary>The item's title, its authors' names in order (as the people directory knows them), the issuing body's name.</summary>
    private static async Task<(string Title, IReadOnlyList<string> Authors, string Body)> FactsAsync(ReviewDbContext db, Caller caller, Guid caseId,
        IReadOnlyList<AuthorShare> shares, CancellationToken ct)
    {
        var title = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.Title).FirstAsync(ct);
        var ids = shares.Select(a => a.PersonId).ToList();
        var names = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => ids.Contains(p.PersonId)).ToDictionaryAsync(p => p.PersonId, p => p.Name, ct);
        var authors = shares.OrderBy(a => a.Order).Select(a => names.GetValueOrDefault(a.PersonId)).OfType<string>().ToList();
        var body = (await TenantDirectory.FindAsync(db, caller.TenantId, ct))?.Name ?? caller.TenantId;
        return (title, authors, body);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> Render(ProofRenderer renderer, ProofDocument proof, string fileName, ILoggerFactory logs)
    {
        try
        {
            var pdf = renderer.Render(proof);
            var tag = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pdf), 0, 16).ToLowerInvariant();
            return TypedResults.File(pdf, "application/pdf", fileName, entityTag: new EntityTagHeaderValue($"\"{tag}\""));
        }
        catch (ProofFontMissingException missing)
        {
            logs.CreateLogger("SheqingMinyi.Review.Proofs").LogError(missing, "Proof not rendered");
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "proof-font-missing", "证明文件暂时无法生成",
                "The server lacks the Chinese font proofs are set in; an operator installs it (fonts-noto-cjk) or sets Proofs:FontPath.");
        }
    }
}
