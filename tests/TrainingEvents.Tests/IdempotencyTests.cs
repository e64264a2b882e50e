using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

public sealed class ScheduleIdempotencyTests(TrainingFactory factory) : IdempotencyTests<Program>(factory), IClassFixture<TrainingFactory>
{
    protected override string Path => TrainingApi.Path;
    protected override object NewBody() => TrainingApi.NewEvent($"讲座 {Guid.NewGuid():N}");
    protected override object InvalidBody() => new { title = "", kind = "expert-lecture" };
    protected override string Table => "training_events";
}
