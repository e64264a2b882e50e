namespace SheqingMinyi.People.Domain;

/// <summary>
/// A person of the appointing tenant is a 特邀信息员 (<see cref="PersonKinds.SpecialOfficer"/>) while appointed: the kind
/// is added when an appointment starts and removed when the last active one ends, announced as PersonUpdated so other
/// services see it. A person appointed by another tenant keeps their own tenant's kinds: that tenant is not told.
/// </summary>
public static class AppointmentKinds
{
    public static void Grant(Person person, DateTimeOffset now)
    {
        if (person.Kinds.Contains(PersonKinds.SpecialOfficer)) return;
        person.Updated(person.Name, person.UnitId, person.Roles, [.. person.Kinds, PersonKinds.SpecialOfficer], now);
    }

    /// <summary>Call when an appointment ended and <paramref name="stillAppointed"/> says whether another is active.</summary>
    public static void Withdraw(Person person, bool stillAppointed, DateTimeOffset now)
    {
        if (stillAppointed || !person.Kinds.Contains(PersonKinds.SpecialOfficer)) return;
        person.Updated(person.Name, person.UnitId, person.Roles, person.Kinds.Where(k => k != PersonKinds.SpecialOfficer), now);
    }
}
