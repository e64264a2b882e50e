using Microsoft.AspNetCore.Http.HttpResults;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.Security;
using SheqingMinyi.TrainingEvents.Data;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Apis;

public sealed record TopicRequest(string? Title, string? Description);
public sealed record RecordTopicsRequest(IReadOnlyList<TopicRequest>? Topics);
public sealed record WorkedItemsRequest(IReadOnlyList<Guid>? ItemIds);

/// <summary>
/// 研讨成果: a topic-selection seminar records the topics it produced and sends each to intake's topic list (选题, by
/// SeminarTopicSent); a drafting or editing seminar lists the items it worked on. Staff only.
/// </summary>
public static class SeminarsApi
{
    public const int MaxTopics = 50, MaxItems = 200;

    public static IEndpointRouteBuilder MapSeminarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/events/{id:guid}").WithTags("Seminars").RequireAuthorization(PlatformPolicies.Staff);
        group.MapPost("/topics", RecordTopicsAsync).WithIdempotency();
        group.MapPost("/topics/{topicId:guid}/send", SendTopicAsync).WithIdempotency();
        group.MapPut("/worked-items", RecordWorkedItemsAsync);
        return app;
    }

    public static async Task<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>> RecordTopicsAsync(
        Guid id, RecordTopicsRequest request, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var topics = request.Topics ?? [];
        var validator = new Validator().Check(topics.Count is > 0 and <= MaxTopics, "topics", $"1 到 {MaxTopics} 个选题 (1..{MaxTopics} topics)");
        foreach (var (t, i) in topics.Select((t, i) => (t, i)))
            validator.Required($"topics[{i}].title", t?.Title, 200).Optional($"topics[{i}].description", t?.Description, 5_000);
        if (!validator.IsValid) return validator.ToProblem();
        return await db.LockedAsync<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (training.SeminarTopics.Count + topics.Count > MaxTopics)
                return (ApiProblems.Conflict("too-many-topics", $"一次研讨最多记录 {MaxTopics} 个选题", $"A seminar records at most {MaxTopics} topics."), false);
            if (training.RecordTopics(topics.Select(t => (t.Title!, t.Description)), clock.GetUtcNow()) is { Error: { } refused })
                return (ApiProblems.Refused(refused), false);
            return (TypedResults.Ok(TrainingEventView.From(training, await TrainingEventsApi.CountsAsync(db, id, ct))), true);
        }, ct);
    }

    public static async Task<Results<Ok<TrainingEventView>, ProblemHttpResult>> SendTopicAsync(
        Guid id, Guid topicId, TrainingDbContext db, TimeProvider clock, CancellationToken ct) =>
        await db.LockedAsync<Results<Ok<TrainingEventView>, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (training.SendTopic(topicId, clock.GetUtcNow()) is { Error: { } refused })
                return (refused.Code == "topic-not-found" ? ApiProblems.NotFound("Seminar topic", topicId) : ApiProblems.Refused(refused), false);
            return (TypedResults.Ok(TrainingEventView.From(training, await TrainingEventsApi.CountsAsync(db, id, ct))), true);
        }, ct);

    public static async Task<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>> RecordWorkedItemsAsync(
        Guid id, WorkedItemsRequest request, IfMatch ifMatch, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator().Check(request.ItemIds is { Count: <= MaxItems } ids && ids.All(i => i != Guid.Empty), "itemIds",
            $"必填，最多 {MaxItems} 个稿件编号 (required, at most {MaxItems} item ids)");
        if (!validator.IsValid) return validator.ToProblem();
        return await db.LockedAsync<Results<Ok<TrainingEventView>, ValidationProblem, ProblemHttpResult>>(id, async training =>
        {
            if (training is null) return (ApiProblems.NotFound("Training event", id), false);
            if (!ifMatch.Holds(db, training, t => t.Version)) return (IfMatch.Stale("training event"), false);
            if (training.RecordWorkedItems(request.ItemIds!, clock.GetUtcNow()) is { Error: { } refused }) return (ApiProblems.Refused(refused), false);
            return (TypedResults.Ok(TrainingEventView.From(training, await TrainingEventsApi.CountsAsync(db, id, ct))), true);
        }, ct);
    }
}
