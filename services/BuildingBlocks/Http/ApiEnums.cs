using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>Enum values in query strings, spelt as the API writes them in JSON (kebab-case, e.g. not-adopted).</summary>
public static class ApiEnums
{
    public static bool TryParse<T>(string? value, out T? result) where T : struct, Enum
    {
        result = null;
        if (string.IsNullOrEmpty(value)) return true;
        try
        {
            result = JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value), JsonDefaults.Options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The value as the API writes it, e.g. OwnBody → own-body.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Allowed<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Select(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString())));
}
