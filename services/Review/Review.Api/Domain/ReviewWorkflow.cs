namespace SheqingMinyi.Review.Domain;

/// <summary>One level of review and the role that decides there.</summary>
public sealed record ReviewStage(string Name, string Role);

/// <summary>A tenant's ordered review levels. The default is the three levels 民宗委 and 沙坪坝 run.</summary>
public sealed record ReviewWorkflow(IReadOnlyList<ReviewStage> Stages)
{
    public static readonly ReviewWorkflow Default = new([
        new ReviewStage("初审", "staff-editor"),
        new ReviewStage("复审", "director"),
        new ReviewStage("审定", "leader"),
    ]);

    public bool IsLast(int stageIndex) => stageIndex == Stages.Count - 1;
}
