using System.Text.Json.Serialization;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Security;

namespace SheqingMinyi.Review.Domain;

/// <summary>One level of review: the role that decides there, optionally only some named persons of that role, the
/// days it should take, and whether the 五关 checklist must be passed before the case moves on.</summary>
public sealed record ReviewStage(string Name, string Role, IReadOnlyList<Guid>? ReviewerPersonIds = null,
    int TimeLimitDays = ReviewStage.DefaultTimeLimitDays, bool ChecklistRequired = false)
{
    public const int DefaultTimeLimitDays = 5;

    /// <summary>The roles a stage may name: the review roles that exist.</summary>
    public static readonly string[] Roles = [PlatformRoles.StaffEditor, PlatformRoles.Director, PlatformRoles.Leader];

    [JsonIgnore]
    public IReadOnlyList<Guid> Reviewers => ReviewerPersonIds ?? [];

    /// <summary>Who decides here: a holder of the stage's role (and one of the named reviewers when the stage names
    /// any), or the chair, who may decide at any stage.</summary>
    public bool MayDecide(Caller caller) => caller.IsInRole(PlatformRoles.Chair) || MayBeAssigned(caller.IsInRole(Role), caller.PersonId);

    /// <summary>Whether a person holding (or not) the role may work at the stage: named reviewers restrict it.</summary>
    public bool MayBeAssigned(bool holdsRole, Guid? personId) =>
        holdsRole && (Reviewers.Count == 0 || personId is { } id && Reviewers.Contains(id));
}

/// <summary>A tenant's ordered review levels at one version. Version 0 is the platform default, the three levels
/// 民宗委 and 沙坪坝 run; a tenant that sets its own gets versions 1, 2, …; a case follows the version it opened with.</summary>
public sealed record ReviewWorkflow(IReadOnlyList<ReviewStage> Stages, int Version = 0)
{
    public static readonly ReviewWorkflow Default = new([
        new ReviewStage("初审", PlatformRoles.StaffEditor),
        new ReviewStage("复审", PlatformRoles.Director),
        new ReviewStage("审定", PlatformRoles.Leader),
    ]);

    public bool IsLast(int stageIndex) => stageIndex == Stages.Count - 1;

    /// <summary>The stage a case is at; a version's stages never change, so the index always names one.</summary>
    public ReviewStage this[int stageIndex] => Stages[Math.Clamp(stageIndex, 0, Stages.Count - 1)];

    public int IndexOf(string name)
    {
        for (var i = 0; i < Stages.Count; i++)
            if (Stages[i].Name == name) return i;
        return -1;
    }
}
