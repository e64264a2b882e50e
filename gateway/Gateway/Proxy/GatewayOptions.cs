namespace SheqingMinyi.Gateway.Proxy;

/// <summary>Configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of a file upload (<see cref="UploadPaths"/>): evidence scans up to 10 MB and rosters up to
    /// 5 MB, plus the multipart framing. The services check the file's own size; this only lets it through.</summary>
    public long MaxUploadBodyBytes { get; set; } = 11 * 1024 * 1024;

    /// <summary>The POST paths that take file uploads (exact, case-insensitive); every other request keeps the smaller limit.</summary>
    public string[] UploadPaths { get; set; } = ["/api/review/files", "/api/people/persons/import"];

    public long LimitFor(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && UploadPaths.Any(p => string.Equals(p, request.Path.Value?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            ? Math.Max(MaxUploadBodyBytes, MaxRequestBodyBytes)
            : MaxRequestBodyBytes;
}
