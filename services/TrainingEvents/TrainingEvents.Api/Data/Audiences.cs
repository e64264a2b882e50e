using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.BuildingBlocks.PeopleDirectory;
using SheqingMinyi.TrainingEvents.Apis;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.Data;

/// <summary>
/// 面向对象: whether a person registering themselves is of the event's audience, as the people service announced them
/// (main unit in the directory, kinds in person_kinds). A person the directory does not know is of no named audience.
/// </summary>
public static class Audiences
{
    /// <summary>Why the person is not of the audience, or null when they are (or the event is for the whole tenant).</summary>
    public static async Task<DomainError?> RefusesAsync(TrainingDbContext db, TrainingEvent training, Guid personId, CancellationToken ct)
    {
        switch (training.Audience)
        {
            case AudienceScope.Units:
                var unit = await db.Set<DirectoryPerson>().Where(p => p.PersonId == personId).Select(p => p.UnitId).FirstOrDefaultAsync(ct);
                return unit is { } u && training.AudienceUnitIds.Contains(u) ? null : new DomainError("not-in-audience",
                    "该活动只面向指定单位，您所在单位不在其中", "The event is for named units; the person's main unit is not one of them.");
            case AudienceScope.PersonKinds:
                var kinds = await db.Set<PersonKinds>().Where(k => k.PersonId == personId).Select(k => k.Kinds).FirstOrDefaultAsync(ct) ?? [];
                return kinds.Intersect(training.AudiencePersonKinds).Any() ? null : new DomainError("not-in-audience",
                    $"该活动只面向{string.Join("、", training.AudiencePersonKinds.Select(EventLabels.PersonKind))}，您不在其中",
                    $"The event is for person kinds {string.Join(", ", training.AudiencePersonKinds)}; the person is none of them.");
            default:
                return null;
        }
    }

    /// <summary>
    /// 跨租户报名: whether a guest of another tenant is of a shared event's audience. An event for the whole tenant
    /// takes any guest (sharing it opened it to the platform); one for kinds of person takes a guest of those kinds as
    /// the guest's OWN tenant announced them (<paramref name="guestKinds"/>, read in the guest's scope); one for units
    /// of the owner takes no guest: a guest belongs to none of the owner's units. Staff of the owner can still register
    /// nobody from another tenant, so this is the whole rule.
    /// </summary>
    public static DomainError? RefusesGuest(TrainingEvent training, IReadOnlyCollection<string> guestKinds) => training.Audience switch
    {
        AudienceScope.Units => new DomainError("not-in-audience", "该活动只面向主办方的指定单位，其他单位的人员不能报名",
            "The event is for named units of its owner; a guest of another tenant belongs to none of them."),
        AudienceScope.PersonKinds when !guestKinds.Intersect(training.AudiencePersonKinds).Any() => new DomainError("not-in-audience",
            $"该活动只面向{string.Join("、", training.AudiencePersonKinds.Select(EventLabels.PersonKind))}，您不在其中",
            $"The event is for person kinds {string.Join(", ", training.AudiencePersonKinds)}; the guest, as their tenant announced them, is none of them."),
        _ => null,
    };
}
