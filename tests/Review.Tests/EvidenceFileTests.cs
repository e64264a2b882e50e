using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Files;
using SheqingMinyi.Security;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

/// <summary>证明材料: PDF, JPEG and PNG files staff upload as evidence; bytes on disk, the row under row security.</summary>
public sealed class EvidenceFileTests(ReviewFactory factory) : IClassFixture<ReviewFactory>
{
    private Task<long> RowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM stored_files WHERE tenant_id = $1", tenant);

    /// <summary>The tenant's files on disk (its directory under the store's root).</summary>
    private int FilesOnDisk(string tenant)
    {
        var root = factory.Services.GetRequiredService<IOptions<FileStoreOptions>>().Value.RootDirectory;
        var dir = Path.Combine(root, tenant);
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Length : 0;
    }

    [Theory]
    [InlineData("application/pdf", "采用证明.pdf")]
    [InlineData("image/jpeg", "批示扫描件.jpg")]
    [InlineData("image/png", "批示截图.png")]
    public async Task An_accepted_file_is_stored_and_downloads_as_uploaded(string type, string name)
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var bytes = type switch { "application/pdf" => EvidenceKit.Pdf(5000), "image/jpeg" => EvidenceKit.Jpeg(5000), _ => EvidenceKit.Png(5000) };

        var response = await EvidenceKit.PostAsync(client, bytes, type, name);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<StoredFileDto>(response.Content, ReviewKit.Json))!;
        Assert.Equal((name, type, 5000L), (stored.FileName, stored.ContentType, stored.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.EndsWith($"files/{stored.Id}", response.Headers.Location!.ToString());
        Assert.Equal(1, await RowsAsync(tenant));
        Assert.Equal(1, FilesOnDisk(tenant));
        Assert.Equal(stored.Sha256, await TestDb.ScalarAsync<string>(factory.ConnectionString,
            "SELECT sha256 FROM stored_files WHERE id = $1 AND size = 5000 AND content_type = $2", stored.Id, type));

        var download = await client.GetAsync($"/files/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(type, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(name, download.Content.Headers.ContentDisposition!.FileNameStar);
        var etag = download.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/files/{stored.Id}");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    public static TheoryData<string, byte[], string?, int, string> Refusals() => new()
    {
        { "empty", [], "application/pdf", 400, "file-empty" },
        { "oversize", EvidenceKit.Pdf((int)FileStoreOptions.DefaultMaxBytes + 1), "application/pdf", 413, "file-too-large" },
        { "text named pdf", "这不是PDF文件"u8.ToArray(), "application/pdf", 400, "file-type-not-allowed" },
        { "gif", "GIF89a\x01\x00\x01\x00"u8.ToArray(), "image/gif", 400, "file-type-not-allowed" },
        { "png declared jpeg", EvidenceKit.Png(), "image/jpeg", 400, "file-type-mismatch" },
        { "pdf declared octet-stream", EvidenceKit.Pdf(), "application/octet-stream", 400, "file-type-mismatch" },
        { "no declared type", EvidenceKit.Pdf(), null, 400, "file-type-mismatch" },
    };

    [Theory]
    [MemberData(nameof(Refusals), DisableDiscoveryEnumeration = true)] // the 10 MB case would be serialised at every discovery (GBs of memory)
    public async Task A_refused_upload_is_a_problem_and_stores_nothing(string what, byte[] bytes, string? type, int status, string code)
    {
        var tenant = Tenants.New();

        var response = await EvidenceKit.PostAsync(factory.ClientFor(tenant), bytes, type);

        var problem = await response.ReadProblemAsync(status);
        Assert.True(code == problem.GetProperty("code").GetString(), what);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString());
        Assert.Equal(0, await RowsAsync(tenant));
        Assert.Equal(0, FilesOnDisk(tenant));
    }

    [Fact]
    public async Task A_form_without_the_file_field_is_a_400_and_no_form_at_all_a_415()
    {
        var client = factory.ClientFor(Tenants.New());
        var otherField = await client.PostAsync("/files", EvidenceKit.Form(EvidenceKit.Pdf(), "application/pdf", field: "document"));
        Assert.Equal("file-missing", (await otherField.ReadProblemAsync(400)).GetProperty("code").GetString());
        var json = await client.PostAsync("/files", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("unsupported-media-type", (await json.ReadProblemAsync(415)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_tenants_file_is_404_and_so_is_an_unknown_one()
    {
        var owner = Tenants.New();
        var stored = await EvidenceKit.UploadAsync(factory.ClientFor(owner));
        var other = factory.ClientFor(Tenants.New());

        Assert.Equal("not-found", (await (await other.GetAsync($"/files/{stored.Id}")).ReadProblemAsync(404)).GetProperty("code").GetString());
        await (await factory.ClientFor(owner).GetAsync($"/files/{Guid.NewGuid()}")).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Members_may_not_upload_or_download()
    {
        var tenant = Tenants.New();
        var stored = await EvidenceKit.UploadAsync(factory.ClientFor(tenant));
        var member = factory.ClientFor(tenant, [PlatformRoles.Member], Guid.NewGuid());

        await (await EvidenceKit.PostAsync(member, EvidenceKit.Pdf(), "application/pdf")).ReadProblemAsync(403);
        await (await member.GetAsync($"/files/{stored.Id}")).ReadProblemAsync(403);
        Assert.Equal(1, await RowsAsync(tenant));
    }

    [Fact]
    public async Task A_retried_upload_with_its_key_stores_one_file()
    {
        var tenant = Tenants.New();
        var client = factory.ClientWithToken(TestTokens.Create(tenant, clientId: "uploader-1"));
        var bytes = EvidenceKit.Png();
        var key = Guid.NewGuid().ToString();

        var first = await EvidenceKit.PostAsync(client, bytes, "image/png", "a.png", key);
        var retry = await EvidenceKit.PostAsync(client, bytes, "image/png", "a.png", key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await RowsAsync(tenant));
        Assert.Equal(1, FilesOnDisk(tenant));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\scans\\证明.pdf", "证明.pdf")]
    [InlineData("", "file.pdf")]
    public void An_uploaders_file_name_loses_its_path(string given, string kept) =>
        Assert.Equal(kept, FileUpload.CleanName(given, FileTypes.Pdf));
}
