using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Review.Tests;

public sealed record StoredFileDto(Guid Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>Evidence files as a client uploads them: small real-looking PDFs, JPEGs and PNGs, as multipart forms.</summary>
public static class EvidenceKit
{
    public static byte[] Pdf(int size = 2048) => Padded("%PDF-1.7\n%âãÏÓ\n"u8.ToArray(), size);
    public static byte[] Jpeg(int size = 2048) => Padded([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], size);
    public static byte[] Png(int size = 2048) => Padded([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size);

    private static byte[] Padded(byte[] head, int size)
    {
        var bytes = new byte[Math.Max(size, head.Length)];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static MultipartFormDataContent Form(byte[] bytes, string? contentType, string fileName = "全国政协采用证明.pdf", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        if (contentType is not null) file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        // A fixed boundary: a retry sends the very same bytes (the Idempotency-Key's fingerprint covers the body).
        return new MultipartFormDataContent("sqmy-evidence-boundary") { { file, field, fileName } };
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] bytes, string? contentType, string fileName = "全国政协采用证明.pdf",
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/files") { Content = Form(bytes, contentType, fileName) };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>Uploads a file that must be accepted; returns its description.</summary>
    public static async Task<StoredFileDto> UploadAsync(HttpClient client, byte[]? bytes = null, string contentType = "application/pdf")
    {
        var response = await PostAsync(client, bytes ?? Pdf(), contentType);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StoredFileDto>(ReviewKit.Json))!;
    }

}
