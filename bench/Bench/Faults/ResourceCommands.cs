using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SheqingMinyi.Bench.Faults;

/// <summary>
/// Runs an AppHost resource command (resource-start, resource-stop, …) the way the dashboard does: one unary gRPC
/// call, <c>aspire.v1.DashboardService/ExecuteResourceCommand</c>, on the AppHost's resource service. A process we
/// killed must be started by the AppHost again, not by us: its proxied endpoints only come back with a start that
/// DCP makes. The two small messages are encoded by hand (protobuf strings and one enum), so the bench needs no
/// gRPC package; the resource service runs unsecured in local development (no API key).
/// </summary>
public sealed class ResourceCommands(Uri resourceService) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = resourceService, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(bool Succeeded, string? Message)> ExecuteAsync(string resource, string command, CancellationToken ct = default)
    {
        // ResourceCommandRequest { string command_name = 1; string resource_name = 2; }
        var message = new MemoryStream();
        WriteString(message, 1, command);
        WriteString(message, 2, resource);
        var frame = new byte[5 + message.Length];
        BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)message.Length)).CopyTo(frame, 1);
        message.ToArray().CopyTo(frame, 5);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/aspire.v1.DashboardService/ExecuteResourceCommand")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact, // h2c with prior knowledge, as gRPC wants
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var status = Header(response, "grpc-status");
        if (status is not null and not "0")
            return (false, $"grpc-status {status}: {Uri.UnescapeDataString(Header(response, "grpc-message") ?? "")}");
        // ResourceCommandResponse { kind = 1 (1 = succeeded); error_message = 2; message = 3 }
        var (kind, text) = ReadResponse(body.AsSpan(Math.Min(5, body.Length)));
        return (kind == 1, text);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : response.Headers.TryGetValues(name, out var h) ? h.First() : null;

    private static void WriteString(Stream stream, int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarint(stream, (ulong)(field << 3 | 2));
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            stream.WriteByte(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    private static (long Kind, string? Message) ReadResponse(ReadOnlySpan<byte> data)
    {
        long kind = 0;
        string? text = null;
        var i = 0;
        while (i < data.Length)
        {
            var key = ReadVarint(data, ref i);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            if (wire == 0) { var v = ReadVarint(data, ref i); if (field == 1) kind = (long)v; }
            else if (wire == 2)
            {
                var length = (int)ReadVarint(data, ref i);
                if (field is 2 or 3) text ??= Encoding.UTF8.GetString(data.Slice(i, length));
                i += length;
            }
            else break; // no other wire types in this message
        }
        return (kind, text);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; i < data.Length; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return value;
    }

    public void Dispose() => _http.Dispose();
}
