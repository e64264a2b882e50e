using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.Tests;

namespace SheqingMinyi.TrainingEvents.Tests;

/// <summary>培训材料 as files: staff upload (type- and size-checked), the tenant's people download, staff delete; other tenants see nothing.</summary>
public sealed class MaterialFileTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private static byte[] Pdf(int size = 2048)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < size; i++) bytes[i] = (byte)('a' + i % 26);
        return bytes;
    }

    private static MultipartFormDataContent Form(byte[] bytes, string contentType = "application/pdf", string fileName = "信息写作讲义.pdf", string? title = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent("sqmy-material-boundary") { { file, "file", fileName } };
        if (title is not null) form.Add(new StringContent(title), "title");
        return form;
    }

    private Task<long> StoredFilesAsync(string tenant) => TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM stored_files WHERE tenant_id = $1", tenant);

    /// <summary>跨租户材料: a guest registered for a shared event lists and downloads its file materials through the
    /// listing, and nothing else of the owner; a third tenant's person, not registered, gets 404.</summary>
    [Fact]
    public async Task A_registered_guest_downloads_the_shared_events_materials_and_nothing_else_of_the_owner()
    {
        var owner = Tenants.New();
        var staff = factory.ClientFor(owner);
        var plan = TrainingSteps.Lecture(title: "市政协开放讲座");
        plan["sharedWithOtherTenants"] = true;
        var (id, _) = await TrainingSteps.OpenedAsync(staff, plan);
        var privateEvent = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture(title: "机关内部培训"));
        var bytes = Pdf(3000);
        var shared = (await (await staff.PostAsync($"/events/{id}/materials", Form(bytes, title: "讲座课件"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetGuid();
        var other = (await (await staff.PostAsync($"/events/{privateEvent}/materials", Form(Pdf(), title: "内部材料"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetGuid();
        var guest = TrainingSteps.Member(factory, Tenants.New(), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Created, (await guest.PostAsJsonAsync($"/shared-events/{id}/registrations", new { })).StatusCode);
        var third = TrainingSteps.Member(factory, Tenants.New(), Guid.NewGuid());

        var listed = Assert.Single(await guest.GetFromJsonAsync<List<JsonElement>>($"/shared-events/{id}/materials") ?? []);
        var download = await guest.GetAsync($"/shared-events/{id}/materials/{shared}");

        Assert.Equal((shared, "讲座课件"), (listed.GetProperty("fileId").GetGuid(), listed.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'training.guest-material-downloaded'", owner));
        var refused = new[]
        {
            await guest.GetAsync($"/shared-events/{id}/materials/{other}"), // the owner's file of another event
            await guest.GetAsync($"/shared-events/{privateEvent}/materials/{other}"), // an event not shared
            await guest.GetAsync($"/events/{id}/materials/{shared}"), // the owner's own route
            await guest.GetAsync($"/files/{shared}"),
            await third.GetAsync($"/shared-events/{id}/materials"), // not registered
            await third.GetAsync($"/shared-events/{id}/materials/{shared}"),
        };
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(1L, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE tenant_id = $1 AND action = 'training.guest-material-downloaded'", owner));
    }

    [Fact]
    public async Task Staff_upload_a_material_the_tenants_people_download_it_and_staff_delete_it()
    {
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        var bytes = Pdf();

        var uploaded = await staff.PostAsync($"/events/{id}/materials", Form(bytes, title: "第一讲 课件"));

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var material = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var fileId = material.GetProperty("fileId").GetGuid();
        Assert.Equal(("第一讲 课件", "信息写作讲义.pdf", "application/pdf", 2048L), (material.GetProperty("title").GetString(), material.GetProperty("fileName").GetString(),
            material.GetProperty("contentType").GetString(), material.GetProperty("size").GetInt64()));
        var listed = Assert.Single((await TrainingApi.GetAsync(staff, id)).GetProperty("materialFiles").EnumerateArray());
        Assert.Equal(fileId, listed.GetProperty("fileId").GetGuid());

        var member = TrainingSteps.Member(factory, tenant, Guid.NewGuid());
        var download = await member.GetAsync($"/events/{id}/materials/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);

        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(member, id, fileId)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await DeleteAsync(staff, id, fileId, "\"999\"")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DeleteAsync(staff, id, fileId)).StatusCode);
        Assert.Empty((await TrainingApi.GetAsync(staff, id)).GetProperty("materialFiles").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/events/{id}/materials/{fileId}")).StatusCode);
        Assert.Equal(0L, await StoredFilesAsync(tenant));
        Assert.Equal("deleted", await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT outcome FROM audit_entries WHERE tenant_id = $1 AND action = 'training.material-deleted'", tenant));
    }

    // The theory data names the upload; its bytes are made in the test (xunit serialises theory data at discovery, and
    // a byte[] over the size limit costs gigabytes there).
    private static byte[] UploadOf(string name) => name switch
    {
        "oversize" => Pdf((int)FileStoreOptions.DefaultMaxBytes + 1),
        "executable" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00],
        "mismatch" => Pdf(),
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static TheoryData<string, string, int, string> Refusals() => new()
    {
        { "oversize", "application/pdf", 413, "file-too-large" },
        { "executable", "application/pdf", 400, "file-type-not-allowed" },
        { "mismatch", "image/png", 400, "file-type-mismatch" },
        { "empty", "application/pdf", 400, "file-empty" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_upload_is_refused_and_stores_nothing(string upload, string contentType, int status, string code)
    {
        var bytes = UploadOf(upload);
        var tenant = Tenants.New();
        var staff = factory.ClientFor(tenant);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        var version = (await TrainingApi.GetAsync(staff, id)).GetProperty("version").GetUInt32();

        var response = await staff.PostAsync($"/events/{id}/materials", Form(bytes, contentType));

        Assert.Equal(code, (await response.ReadProblemAsync(status)).GetProperty("code").GetString());
        Assert.Equal(0L, await StoredFilesAsync(tenant));
        var after = await TrainingApi.GetAsync(staff, id);
        Assert.Equal((version, 0), (after.GetProperty("version").GetUInt32(), after.GetProperty("materialFiles").GetArrayLength()));
    }

    [Fact]
    public async Task Another_tenant_can_neither_upload_download_nor_delete_a_material()
    {
        var (owner, other) = (Tenants.New(), Tenants.New());
        var staff = factory.ClientFor(owner);
        var id = await TrainingApi.ScheduleIdAsync(staff, TrainingSteps.Lecture());
        var fileId = (await (await staff.PostAsync($"/events/{id}/materials", Form(Pdf()))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetGuid();
        var intruder = factory.ClientFor(other);

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsync($"/events/{id}/materials", Form(Pdf()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/events/{id}/materials/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/files/{fileId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DeleteAsync(intruder, id, fileId, "\"2\"")).StatusCode);
        Assert.Equal(0L, await StoredFilesAsync(other));
        Assert.Equal(1L, await StoredFilesAsync(owner));
        Assert.Single((await TrainingApi.GetAsync(staff, id)).GetProperty("materialFiles").EnumerateArray());
    }

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, Guid id, Guid fileId, string? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/events/{id}/materials/{fileId}");
        request.Headers.TryAddWithoutValidation("If-Match", etag ?? (await client.GetAsync($"/events/{id}")).Headers.ETag?.ToString() ?? "\"0\"");
        return await client.SendAsync(request);
    }
}
