using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain.MemberRecord;
using SheqingMinyi.People.Domain.Targets;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

/// <summary>
/// 履职档案 of a person for a year, with the targets beside the actuals. Instructions (批示) on the person's items
/// count by the year the leader gave them: how many, by level (district, municipal, provincial, national) and each
/// one (<see cref="MemberInstructionView"/>), latest first. Golden ideas (金点子) count by their meeting's year, by
/// follow-up status and each one; items in an excellent selection (优秀选编) by the selection's year
/// (<see cref="MemberRecordHonours"/>).
/// </summary>
public sealed record MemberRecordView(Guid PersonId, string Name, int Year, Progress Submitted, Progress Adopted,
    IReadOnlyDictionary<string, int> AdoptedByLevel, decimal TrainingHours, int TrainingsAttended, decimal Points, int Instructions,
    IReadOnlyDictionary<string, int> InstructionsByLevel, IReadOnlyList<MemberInstructionView> InstructionList,
    int GoldenIdeas, IReadOnlyDictionary<string, int> GoldenIdeasByStatus, IReadOnlyList<MemberGoldenIdeaView> GoldenIdeaList,
    int ExcellentSelections, IReadOnlyList<MemberSelectionView> ExcellentSelectionList, int TrainingSessions,
    IReadOnlyList<MemberTrainingView> TrainingList);

/// <summary>One training event the person attended in the year: its hours summed over the sessions attended (a
/// one-sitting event counts as one session), latest first.</summary>
public sealed record MemberTrainingView(Guid TrainingEventId, decimal Hours, int Sessions, DateTimeOffset LastAttendedAt);

/// <summary>One 批示 on an item of the person's: LevelLabel is the level in words (e.g. 市级领导批示); Share the person's share of the item.</summary>
public sealed record MemberInstructionView(Guid InstructionId, Guid SubmissionId, string Level, string LevelLabel, string LeaderTitle,
    string Nature, DateOnly InstructedOn, string Summary, decimal Share);

public static class MemberRecordApi
{
    public static RouteGroupBuilder MapMemberRecordApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/persons").WithTags("Member record").RequireAuthorization(PlatformPolicies.PeopleReader);
        group.MapGet("/{id:guid}/record", GetAsync).WithETag();
        return group;
    }

    /// <summary>Answered from the people service's own read model only. The person themself and the tenant's staff may
    /// read it; anyone else gets 404, as if the person did not exist.</summary>
    public static async Task<Results<Ok<MemberRecordView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, PeopleDbContext db, Caller caller, TimeProvider clock, CancellationToken ct, int? year = null)
    {
        var wanted = year ?? RecordYear.Of(clock.GetUtcNow());
        var validator = new Validator().Check(wanted is >= AnnualTarget.MinYear and <= AnnualTarget.MaxYear, "year",
            $"年份须在 {AnnualTarget.MinYear} 至 {AnnualTarget.MaxYear} 之间");
        if (!validator.IsValid) return validator.ToProblem();
        var mayRead = caller.PersonId == id || caller.Principal.IsPerson(PlatformPolicies.StaffRoles);
        var name = mayRead ? await db.Persons.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        if (name is null) return ApiProblems.NotFound("Person", id);

        var (submitted, adopted) = (await RecordCounts.ByAsync(db, TargetScope.Person, wanted, [id], ct))[id];
        var byLevel = await RecordCounts.CreditedAdoptions(db).Where(r => r.PersonId == id && r.Year == wanted)
            .GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var trainings = (await db.RecordTrainings.Where(r => r.PersonId == id && r.Year == wanted && !r.Removed)
                .GroupBy(r => r.TrainingEventId)
                .Select(g => new { TrainingEventId = g.Key, Hours = g.Sum(r => r.Hours), Sessions = g.Count(), Last = g.Max(r => r.AttendedAt) })
                .ToListAsync(ct))
            .Select(g => new MemberTrainingView(g.TrainingEventId, g.Hours, g.Sessions, g.Last))
            .OrderByDescending(t => t.LastAttendedAt).ThenBy(t => t.TrainingEventId).ToList();
        var points = await db.RecordPoints.Where(r => r.PersonId == id && r.Year == wanted).SumAsync(r => r.Points, ct);
        var instructions = (await db.RecordInstructions.AsNoTracking().Where(r => r.PersonId == id && r.Year == wanted)
                .OrderByDescending(r => r.InstructedOn).ThenBy(r => r.InstructionId).ToListAsync(ct))
            .Select(r => new MemberInstructionView(r.InstructionId, r.SubmissionId, r.Level, InstructionLabel(r.Level), r.LeaderTitle, r.Nature,
                r.InstructedOn, r.Summary, r.Share)).ToList();
        var goldenIdeas = await MemberRecordHonours.GoldenIdeasAsync(db, id, wanted, ct);
        var selections = await MemberRecordHonours.SelectionsAsync(db, id, wanted, ct);
        var target = await db.Targets.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Year == wanted && t.Scope == TargetScope.Person && t.SubjectId == id, ct);
        return TypedResults.Ok(new MemberRecordView(id, name, wanted, new(submitted, target?.Submitted), new(adopted, target?.Adopted),
            byLevel, trainings.Sum(t => t.Hours), trainings.Count, points, instructions.Count,
            instructions.CountBy(i => i.Level).ToDictionary(), instructions,
            goldenIdeas.Count, goldenIdeas.CountBy(g => g.Status).ToDictionary(), goldenIdeas, selections.Count, selections,
            trainings.Sum(t => t.Sessions), trainings));
    }

    private static readonly Dictionary<string, string> InstructionLabels = new()
    {
        [ApiEnums.Name(InstructionLevel.District)] = "区级领导批示",
        [ApiEnums.Name(InstructionLevel.Municipal)] = "市级领导批示",
        [ApiEnums.Name(InstructionLevel.Provincial)] = "省部级领导批示",
        [ApiEnums.Name(InstructionLevel.National)] = "国家级领导批示",
    };

    private static string InstructionLabel(string level) => InstructionLabels.GetValueOrDefault(level, "领导批示");
}
