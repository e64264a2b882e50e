namespace SheqingMinyi.People.Domain;

/// <summary>Terms are calendar days in Beijing time: "today" for appointments is the date there.</summary>
public static class AppointmentCalendar
{
    public static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(BeijingOffset).DateTime);
}
