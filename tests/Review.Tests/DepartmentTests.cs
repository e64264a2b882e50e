using System.Net;
using System.Net.Http.Json;
using SheqingMinyi.Security;

using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>承办单位: the tenant's departments, kept by staff and announced for identity.</summary>
public sealed class DepartmentTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private readonly HandlingKit _kit = new(factory);

    private async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/departments/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Staff_create_rename_and_deactivate_departments_each_change_announced()
    {
        var tenant = ReviewKit.NewTenant();
        var staff = _kit.Staff(tenant);
        var created = await _kit.DepartmentAsync(tenant, "区民政局");
        await _kit.DepartmentAsync(tenant, "区卫生健康委");
        var duplicate = await ReviewKit.PostJsonAsync(staff, "/departments", new { name = "区民政局" });
        Assert.Equal("department-exists", (await duplicate.ReadProblemAsync(409)).GetProperty("code").GetString());

        var etag = (await staff.GetAsync($"/departments/{created.Id}")).Headers.ETag!.ToString();
        var renamed = await PutAsync(staff, created.Id, new { name = "区民政局（区老龄办）", active = false }, etag);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        await (await PutAsync(staff, created.Id, new { name = "区民政局", active = true }, etag)).ReadProblemAsync(412);

        var all = (await staff.GetFromJsonAsync<PageDto<DepartmentDto>>("/departments", ReviewKit.Json))!;
        Assert.Equal([("区卫生健康委", true), ("区民政局（区老龄办）", false)], all.Items.Select(d => (d.Name, d.Active)));
        Assert.Equal(["区卫生健康委"], (await staff.GetFromJsonAsync<PageDto<DepartmentDto>>("/departments?active=true", ReviewKit.Json))!.Items.Select(d => d.Name));
        var events = await TestDb.OutboxAsync(factory.ConnectionString, "tenant_id = $1 AND type = 'DepartmentChanged'", tenant);
        Assert.Equal([("区民政局", true, 1), ("区卫生健康委", true, 1), ("区民政局（区老龄办）", false, 2)], events
            .Select(e => System.Text.Json.JsonDocument.Parse(e.Payload).RootElement)
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("active").GetBoolean(), p.GetProperty("version").GetInt32())));
    }

    [Fact]
    public async Task Members_and_departments_do_not_keep_the_list_and_other_tenants_do_not_see_it()
    {
        var tenant = ReviewKit.NewTenant();
        var department = await _kit.DepartmentAsync(tenant);
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());

        await (await ReviewKit.PostJsonAsync(member, "/departments", new { name = "自设单位" })).ReadProblemAsync(403);
        await (await ReviewKit.PostJsonAsync(_kit.DepartmentClient(tenant, department.Id), "/departments", new { name = "自设单位" })).ReadProblemAsync(403);
        Assert.Single((await _kit.DepartmentClient(tenant, department.Id).GetFromJsonAsync<PageDto<DepartmentDto>>("/departments", ReviewKit.Json))!.Items);
        var other = _kit.Staff(ReviewKit.NewTenant());
        await (await other.GetAsync($"/departments/{department.Id}")).ReadProblemAsync(404);
        await (await PutAsync(other, department.Id, new { name = "改名", active = true }, "\"1\"")).ReadProblemAsync(404);
        Assert.Empty((await other.GetFromJsonAsync<PageDto<DepartmentDto>>("/departments", ReviewKit.Json))!.Items);
    }
}
