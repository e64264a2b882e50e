using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Data;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Apis;

/// <summary>
/// The one path a new draft takes, whatever started it (POST /submissions, a clue converted): the same checks of
/// its text, type, themes, authors and unit, then the draft and its version 1, added to the context unsaved.
/// </summary>
public static class NewDraft
{
    /// <summary>
    /// The draft the request describes, added to <paramref name="db"/>; null with the reasons in <paramref name="validator"/>,
    /// or Forbidden when the caller may not use the channel asked for (403).
    /// <paramref name="provenance"/> fixes where it came from (a clue); without it the request's channel decides.
    /// </summary>
    public static async Task<(Submission? Draft, ProblemHttpResult? Forbidden)> AddAsync(Validator validator, CreateSubmissionRequest request, IntakeDbContext db, Caller caller,
        TimeProvider clock, CancellationToken ct, Provenance? provenance = null)
    {
        var coAuthors = request.CoAuthorPersonIds ?? [];
        validator
            .Required("title", request.Title, Submission.TitleMaxLength)
            .Required("body", request.Body, Submission.BodyMaxLength)
            .Required("authorPersonId", request.AuthorPersonId)
            .Required("unitId", request.UnitId)
            .Check(ApiEnums.TryParse<SubmissionType>(request.Type, out var type), "type", $"可选: {ApiEnums.Allowed<SubmissionType>()}")
            .Check(coAuthors.Count < Submission.MaxAuthors, "coAuthorPersonIds", $"作者最多 {Submission.MaxAuthors} 人")
            .Check(coAuthors.Distinct().Count() == coAuthors.Count && !coAuthors.Contains(request.AuthorPersonId ?? Guid.Empty),
                "coAuthorPersonIds", "作者不能重复")
            .Check(!coAuthors.Contains(Guid.Empty), "coAuthorPersonIds", "作者不能为空");
        ThemeRules.Check(validator, "themes", request.Themes);
        var channel = provenance is null ? await ChannelRules.ForCreateAsync(validator, request, caller, db, ct) : new ChannelChoice(provenance);
        // Only persons and units the people service announced, still active, may be credited.
        await validator.CheckAuthorAsync(db, "authorPersonId", request.AuthorPersonId, ct);
        for (var i = 0; i < coAuthors.Count; i++) await validator.CheckAuthorAsync(db, $"coAuthorPersonIds[{i}]", coAuthors[i], ct);
        await validator.CheckUnitAsync(db, "unitId", request.UnitId, ct);
        await SolicitationRules.CheckOpenAsync(validator, db, "solicitationId", request.SolicitationId, ct);
        await validator.CheckListedAsync(db, "themes", request.Themes, null, ct);
        if (!validator.IsValid) return (null, null);
        if (channel.Forbidden is { } forbidden) return (null, forbidden);

        var content = new SubmissionContent(request.Title!, request.Body!, type ?? SubmissionType.SituationReport, request.Themes ?? []);
        var (submission, first) = Submission.CreateDraft(caller.TenantId, content, [request.AuthorPersonId!.Value, .. coAuthors],
            request.UnitId!.Value, channel.Provenance!, request.SolicitationId, caller.PersonId, clock.GetUtcNow());
        db.Submissions.Add(submission);
        db.SubmissionVersions.Add(first);
        return (submission, null);
    }
}
