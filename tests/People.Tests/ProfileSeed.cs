using SheqingMinyi.BuildingBlocks.Calendar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Tests;

/// <summary>
/// Persons, units and memberships written straight through the service's context (as its own code would), for
/// the search and profile tests: kinds, dates and memberships that the public API of this branch does not set.
/// </summary>
internal static class ProfileSeed
{
    public static async Task<T> InTenantAsync<T>(PeopleFactory factory, string tenant, Func<PeopleDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<PeopleDbContext>();
        var result = await work(db);
        await db.SaveChangesAsync();
        return result;
    }

    public static Task<Guid> PersonAsync(PeopleFactory factory, string tenant, string name, string[]? kinds = null, string[]? tags = null,
        Guid? unitId = null, DateTimeOffset? createdAt = null, bool deactivated = false, string? phone = null, string? idNumber = null) =>
        InTenantAsync(factory, tenant, db =>
        {
            var person = Person.Register(Guid.CreateVersion7(), tenant, name, unitId, [], createdAt ?? DateTimeOffset.UtcNow, kinds ?? [PersonKinds.Member]);
            person.SetProfile(null, null, tags, phone, idNumber);
            if (deactivated) person.Deactivate("离任", DateTimeOffset.UtcNow);
            db.Persons.Add(person);
            return Task.FromResult(person.Id);
        });

    public static Task<Guid> UnitAsync(PeopleFactory factory, string tenant, string name, string category) =>
        InTenantAsync(factory, tenant, db =>
        {
            var unit = Unit.Create(Guid.CreateVersion7(), tenant, name, category);
            db.Units.Add(unit);
            return Task.FromResult(unit.Id);
        });

    public static Task<Guid> MembershipAsync(PeopleFactory factory, string tenant, Guid personId, Guid unitId, DateOnly startsOn, DateOnly? endsOn = null) =>
        InTenantAsync(factory, tenant, db =>
        {
            var membership = Membership.Start(Guid.CreateVersion7(), tenant, personId, unitId, "委员", startsOn, endsOn);
            db.Memberships.Add(membership);
            return Task.FromResult(membership.Id);
        });

    public static DateOnly Today => BodyCalendar.Today(DateTimeOffset.UtcNow);

    /// <summary>PUT /persons/{id}/profile with the ETag GET answered.</summary>
    public static async Task<HttpResponseMessage> PutProfileAsync(HttpClient client, Guid id, object profile)
    {
        var read = await client.GetAsync($"/persons/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/persons/{id}/profile") { Content = JsonContent.Create(profile) };
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static EntityTagHeaderValue ETagOf(HttpResponseMessage response) => response.Headers.ETag!;
}
