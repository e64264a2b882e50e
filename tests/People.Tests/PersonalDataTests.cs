using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>个人信息: phone and ID number encrypted at rest, masked by default, read in full only by tenant-admin and director, audited.</summary>
public sealed class PersonalDataTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private const string Phone = "13812341234", IdNumber = "500103199001011232";

    private async Task<(HttpClient Admin, string Tenant, Guid Id)> PersonWithProfileAsync(string name = "张明")
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var id = (await PeopleApi.RegisterAsync(admin, name)).GetProperty("id").GetGuid();
        var put = await ProfileSeed.PutProfileAsync(admin, id,
            new { gender = "男", title = "重庆大学教授", expertiseTags = new[] { "教育", "经济" }, phone = Phone, idNumber = IdNumber });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return (admin, tenant, id);
    }

    private Task<long> AuditCountAsync(string tenant, string action) => TestDb.ScalarAsync<long>(factory.ConnectionString,
        "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = $2", tenant, action);

    [Fact]
    public async Task Phone_and_ID_number_are_stored_encrypted_not_in_plain()
    {
        var (_, _, id) = await PersonWithProfileAsync();

        var phone = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT phone FROM persons WHERE id = $1", id);
        var idNumber = await TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT id_number FROM persons WHERE id = $1", id);

        Assert.DoesNotContain(Phone, phone);
        Assert.DoesNotContain("1234", phone);
        Assert.DoesNotContain(IdNumber, idNumber);
        Assert.DoesNotContain("19900101", idNumber);
        // A Data Protection payload (its magic header in base64url), not some other encoding of the value.
        Assert.StartsWith("CfDJ8", phone);
        Assert.StartsWith("CfDJ8", idNumber);
        Assert.NotEqual(phone, idNumber);
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM persons WHERE phone LIKE '%' || $1 || '%' OR id_number LIKE '%' || $2 || '%'", Phone, IdNumber));
    }

    [Fact]
    public async Task Get_and_list_show_the_values_masked_with_the_rest_of_the_profile()
    {
        var (admin, _, id) = await PersonWithProfileAsync();

        var person = await ProfileSeed.ReadAsync(admin, $"/persons/{id}");
        var listed = Assert.Single((await PeopleApi.ListPersonsAsync(admin)).GetProperty("items").EnumerateArray());

        foreach (var view in new[] { person, listed })
        {
            Assert.Equal("138****1234", view.GetProperty("phone").GetString());
            Assert.Equal("5001**********1232", view.GetProperty("idNumber").GetString());
            Assert.Equal("男", view.GetProperty("gender").GetString());
            Assert.Equal("重庆大学教授", view.GetProperty("title").GetString());
            Assert.Equal(["教育", "经济"], view.GetProperty("expertiseTags").Strings());
        }
        // Reading masked values is not a read of personal data.
        Assert.DoesNotContain(Phone, await admin.GetStringAsync($"/persons/{id}"));
    }

    [Theory]
    [InlineData("tenant-admin")]
    [InlineData("director")]
    public async Task An_allowed_role_reads_the_full_values_and_the_read_is_audited(string role)
    {
        var (admin, tenant, id) = await PersonWithProfileAsync();
        var reader = factory.ClientFor(tenant, [role]);

        var response = await reader.GetAsync($"/persons/{id}/personal-data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        var data = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, data.GetProperty("id").GetGuid());
        Assert.Equal(Phone, data.GetProperty("phone").GetString());
        Assert.Equal(IdNumber, data.GetProperty("idNumber").GetString());

        var trail = (await ProfileSeed.ReadAsync(admin, "/admin/audit?action=personal-data-read")).GetProperty("items");
        var entry = Assert.Single(trail.EnumerateArray());
        Assert.Equal($"person/{id}", entry.GetProperty("resource").GetString());
        Assert.Equal("fields: phone,idNumber", entry.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("subject").GetString()));
        Assert.True(entry.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(1, await AuditCountAsync(tenant, "personal-data-read"));
    }

    [Fact]
    public async Task Each_read_writes_its_own_audit_entry_naming_only_the_fields_present()
    {
        var tenant = Tenants.New();
        var admin = factory.ClientFor(tenant);
        var id = (await PeopleApi.RegisterAsync(admin, "李华")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ProfileSeed.PutProfileAsync(admin, id, new { phone = Phone })).StatusCode);

        await admin.GetAsync($"/persons/{id}/personal-data");
        var second = await ProfileSeed.ReadAsync(admin, $"/persons/{id}/personal-data");

        Assert.False(second.TryGetProperty("idNumber", out _), "no ID number was given");
        Assert.Equal(2, await AuditCountAsync(tenant, "personal-data-read"));
        Assert.Equal(2, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'personal-data-read' AND outcome = 'fields: phone'", tenant));
    }

    [Theory]
    [InlineData("staff-editor")]
    [InlineData("leader")]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Other_roles_get_403_and_nothing_is_read_or_changed(string role)
    {
        var (_, tenant, id) = await PersonWithProfileAsync();
        var other = factory.ClientFor(tenant, [role]);
        var etag = (await other.GetAsync($"/persons/{id}")).Headers.ETag!;

        var read = await other.GetAsync($"/persons/{id}/personal-data");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/persons/{id}/profile") { Content = JsonContent.Create(new { phone = "13900001111" }) };
        put.Headers.IfMatch.Add(etag);
        var write = await other.SendAsync(put);

        var body = await read.Content.ReadAsStringAsync();
        Assert.Equal(403, (int)read.StatusCode);
        Assert.DoesNotContain(Phone, body);
        await write.ReadProblemAsync(403);
        Assert.Equal(0, await AuditCountAsync(tenant, "personal-data-read"));
        Assert.Equal(2, await AuditCountAsync(tenant, "access-denied"));
        Assert.Equal("138****1234", (await ProfileSeed.ReadAsync(other, $"/persons/{id}")).GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_partner_system_with_people_read_gets_403()
    {
        var (_, tenant, id) = await PersonWithProfileAsync();
        var partner = factory.ClientFor(tenant, ["partner"], scopes: ["people.read"]);

        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/persons/{id}")).StatusCode);
        await (await partner.GetAsync($"/persons/{id}/personal-data")).ReadProblemAsync(403);
        Assert.Equal(0, await AuditCountAsync(tenant, "personal-data-read"));
    }
}
