using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

/// <summary>
/// What a person is to the body (委员 member, 会员/盟员 party-member, 特约信息员 special-officer, staff) as the people
/// service last announced it (scoring's quotas count by it, training's audiences admit by it). Kept beside the shared
/// directory's row, written in the same transaction when the announcement's Version applies, so it follows the same
/// order rules. Mapped by <c>MapPersonKinds</c> (table person_kinds).
/// </summary>
public sealed class PersonKinds
{
    public const string Member = "member";

    public string TenantId { get; set; } = "";
    public Guid PersonId { get; set; }
    public List<string> Kinds { get; set; } = [];

    /// <summary>An announcement without kinds (from producers before kinds were sent): a member role makes a member.</summary>
    public static List<string> Of(IReadOnlyList<string> roles, IReadOnlyList<string>? kinds) =>
        kinds is not null ? [.. kinds.Distinct()] : roles.Contains(Member) ? [Member] : [];
}

/// <summary>Keeps each person's kinds (<see cref="PersonKinds"/>) when the directory applies their announcement.</summary>
public sealed class KeepPersonKinds<TContext>(TContext db) : IPersonAnnouncementListener where TContext : DbContext
{
    public async Task PersonAnnouncedAsync(string tenantId, Guid personId, IReadOnlyList<string> roles, IReadOnlyList<string>? kinds,
        CancellationToken ct)
    {
        var row = await db.Set<PersonKinds>().FirstOrDefaultAsync(k => k.PersonId == personId, ct);
        if (row is null) db.Add(row = new PersonKinds { TenantId = tenantId, PersonId = personId });
        row.Kinds = PersonKinds.Of(roles, kinds);
    }
}

public static class PersonKindsRegistration
{
    /// <summary>Keeps the persons' kinds beside the directory (<see cref="PeopleDirectoryRegistration.AddPeopleDirectory{TContext}"/>
    /// must be added too; the context maps them with <c>MapPersonKinds</c>).</summary>
    public static IHostApplicationBuilder AddPeopleDirectoryKinds<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.Services.AddScoped<IPersonAnnouncementListener, KeepPersonKinds<TContext>>();
        return builder;
    }
}
