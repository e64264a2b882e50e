using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

public sealed class SubmissionIdempotencyTests(IntakeFactory factory) : IdempotencyTests<Program>(factory), IClassFixture<IntakeFactory>
{
    protected override string Path => Drafts.Path;
    protected override object NewBody() => Drafts.New($"关于{Guid.NewGuid():N}的建议");
    protected override object InvalidBody() => new { title = "", body = "正文" };
    protected override string Table => "submissions";
}
