using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>A representation read at a row version (PostgreSQL xmin); its ETag is that version, not a hash.</summary>
public interface IVersioned
{
    [JsonIgnore]
    uint Version { get; }
}

/// <summary>
/// Strong ETags: <c>"&lt;row version&gt;"</c> for versioned rows, else <c>"h&lt;hash of the JSON body&gt;"</c>. Single
/// resources carry one on GET (If-None-Match gives 304) and on the answers of changes (PUT, decisions).
/// </summary>
public static class ETags
{
    public static string FromVersion(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static string FromBody(object value)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), JsonDefaults.Options));
        return $"\"h{Convert.ToHexString(hash, 0, 16).ToLowerInvariant()}\"";
    }

    public static string For(object value) => value is IVersioned versioned ? FromVersion(versioned.Version) : FromBody(value);

    /// <summary>The row version a strong tag names, if it is one of ours ("123"); weak and hash tags name none.</summary>
    public static bool TryParseVersion(EntityTagHeaderValue tag, out uint version)
    {
        version = 0;
        var text = tag.Tag.Value;
        return !tag.IsWeak && text is { Length: > 2 } && uint.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>Adds the ETag to single-resource answers and answers a GET whose If-None-Match holds it with 304.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(ETagMetadata.Instance)
        .AddEndpointFilter(async (invocation, next) => Apply(invocation.HttpContext, await next(invocation)));

    /// <summary>Sets the ETag of a 200/201 value answer; a matching If-None-Match on a GET turns it into a 304.</summary>
    internal static object? Apply(HttpContext context, object? result)
    {
        if (ValueOf(result) is not { } value) return result;
        var etag = For(value);
        context.Response.Headers.ETag = etag;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            if (IfNoneMatchHolds(context.Request.Headers.IfNoneMatch, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return result;
    }

    private static object? ValueOf(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK or StatusCodes.Status201Created } and IValueHttpResult { Value: { } value }
            ? value : null;
    }

    /// <summary>If-None-Match uses the weak comparison: W/"x" and "x" both hold for "x", as does *.</summary>
    private static bool IfNoneMatchHolds(StringValues header, string etag)
    {
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList(header, out var tags)) return false;
        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}

/// <summary>Marks an endpoint whose answers carry an ETag.</summary>
public sealed class ETagMetadata
{
    public static readonly ETagMetadata Instance = new();
}
