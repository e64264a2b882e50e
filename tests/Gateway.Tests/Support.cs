using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>The echo backend's answer, as the client reads it through the gateway.</summary>
public sealed record Echo(string Service, string Method, string Path, string? Query,
    Dictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static async Task<Echo> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200 from the echo backend, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<Echo>(text, JsonSerializerOptions.Web)!;
    }
}

/// <summary>A body of a given size sent without Content-Length (Transfer-Encoding: chunked), in small pieces.</summary>
public sealed class ChunkedContent(int length, int chunk = 256) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var piece = new byte[chunk];
        Array.Fill(piece, (byte)'a');
        for (var sent = 0; sent < length; sent += chunk)
        {
            await stream.WriteAsync(piece.AsMemory(0, Math.Min(chunk, length - sent)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

public static class Bodies
{
    /// <summary>A POST whose body of <paramref name="length"/> bytes goes chunked, without Content-Length.</summary>
    public static HttpRequestMessage ChunkedPost(string path, int length)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ChunkedContent(length) };
        request.Headers.TransferEncodingChunked = true; // else TestServer's client buffers it and adds Content-Length
        return request;
    }

    public static ByteArrayContent OfSize(int length) => new(Enumerable.Repeat((byte)'a', length).ToArray())
    {
        Headers = { ContentType = new("application/octet-stream") },
    };
}
